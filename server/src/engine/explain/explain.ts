/**
 * Explanations an official can read: one sentence per output, from a subject's trace and the pack's own
 * words ("综合评价得分 91.5 分，达到四星级标准（90 分以上、不足 96 分），定为四星级。依据：……").
 * Pure (pack + traced result in, text out): the server, the CLI and the admin UI all call it.
 */
import type { BandsRule, LadderRule, Pack, QuotaRule, Rule, SubjectResult, TraceEntry, WindowCountRule } from '../types';
import { conditionText, evaluateLogic, formulaText, ifSteps, namedValue, UNKNOWN, valueOfName, type Env } from './phrase';
import { formatNumber, i18n, isObj, nameLabel, quotaOfBlocked, ruleOf, unitOf, valueText, W, type Locale } from './words';
import { proposalOf, proposalText, proposedThing } from './proposal';

export type { Locale } from './words';

export interface ExplainOptions {
  locale: Locale;
  /** The period of the result ("2024-B3"): words for history windows. */
  period?: string;
  /** The other results of the period, with traces: names who shares a rank and how the tie was broken. */
  peers?: SubjectResult[];
  /** Parameter overrides of the run (a simulation), when the trace does not show a parameter. */
  parameters?: Record<string, unknown>;
}

interface Ctx {
  pack: Pack;
  locale: Locale;
  zh: boolean;
  trace: TraceEntry[];
  outputs: Record<string, unknown>;
  values: Record<string, unknown>;
  inputs: Record<string, unknown>;
  opts: ExplainOptions;
  subjectId: string;
}

function paramValue(ctx: Ctx, name: string): unknown {
  const ov = ctx.opts.parameters;
  if (ov && name in ov) return ov[name];
  if (ctx.pack.parameters[name]) return ctx.pack.parameters[name].value;
  const i = name.lastIndexOf('.');
  if (i > 0) {
    const base = paramValue(ctx, name.slice(0, i));
    const k = name.slice(i + 1);
    if (Array.isArray(base) && /^\d+$/.test(k)) return base[Number(k)];
  }
  return UNKNOWN;
}

function envOf(ctx: Ctx, e?: TraceEntry): Env {
  return {
    pack: ctx.pack,
    locale: ctx.locale,
    lookup(name: string) {
      for (const m of [e?.inputs, e?.parameters, e?.values]) if (m && name in m) return m[name];
      if (name in ctx.values) return ctx.values[name];
      if (name in ctx.inputs) return ctx.inputs[name];
      const p = paramValue(ctx, name);
      if (p !== UNKNOWN) return p;
      if (name === 'id') return ctx.subjectId;
      if (name === 'period' && ctx.opts.period) return ctx.opts.period;
      return UNKNOWN;
    },
  };
}

const lastEntry = (ctx: Ctx, name: string) => {
  for (let k = ctx.trace.length - 1; k >= 0; k--) if (ctx.trace[k].rule === name) return ctx.trace[k];
  return undefined;
};

/** "3 年", "2 个季度", "3 期". */
function countOf(ctx: Ctx, n: number): string {
  const k = ctx.pack.period;
  if (!ctx.zh) return `${n} ${W.en.period[k] ?? 'period'}${n === 1 ? '' : 's'}`;
  return k === 'quarter' ? `${n} 个季度` : k === 'bimonth' ? `${n} 期` : `${n} 年`;
}

function periodWord(ctx: Ctx): string {
  return W[ctx.locale].period[ctx.pack.period] ?? W[ctx.locale].period.year;
}

/** "综合评价得分 91.5 分（0.1 × 支部自评总分 90 分 + …）": a value, and how it was made when that adds something. */
function valueWithMaking(ctx: Ctx, name: string, depth = 0): string {
  const env = envOf(ctx);
  const head = namedValue(env, name, true);
  const r = ruleOf(ctx.pack, name);
  const e = lastEntry(ctx, name);
  if (!r || r.kind !== 'value' || !e || depth > 0) return head;
  const v = ctx.values[name];
  if (typeof v !== 'number') return head;
  const expr = r.expr;
  if (!isObj(expr) || 'var' in expr) return head;
  const op = Object.keys(expr)[0];
  if (op === 'if') return head;
  const inner = op === 'round' && Array.isArray(expr.round) ? expr.round[0] : expr;
  const f = formulaText(inner, envOf(ctx, e), true);
  return f && f.length < 220 ? `${head}（${f}）` : head;
}

/** The sentence, a full stop, and the cite of the rule: "…，定为四星级。依据：……". */
function finish(ctx: Ctx, body: string, c: string): string {
  const b = body.replace(/[，,;；\s]+$/, '');
  if (ctx.zh) return `${b}。${c ? `依据：${c}` : ''}`;
  return `${b}.${c ? ` Source: ${c}` : ''}`;
}

function cite(rule: { cite?: string } | undefined, extra?: string): string {
  const parts = [rule?.cite, extra && rule?.cite?.includes(extra.trim()) ? undefined : extra].filter((x): x is string => !!x && !!x.trim());
  return [...new Set(parts)].join(' ');
}

// ---------------------------------------------------------------- per rule kind

function bandsReason(ctx: Ctx, rule: BandsRule, e: TraceEntry, finalName: string): string {
  const zh = ctx.zh;
  const env = envOf(ctx, e);
  const fired = (isObj(e.fired) ? e.fired : {}) as { of?: unknown; band?: { from?: number | null; to?: number | null; value?: unknown } | null };
  const ofName = isObj(rule.of) && 'var' in rule.of && typeof rule.of.var === 'string' ? rule.of.var : null;
  const x = fired.of;
  const unit = ofName ? unitOf(ctx.pack, ofName, ctx.locale) : '';
  const u = (n: number) => (unit ? `${formatNumber(n)}${unit === '%' ? '' : ' '}${unit}` : `${formatNumber(n)}${zh ? ' ' : ''}`);
  let what: string;
  const taken = ifSteps(rule.of, env);
  if (ofName) what = valueWithMaking(ctx, ofName);
  else if (taken) {
    const b = taken.branch;
    const bn = isObj(b) && 'var' in b && typeof b.var === 'string' ? b.var : null;
    const shown = bn ? namedValue(env, bn, true) : typeof x === 'number' ? formatNumber(x) : formulaText(b, env, true);
    what = [...taken.steps.slice(-2), zh ? `取${/^[-\d]/.test(shown) ? ' ' : ''}${shown}` : `so ${shown}`].join(zh ? '，' : ', ');
  } else {
    const f = formulaText(rule.of, env, true);
    what = typeof x === 'number' ? `${f} = ${formatNumber(x)}` : f;
  }
  const band = fired.band;
  const vText = valueText(ctx.pack, finalName, e.value, ctx.locale);
  if (band) {
    const from = band.from ?? null;
    const to = band.to ?? null;
    const range: string[] = [];
    if (from !== null) range.push(zh ? `${u(from)}以上` : `${u(from)} or more`);
    if (to !== null) range.push(zh ? `不足 ${u(to).trim()}` : `under ${u(to)}`);
    const labelled = typeof e.value !== 'number' || !!ctx.pack.valueLabels?.[finalName]?.[String(e.value)];
    if (!labelled) return zh ? `${what}，在 ${range.join('、')} 的区间` : `${what} is in the band ${range.join(', ')}`;
    return zh ? `${what}，达到${vText}标准（${range.join('、')}）` : `${what} meets the ${vText} band (${range.join(', ')})`;
  }
  // below every band: the lowest bound
  const bounds = lowestBound(ctx, rule);
  if (bounds !== null) return zh ? `${what}，不足最低标准 ${u(bounds).trim()}` : `${what} is under the lowest bound ${u(bounds)}`;
  return zh ? `${what}，不在任何档次内` : `${what} is in no band`;
}

function lowestBound(ctx: Ctx, rule: BandsRule): number | null {
  if (rule.ranges) {
    const froms = rule.ranges.map((r) => r.from).filter((f): f is number => f !== null);
    return froms.length ? Math.min(...froms) : null;
  }
  const b = Array.isArray(rule.bounds) ? rule.bounds : rule.bounds ? paramValue(ctx, rule.bounds.$param) : null;
  return Array.isArray(b) && typeof b[0] === 'number' ? b[0] : null;
}

function ladderReason(ctx: Ctx, rule: LadderRule, e: TraceEntry, finalName: string): string {
  const zh = ctx.zh;
  const env = envOf(ctx, e);
  const fired = (isObj(e.fired) ? e.fired : {}) as { level?: unknown; nextLevelFailed?: { level: unknown; failedChecks: string[] } | null };
  const parts: string[] = [];
  const reached = rule.levels.find((l) => l.value === e.value);
  if (reached) parts.push(zh ? `${levelLabel(ctx, rule, finalName, reached.value)}及以下各级条件全部满足` : `every condition up to ${levelLabel(ctx, rule, finalName, reached.value)} holds`);
  const failed = fired.nextLevelFailed;
  if (failed) {
    const level = rule.levels.find((l) => l.value === failed.level);
    const names = failed.failedChecks.map((id) => {
      const c = level?.checks.find((k) => k.id === id);
      if (!c) return id;
      const l = i18n(c.label, ctx.locale);
      const why = conditionText(c.expr, env, false);
      return l ? (zh ? `“${l}”未满足（${why}）` : `"${l}" fails (${why})`) : why;
    });
    parts.push(zh ? `${levelLabel(ctx, rule, finalName, failed.level)}的条件中${names.join('；')}` : `for ${levelLabel(ctx, rule, finalName, failed.level)}: ${names.join('; ')}`);
  } else if (reached) parts.push(zh ? '已达最高等级' : 'the highest level is reached');
  return parts.join(zh ? '；' : '; ');
}

function levelLabel(ctx: Ctx, rule: LadderRule, name: string, v: unknown): string {
  const l = rule.levels.find((x) => x.value === v)?.label;
  return l ? i18n(l, ctx.locale) : valueText(ctx.pack, name, v, ctx.locale);
}

function vetoReason(ctx: Ctx, veto: Extract<Rule, { kind: 'veto' }>, e: TraceEntry, fired: boolean): string {
  return conditionText(veto.when, envOf(ctx, e), fired);
}

function rankReason(ctx: Ctx, rule: Extract<Rule, { kind: 'rank' }>, e: TraceEntry): string {
  const zh = ctx.zh;
  const fired = (isObj(e.fired) ? e.fired : {}) as { method?: string; group?: unknown; of?: number; by?: string[] };
  const env = envOf(ctx, e);
  const subject = i18n(ctx.pack.subject.label, ctx.locale);
  const keyText = (j: number) => formulaText(rule.by[j].expr, env, false);
  const myKeys = rule.by.map((b) => evaluateLogic(b.expr, env));
  const dir = (j: number) => (rule.by[j].order === 'desc' ? (zh ? '从高到低' : 'highest first') : zh ? '从低到高' : 'lowest first');
  const first = isObj(rule.by[0].expr) && 'var' in rule.by[0].expr ? namedValue(env, String(rule.by[0].expr.var), true) : `${keyText(0)} ${myKeys[0] === UNKNOWN ? '' : valueOfName(env, '', myKeys[0])}`;
  const group = fired.group !== null && fired.group !== undefined ? (zh ? `${rule.groupBy ? formulaText(rule.groupBy, env, false) : ''}“${valueOfName(env, isObj(rule.groupBy) && 'var' in rule.groupBy ? String(rule.groupBy.var) : '', fired.group).replace(/^“(.*)”$/, '$1')}”内` : ` within ${String(fired.group)}`) : '';
  let s = zh
    ? `${first}，按${keyText(0)}${dir(0)}，在${group ? `${group}的` : ''} ${fired.of ?? '?'} 个${subject}中排第 ${formatNumber(Number(e.value))} 名`
    : `${first}; ranked by ${keyText(0)} (${dir(0)}), ${ordinal(Number(e.value))} of ${fired.of ?? '?'}${group}`;
  // ties: the other subjects of the group with the same first key
  const peers = (ctx.opts.peers ?? []).filter((p) => p.id !== ctx.subjectId);
  const ties: { id: string; keys: unknown[]; rank: unknown }[] = [];
  for (const p of peers) {
    const pe = p.trace?.find((t) => t.rule === rule.name);
    if (!pe || !isObj(pe.fired) || JSON.stringify(pe.fired.group) !== JSON.stringify(fired.group ?? null)) continue;
    const pk = Object.values(pe.values ?? {});
    if (pk.length && pk[0] === myKeys[0]) ties.push({ id: p.id, keys: pk, rank: pe.value });
  }
  if (ties.length) {
    const ids = ties.map((t) => t.id).join(zh ? '、' : ', ');
    const fullTie = ties.filter((t) => t.keys.every((k, j) => k === myKeys[j]));
    if (rule.method !== 'ordinal' && fullTie.length === ties.length && rule.by.length === 1) {
      s += zh ? `，与 ${ids} 并列` : `, tied with ${ids}`;
    } else if (rule.by.length > 1 && fullTie.length < ties.length) {
      const fullIds = fullTie.map((t) => t.id).join(zh ? '、' : ', ');
      const k2n = isObj(rule.by[1].expr) && 'var' in rule.by[1].expr ? String(rule.by[1].expr.var) : '';
      const v2 = (v: unknown) => (k2n ? valueOfName(env, k2n, v) : formatNumber(Number(v)));
      const mine = myKeys[1] === UNKNOWN ? '' : v2(myKeys[1]);
      const theirs = ties.map((t) => `${t.id} ${v2(t.keys[1])}`).join(zh ? '，' : ', ');
      s += zh
        ? `；${keyText(0)}与 ${ids} 相同，再按${keyText(1)}${dir(1)}排定（本${subject} ${mine}；${theirs}）`
        : `; ${keyText(0)} ties with ${ids}, broken by ${keyText(1)} (${dir(1)}): ${mine} here; ${theirs}`;
      if (fullTie.length) s += zh ? `；与 ${fullIds} ${rule.by.length > 2 ? '各项' : '两项'}都相同，按编号顺序排定` : `; fully tied with ${fullIds}, ordered by id`;
    } else {
      s += zh ? `；与 ${ids} 完全相同，按编号顺序排定` : `; fully tied with ${ids}, ordered by id`;
    }
  }
  return s;
}

function ordinal(n: number): string {
  const s = ['th', 'st', 'nd', 'rd'];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
}

function quotaReason(ctx: Ctx, rule: QuotaRule, e: TraceEntry): { text: string; cite?: string } {
  const zh = ctx.zh;
  const f = (isObj(e.fired) ? e.fired : {}) as {
    candidate?: boolean; granted?: boolean; position?: number;
    quotas?: { quota: string; bucket: unknown; used: number; limit: number }[];
    refusedBy?: { quota: string; bucket: unknown; used: number; limit: number } | null;
  };
  const env = envOf(ctx, e);
  const qLabel = (id: string) => i18n(rule.quotas.find((q) => q.id === id)?.label, ctx.locale) || (zh ? '名额' : id);
  const bucket = (b: unknown) => (b === null || b === undefined ? '' : zh ? `（${String(b)}）` : ` (${String(b)})`);
  if (f.candidate === false) {
    const why = conditionText(rule.candidate, env, false);
    return { text: zh ? `${why}，不在授予候选之列` : `${why}, so not a candidate` };
  }
  const pos = zh ? `按优先顺序排第 ${f.position} 位` : `${ordinal(Number(f.position))} in order of precedence`;
  if (f.granted) {
    const qs = (f.quotas ?? []).map((q) =>
      zh ? `${qLabel(q.quota)}${bucket(q.bucket)}名额 ${formatNumber(q.limit)} 个，授予后已用 ${formatNumber(q.used)} 个、尚余 ${formatNumber(q.limit - q.used)} 个` : `${qLabel(q.quota)}${bucket(q.bucket)}: ${formatNumber(q.limit)} places, ${formatNumber(q.used)} used with this one, ${formatNumber(q.limit - q.used)} left`,
    );
    return { text: qs.length ? `${pos}${zh ? '，' : '; '}${qs.join(zh ? '；' : '; ')}` : `${pos}${zh ? '，不受名额限制' : ', no quota applies'}` };
  }
  const r = f.refusedBy!;
  const q = rule.quotas.find((x) => x.id === r.quota);
  return {
    text: zh
      ? `${pos}，${qLabel(r.quota)}${bucket(r.bucket)}名额 ${formatNumber(r.limit)} 个已用满（已用 ${formatNumber(r.used)} 个，尚余 0 个），名额不足`
      : `${pos}; ${qLabel(r.quota)}${bucket(r.bucket)} has ${formatNumber(r.limit)} places, all ${formatNumber(r.used)} used, none left`,
    cite: q?.cite,
  };
}

function whenPhrase(ctx: Ctx, when: unknown, e: TraceEntry): { label: string | null } {
  if (isObj(when) && 'var' in when && typeof when.var === 'string') {
    const r = ruleOf(ctx.pack, when.var);
    if (r) return { label: nameLabel(ctx.pack, when.var, ctx.locale) };
  }
  void e;
  return { label: null };
}

function historyReason(ctx: Ctx, rule: Rule, e: TraceEntry): string {
  const zh = ctx.zh;
  const env = envOf(ctx, e);
  const unit = periodWord(ctx);
  const f = (isObj(e.fired) ? e.fired : {}) as Record<string, unknown>;
  const periods = Array.isArray(f.periods) ? [...(f.periods as string[])].sort() : [];
  const list = periods.join(zh ? '、' : ', ');
  const n = Number(e.value);
  if (rule.kind === 'consecutive') {
    const { label } = whenPhrase(ctx, rule.when, e);
    const now = n > 0;
    const cond = label ?? conditionText(rule.when, env, now);
    if (!now) return zh ? `本${unit}${label ? `不是“${label}”` : `：${cond}`}，连续计数为 0` : `not so this ${unit} (${cond}), so the run is 0`;
    return zh ? `${label ? `“${label}”` : cond}，已连续 ${countOf(ctx, n)}（${list}）` : `${cond}: ${countOf(ctx, n)} in a row (${list})`;
  }
  if (rule.kind === 'windowCount') {
    const wr = rule as WindowCountRule;
    const { label } = whenPhrase(ctx, wr.when, e);
    const holds = periods.includes(String(ctx.opts.period ?? ''));
    const cond = label ?? conditionText(wr.when, env, holds || periods.length > 0);
    const win = 'calendarYear' in wr.window ? (zh ? '本年度' : 'this year') : zh ? `近 ${Array.isArray(f.window) ? `${(f.window as string[]).join('至')} ` : ''}各${unit}` : `in the window ${Array.isArray(f.window) ? (f.window as string[]).join('–') : ''}`;
    const nowHolds = ctx.opts.period ? holds : n > 0;
    if (nowHolds) return zh ? `${win}第 ${n} 次${label ? label : `满足条件（${cond}）`}（${list}）` : `${label ?? cond} for the ${ordinal(n)} time ${win} (${list})`;
    return zh ? `${win}共 ${n} 次${label ? label : `满足条件`}${list ? `（${list}）` : ''}，本${unit}不是` : `${n} ${n === 1 ? 'time' : 'times'} ${win}${list ? ` (${list})` : ''}, not this ${unit}`;
  }
  if (rule.kind === 'previous') {
    const p = String(f.period ?? '');
    const of = nameLabel(ctx.pack, rule.of, ctx.locale);
    if (!f.found) return zh ? `上一${unit}（${p}）没有${of}${of.endsWith('结果') ? '' : '结果'}` : `no result for the previous ${unit} (${p})`;
    return zh ? `上一${unit}（${p}）${of}为${valueText(ctx.pack, rule.of, e.value, ctx.locale)}` : `${of} in the previous ${unit} (${p}) was ${valueText(ctx.pack, rule.of, e.value, ctx.locale)}`;
  }
  if (rule.kind === 'movement') {
    const p = String(f.period ?? '');
    const of = nameLabel(ctx.pack, rule.of, ctx.locale);
    const now = valueText(ctx.pack, rule.of, e.values?.[rule.of] ?? ctx.values[rule.of], ctx.locale);
    if (f.previous === null || f.previous === undefined) return zh ? `上一${unit}（${p}）没有${of}${of.endsWith('结果') ? '' : '结果'}，本${unit}为${now}` : `no ${of} in the previous ${unit} (${p}); now ${now}`;
    const before = valueText(ctx.pack, rule.of, f.previous, ctx.locale);
    return zh ? `${of}由上一${unit}（${p}）的${before}变为${now}` : `${of} went from ${before} (${p}) to ${now}`;
  }
  if (rule.kind === 'escalation') {
    const made = Array.isArray(f.extraAwards) ? (f.extraAwards as { level: number; date: string }[]) : [];
    if (!made.length) return zh ? '本年度未追加嘉奖' : 'no extra award this year';
    const award = (m: { level: number }) => (zh ? `追加${['', '一', '二', '三'][m.level] ?? formatNumber(m.level)}级嘉奖` : `extra level-${m.level} award`);
    const decider = (m: { level: number }) => rule.steps.find((st) => st.to === m.level)?.decidedBy ?? rule.decidedBy;
    if (made.some(decider)) return made.map((m) => { const d = decider(m); return d ? `${proposalText(award(m), d, ctx.locale)}${zh ? `（${m.date}）` : ` (${m.date})`}` : zh ? `${m.date} ${award(m)}` : `${award(m)} on ${m.date}`; }).join(zh ? '；' : '; ');
    return made.map((m) => (zh ? `${m.date} ${award(m)}` : `${award(m)} on ${m.date}`)).join(zh ? '；' : '; ');
  }
  return '';
}

/** Why a value rule has its value: the branch of an `if` taken, a condition in words, or the formula with values. */
function valueReason(ctx: Ctx, rule: Extract<Rule, { kind: 'value' }>, e: TraceEntry): { text: string; formula: boolean } {
  const zh = ctx.zh;
  const env = envOf(ctx, e);
  const v = e.value;
  const expr = rule.expr;
  const op = isObj(expr) ? Object.keys(expr)[0] : '';
  if (op === 'if' || op === '?:') {
    const taken = ifSteps(expr, env);
    if (!taken) return { text: formulaText(expr, env, true), formula: true };
    const branch = taken.branch;
    let tail = '';
    if (typeof v === 'boolean' && isObj(branch)) tail = conditionText(branch, env, v);
    else if (isObj(branch) && !('var' in branch)) tail = typeof v === 'number' ? (zh ? `按${formulaText(branch, env, true).replace(/([\dA-Za-z)）])$/, '$1 ')}计算` : `computed as ${formulaText(branch, env, true)}`) : '';
    else if (isObj(branch) && 'var' in branch && typeof branch.var === 'string' && typeof v === 'number') tail = zh ? `取${namedValue(env, branch.var, true)}` : `so ${namedValue(env, branch.var, true)}`;
    return { text: [...taken.steps.slice(-3), tail].filter(Boolean).join(zh ? '；' : '; '), formula: false };
  }
  if (typeof v === 'boolean') return { text: conditionText(expr, env, v), formula: false };
  if (isObj(expr) && 'var' in expr) return { text: '', formula: false };
  if (!isObj(expr)) return { text: '', formula: false };
  return { text: formulaText(expr, env, true), formula: true };
}

// ---------------------------------------------------------------- one output

function explainOutput(ctx: Ctx, name: string): string {
  const zh = ctx.zh;
  const label = nameLabel(ctx.pack, name, ctx.locale);
  const final = ctx.outputs[name];
  const vText = valueText(ctx.pack, name, final, ctx.locale);
  // a value the document leaves to someone's decision: "建议撤职，待矿党委批准"
  const by = proposalOf(ctx.pack, name, final, ctx.outputs);
  const proposal = by ? proposalText(proposedThing(ctx.pack, name, final, ctx.locale), by, ctx.locale) : null;
  const said = (reason: string, r?: { cite?: string }, extraCite?: string) => {
    const c = cite(r, extraCite);
    const verdict = proposal ?? `${label}${zh ? '：' : ': '}${vText}`;
    const body = reason ? `${reason}${zh ? '，' : '; '}${verdict}` : verdict;
    return finish(ctx, body, c);
  };

  const q = quotaOfBlocked(ctx.pack, name);
  if (q) {
    const e = lastEntry(ctx, q.name);
    if (!e) return said('', q);
    const r = quotaReason(ctx, q, e);
    return said(r.text, q, r.cite);
  }
  const rule = ruleOf(ctx.pack, name);
  const e = lastEntry(ctx, name);
  if (!rule || !e) return said('', rule);

  // a veto of this output that fired: the value it would have had, then the veto
  const vetoEntry = ctx.trace.find((t) => t.kind === 'veto' && isObj(t.fired) && t.fired.target === name);
  const veto = vetoEntry ? (ruleOf(ctx.pack, vetoEntry.rule) as Extract<Rule, { kind: 'veto' }>) : undefined;

  let reason = '';
  let grade = false;
  switch (rule.kind) {
    case 'bands':
      reason = bandsReason(ctx, rule, e, name);
      grade = true;
      break;
    case 'ladder':
      reason = ladderReason(ctx, rule, e, name);
      grade = true;
      break;
    case 'veto': {
      const fired = !!e.value;
      const why = vetoReason(ctx, rule, e, fired);
      const f = isObj(e.fired) ? (e.fired as { target: string; from: unknown; to: unknown }) : null;
      if (fired && f) {
        const tl = nameLabel(ctx.pack, f.target, ctx.locale);
        const change = f.from === f.to ? '' : zh ? `，${tl}由${valueText(ctx.pack, f.target, f.from, ctx.locale)}改为${valueText(ctx.pack, f.target, f.to, ctx.locale)}` : `; ${tl} goes from ${valueText(ctx.pack, f.target, f.from, ctx.locale)} to ${valueText(ctx.pack, f.target, f.to, ctx.locale)}`;
        reason = zh ? `${why}，一票否决${change}` : `${why}: vetoed${change}`;
      } else reason = zh ? `${why}，未触发一票否决` : `${why}: no veto`;
      return finish(ctx, reason, cite(rule));
    }
    case 'value': {
      const r = valueReason(ctx, rule, e);
      if (r.formula && typeof final === 'number') {
        return finish(ctx, `${label} ${vText} = ${r.text}`, cite(rule));
      }
      reason = r.text;
      break;
    }
    case 'rank':
      if (e.value === null) reason = zh ? '不参加排名' : 'not ranked';
      else reason = rankReason(ctx, rule, e);
      break;
    case 'group': {
      const f = (isObj(e.fired) ? e.fired : {}) as { group?: unknown; members?: number };
      reason = zh ? `${f.group !== null && f.group !== undefined ? `“${valueOfName(envOf(ctx, e), isObj(rule.groupBy) && 'var' in rule.groupBy ? String(rule.groupBy.var) : '', f.group)}”` : '全部'}共 ${f.members ?? '?'} 个${i18n(ctx.pack.subject.label, ctx.locale)}` : `${f.members ?? '?'} in ${f.group ?? 'all'}`;
      break;
    }
    case 'quota':
      reason = quotaReason(ctx, rule, e).text;
      break;
    default:
      reason = historyReason(ctx, rule, e);
  }

  if (veto && vetoEntry) {
    const why = vetoReason(ctx, veto, vetoEntry, true);
    const c = cite(rule, veto.cite);
    const verdict = proposal ?? (zh ? `${label}定为${vText}` : `${label} is ${vText}`);
    const body = zh ? `${reason}，但${why}，一票否决，${verdict}` : `${reason}, but ${why}: vetoed, ${verdict}`;
    return finish(ctx, body, c);
  }
  if (grade) {
    const c = cite(rule);
    const body = proposal ? `${reason}${zh ? '，' : '; '}${proposal}` : zh ? `${reason}，${label}定为${vText}` : `${reason}, so ${label} is ${vText}`;
    return finish(ctx, body, c);
  }
  return said(reason, rule);
}

function contextOf(pack: Pack, result: SubjectResult, opts: ExplainOptions): Ctx {
  const trace = result.trace ?? [];
  const values: Record<string, unknown> = {};
  const inputs: Record<string, unknown> = {};
  for (const t of trace) {
    values[t.rule] = t.value;
    if (t.kind === 'veto' && isObj(t.fired) && typeof t.fired.target === 'string') values[t.fired.target] = t.fired.to;
    if (t.inputs) Object.assign(inputs, t.inputs);
  }
  Object.assign(values, result.outputs);
  return { pack, locale: opts.locale, zh: opts.locale !== 'en', trace, outputs: { ...values, ...result.outputs }, values, inputs, opts, subjectId: result.id };
}

/** The sentence for any rule value of a traced result (an output or an intermediate value such as an escalation). */
export function explainName(pack: Pack, result: SubjectResult, name: string, opts: ExplainOptions): string {
  return explainOutput(contextOf(pack, result, opts), name);
}

/** One sentence per output of a traced subject result, in the pack's words. */
export function explainSubject(pack: Pack, result: SubjectResult, opts: ExplainOptions): Record<string, string> {
  const ctx = contextOf(pack, result, opts);
  const out: Record<string, string> = {};
  for (const name of pack.outputs) {
    if (!(name in result.outputs)) continue;
    try {
      out[name] = explainOutput(ctx, name);
    } catch {
      out[name] = `${nameLabel(pack, name, opts.locale)}${opts.locale === 'en' ? ': ' : '：'}${valueText(pack, name, result.outputs[name], opts.locale)}${opts.locale === 'en' ? '.' : '。'}`;
    }
  }
  return out;
}

/** Explanations for every result of an output envelope with traces (results must have been evaluated with trace on). */
export function explainEnvelope<T extends { periods: { period: string; results: SubjectResult[] }[] }>(pack: Pack, out: T, locale: Locale): Map<SubjectResult, Record<string, string>> {
  const m = new Map<SubjectResult, Record<string, string>>();
  for (const p of out.periods) for (const r of p.results) m.set(r, explainSubject(pack, r, { locale, period: p.period, peers: p.results }));
  return m;
}

/**
 * Adds `explanation` (output → sentence) to every result of an output envelope evaluated with trace on;
 * drops the traces again unless `keepTrace`. Returns the same envelope.
 */
export function attachExplanations<T extends { periods: { period: string; results: (SubjectResult & { explanation?: Record<string, string> })[] }[] }>(
  pack: Pack,
  out: T,
  locale: Locale,
  keepTrace: boolean,
): T {
  for (const p of out.periods) {
    const ex = p.results.map((r) => explainSubject(pack, r, { locale, period: p.period, peers: p.results }));
    p.results.forEach((r, i) => {
      r.explanation = ex[i];
      if (!keepTrace) delete r.trace;
    });
  }
  return out;
}

/** The locale of an `explain` query value: "zh-CN" / "zh" / "1" / "true" → zh-CN, "en" → en, absent → null. */
export function explainLocale(q: unknown): Locale | null {
  if (q === undefined || q === null || q === '' || q === 'false' || q === '0') return null;
  return q === 'en' ? 'en' : 'zh-CN';
}
