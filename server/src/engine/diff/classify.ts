import { canonicalJson } from '../canonical';
import { ptr } from '../errors';
import { printFormula } from '../formula/print';
import type { I18nText, Pack, Rule, SummaryRule } from '../types';
import { compareVersions, nextVersion, versionSatisfies, type ChangeLevel } from './semver';
import { localRange } from '../compile/local';

export type { ChangeLevel };
export { compareVersions, nextVersion, versionSatisfies };

/** One change between two versions of a pack, in the users' words, with the bump it needs. */
export interface PackChange {
  level: ChangeLevel;
  /** What changed, e.g. `input.removed`, `parameter.value`, `rule.threshold`. */
  kind: string;
  /** Where: a JSON Pointer into the new document, or into the old one for things that are gone. */
  pointer: string;
  message: I18nText;
}

const RANK: Record<ChangeLevel | 'none', number> = { none: 0, patch: 1, minor: 2, major: 3 };
const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);
const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A short reading of a value: numbers and text as they are, 是/否, arrays compact ([70,80,90]). */
function show(v: unknown, lang: 'zh' | 'en'): string {
  if (v === undefined) return lang === 'zh' ? '无' : 'none';
  if (v === null) return lang === 'zh' ? '空' : 'null';
  if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (isObj(v) && typeof v.$param === 'string' && Object.keys(v).length === 1) return lang === 'zh' ? `参数 ${v.$param}` : `parameter ${v.$param}`;
  return JSON.stringify(v);
}

/** The zh-CN and English names of a JSON Schema title ("政治素质 / Political quality", or just "组织建设"). */
function titleNames(title: unknown, fallback: string): { zh: string; en: string } {
  if (typeof title !== 'string' || !title.trim()) return { zh: fallback, en: fallback };
  const at = title.indexOf(' / ');
  if (at < 0) return { zh: title.trim(), en: /[^\x00-\x7f]/.test(title) ? fallback : title.trim() };
  return { zh: title.slice(0, at).trim() || fallback, en: title.slice(at + 3).trim() || fallback };
}

function labelNames(label: unknown, fallback: string): { zh: string; en: string } {
  const text = (x: unknown) => (typeof x === 'string' && x.trim() ? x : undefined);
  const l: Record<string, unknown> = isObj(label) ? label : {};
  return { zh: text(l['zh-CN']) ?? text(l.en) ?? fallback, en: text(l.en) ?? fallback };
}

class Changes {
  readonly list: PackChange[] = [];
  add(level: ChangeLevel, kind: string, pointer: string, zh: string, en: string): void {
    this.list.push({ level, kind, pointer, message: { 'zh-CN': zh, en } });
  }
  /** "X a → b" in both languages. */
  move(level: ChangeLevel, kind: string, pointer: string, zhHead: string, enHead: string, from: unknown, to: unknown): void {
    this.add(level, kind, pointer, `${zhHead} ${show(from, 'zh')} → ${show(to, 'zh')}`, `${enHead} ${show(from, 'en')} → ${show(to, 'en')}`);
  }
}

/** What changed from the newest published version `prev` to the draft `next`, each change in Chinese words, and the least version bump it needs. */
export function classifyChanges(prevDoc: Pack, nextDoc: Pack): { level: ChangeLevel | 'none'; changes: PackChange[] } {
  // a draft may be invalid (the changes are shown while editing): read only the parts of the shape that hold
  const prev = readable(prevDoc);
  const next = readable(nextDoc);
  const c = new Changes();
  inputChanges(c, prev, next);
  parameterChanges(c, prev, next);
  outputChanges(c, prev, next);
  ruleChanges(c, prev, next);
  summaryChanges(c, prev, next);
  packChanges(c, prev, next);
  const level = c.list.reduce<ChangeLevel | 'none'>((l, x) => (RANK[x.level] > RANK[l] ? x.level : l), 'none');
  return { level, changes: c.list };
}

/** The document with lists that are lists and named items that are objects, whatever the draft holds. */
function readable(doc: Pack): Pack {
  const d: Record<string, any> = isObj(doc) ? doc : {};
  const items = (x: unknown) => (Array.isArray(x) ? x.filter((r) => isObj(r) && typeof r.name === 'string') : []);
  const params = isObj(d.parameters) ? Object.fromEntries(Object.entries(d.parameters).filter(([, v]) => isObj(v))) : {};
  return {
    ...d,
    input: isObj(d.input) ? d.input : {},
    parameters: params,
    rules: items(d.rules),
    outputs: Array.isArray(d.outputs) ? d.outputs.filter((o: unknown) => typeof o === 'string') : [],
    summary: items(d.summary),
    tests: items(d.tests),
  } as Pack;
}

// ---------------------------------------------------------------- inputs

interface Field {
  key: string;
  parent: string | null;
  pointer: string;
  name: string;
  zh: string;
  en: string;
  required: boolean;
  schema: Record<string, any>;
}

const TYPE_WORDS: Record<string, [string, string]> = {
  number: ['数值', 'number'],
  integer: ['整数', 'integer'],
  boolean: ['是否', 'yes/no'],
  string: ['文本', 'text'],
  array: ['列表', 'list'],
  object: ['分组', 'group'],
  enum: ['选项', 'choice'],
  null: ['空', 'null'],
};

function typeOf(schema: Record<string, any>): string {
  if (Array.isArray(schema.enum)) return 'enum';
  if (Array.isArray(schema.type)) return [...schema.type].sort().join('|');
  return typeof schema.type === 'string' ? schema.type : 'any';
}

const typeWord = (t: string, lang: 0 | 1) =>
  t
    .split('|')
    .map((x) => TYPE_WORDS[x]?.[lang] ?? x)
    .join(lang === 0 ? '或' : ' or ');

/** Every field of an input schema, nested objects and the rows of arrays included, by a dotted key (`peers[].duty`). */
function fieldsOf(schema: unknown): Map<string, Field> {
  const out = new Map<string, Field>();
  const walk = (s: Record<string, any>, at: string, key: string | null, names: { zh: string[]; en: string[] }) => {
    let holder = s;
    let holderAt = at;
    if (s.type === 'array' && isObj(s.items)) {
      holder = s.items;
      holderAt = `${at}/items`;
    }
    if (!isObj(holder.properties)) return;
    const required = new Set<string>(Array.isArray(holder.required) ? holder.required : []);
    for (const [name, sub] of Object.entries(holder.properties)) {
      if (!isObj(sub)) continue;
      const k = key === null ? name : `${key}${holder === s ? '' : '[]'}.${name}`;
      const pointer = `${holderAt}${ptr('properties', name)}`;
      const t = titleNames(sub.title, name);
      const zh = [...names.zh, t.zh];
      const en = [...names.en, t.en];
      out.set(k, { key: k, parent: key, pointer, name, zh: zh.join('·'), en: en.join('.'), required: required.has(name), schema: sub });
      walk(sub, pointer, k, { zh, en });
    }
  };
  if (isObj(schema)) walk(schema, '/input', null, { zh: [], en: [] });
  return out;
}

const LOWER = ['minimum', 'exclusiveMinimum', 'minItems', 'minLength'];
const UPPER = ['maximum', 'exclusiveMaximum', 'maxItems', 'maxLength'];
const KEYWORDS: Record<string, [string, string]> = {
  minimum: ['最小值', 'minimum'],
  maximum: ['最大值', 'maximum'],
  exclusiveMinimum: ['下限（不含）', 'exclusive minimum'],
  exclusiveMaximum: ['上限（不含）', 'exclusive maximum'],
  minItems: ['最少条数', 'minimum rows'],
  maxItems: ['最多条数', 'maximum rows'],
  minLength: ['最短长度', 'minimum length'],
  maxLength: ['最长长度', 'maximum length'],
  description: ['说明', 'description'],
  unit: ['单位', 'unit'],
  default: ['默认值', 'default'],
};
// handled on their own, or belonging to the fields below
const FIELD_OWN = new Set(['properties', 'items', 'required', 'type', 'enum', 'title', ...LOWER, ...UPPER]);

function inputChanges(c: Changes, prev: Pack, next: Pack): void {
  const a = fieldsOf(prev.input);
  const b = fieldsOf(next.input);
  const removed = [...a.values()].filter((f) => !b.has(f.key) && !(f.parent !== null && !b.has(f.parent)));
  const added = [...b.values()].filter((f) => !a.has(f.key) && !(f.parent !== null && !a.has(f.parent)));
  // a field that left and one that came under the same parent with the same Chinese name: renamed
  for (const r of [...removed]) {
    const twins = added.filter((x) => x.parent === r.parent && x.zh === r.zh);
    if (twins.length !== 1 || removed.filter((x) => x.parent === r.parent && x.zh === r.zh).length !== 1) continue;
    const n = twins[0];
    removed.splice(removed.indexOf(r), 1);
    added.splice(added.indexOf(n), 1);
    c.add('major', 'input.renamed', n.pointer, `输入项 ${n.zh} 的字段名 ${r.name} → ${n.name}`, `Input field ${n.en} renamed ${r.name} → ${n.name}`);
    compareField(c, r, n);
  }
  for (const f of removed) c.add('major', 'input.removed', f.pointer, `删除输入项 ${f.zh}`, `Removed input field ${f.en}`);
  for (const f of added) {
    if (f.required) c.add('major', 'input.added', f.pointer, `新增必填输入项 ${f.zh}（原有数据缺少此项）`, `Added required input field ${f.en} (existing data lacks it)`);
    else c.add('minor', 'input.added', f.pointer, `新增输入项 ${f.zh}（选填）`, `Added optional input field ${f.en}`);
  }
  for (const [k, f] of a) {
    const g = b.get(k);
    if (g) compareField(c, f, g);
  }
  // keywords of the input schema itself (additionalProperties …)
  schemaKeywords(c, (prev.input ?? {}) as Record<string, any>, (next.input ?? {}) as Record<string, any>, '/input', '输入数据', 'The input');
}

function compareField(c: Changes, f: Field, g: Field): void {
  const zh = `输入项 ${g.zh}`;
  const en = `Input field ${g.en}`;
  const ta = typeOf(f.schema);
  const tb = typeOf(g.schema);
  if (ta !== tb) {
    c.add('major', 'input.type', `${g.pointer}/type`, `${zh} 的类型 ${typeWord(ta, 0)} → ${typeWord(tb, 0)}`, `${en} type ${typeWord(ta, 1)} → ${typeWord(tb, 1)}`);
  } else if (ta === 'enum') {
    const ea: unknown[] = f.schema.enum;
    const eb: unknown[] = g.schema.enum;
    const gone = ea.filter((x) => !eb.some((y) => same(x, y)));
    const come = eb.filter((x) => !ea.some((y) => same(x, y)));
    const list = (xs: unknown[], lang: 'zh' | 'en') => xs.map((x) => show(x, lang)).join(lang === 'zh' ? '、' : ', ');
    if (gone.length) c.add('major', 'input.enum', `${g.pointer}/enum`, `${zh} 的可选值减少：${list(gone, 'zh')}`, `${en} no longer allows: ${list(gone, 'en')}`);
    if (come.length) c.add('minor', 'input.enum', `${g.pointer}/enum`, `${zh} 新增可选值：${list(come, 'zh')}`, `${en} now also allows: ${list(come, 'en')}`);
  }
  if (f.required !== g.required) {
    if (g.required) c.add('major', 'input.required', g.pointer, `${zh} 改为必填（原有数据可能缺少此项）`, `${en} is now required (existing data may lack it)`);
    else c.add('minor', 'input.required', g.pointer, `${zh} 改为选填`, `${en} is now optional`);
  }
  for (const k of [...LOWER, ...UPPER]) {
    const x = f.schema[k];
    const y = g.schema[k];
    if (same(x, y)) continue;
    let level: ChangeLevel = 'patch';
    if ((x === undefined || typeof x === 'number') && (y === undefined || typeof y === 'number')) {
      const lower = LOWER.includes(k);
      // a tighter bound refuses data the old version took
      const narrower = x === undefined ? true : y === undefined ? false : lower ? y > x : y < x;
      level = narrower ? 'major' : 'minor';
    }
    const [kzh, ken] = KEYWORDS[k];
    c.move(level, 'input.range', `${g.pointer}/${k}`, `${zh} 的${kzh}`, `${en} ${ken}`, x, y);
  }
  const na = titleNames(f.schema.title, f.name);
  const nb = titleNames(g.schema.title, g.name);
  if (f.schema.title !== g.schema.title) {
    c.move('patch', 'input.title', `${g.pointer}/title`, `输入项 ${g.name} 的中文名`, `Input field ${g.name} title`, na.zh === f.name ? undefined : na.zh, nb.zh === g.name ? undefined : nb.zh);
  }
  schemaKeywords(c, f.schema, g.schema, g.pointer, zh, en);
}

/** The remaining keywords of one schema node: description, unit, default, additionalProperties … (patch). */
function schemaKeywords(c: Changes, x: Record<string, any>, y: Record<string, any>, at: string, zh: string, en: string): void {
  for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
    if (FIELD_OWN.has(k) || same(x[k], y[k])) continue;
    const [kzh, ken] = KEYWORDS[k] ?? [k, k];
    if (k === 'description') c.add('patch', 'input.text', `${at}/${k}`, `${zh} 的说明已修改`, `${en} description changed`);
    else c.move('patch', 'input.schema', `${at}/${k}`, `${zh} 的${kzh}`, `${en} ${ken}`, x[k], y[k]);
  }
}

// ---------------------------------------------------------------- parameters

const PARAM_WORDS: Record<string, [string, string]> = {
  unit: ['单位', 'unit'],
  min: ['最小值', 'minimum'],
  max: ['最大值', 'maximum'],
  increasing: ['须递增', 'increasing'],
  assumption: ['假设值标记', 'assumption flag'],
};

function parameterChanges(c: Changes, prev: Pack, next: Pack): void {
  const pa = prev.parameters ?? {};
  const pb = next.parameters ?? {};
  const name = (p: Pack['parameters'][string] | undefined, n: string) => labelNames(p?.label, n);
  const removed = Object.keys(pa).filter((n) => !(n in pb));
  const added = Object.keys(pb).filter((n) => !(n in pa));
  for (const r of [...removed]) {
    const twins = added.filter((n) => name(pb[n], n).zh === name(pa[r], r).zh);
    if (twins.length !== 1 || removed.filter((n) => name(pa[n], n).zh === name(pa[r], r).zh).length !== 1) continue;
    removed.splice(removed.indexOf(r), 1);
    added.splice(added.indexOf(twins[0]), 1);
    const l = name(pb[twins[0]], twins[0]);
    c.add('major', 'parameter.renamed', ptr('parameters', twins[0]), `参数 ${l.zh} 的标识 ${r} → ${twins[0]}`, `Parameter ${l.en} renamed ${r} → ${twins[0]}`);
    compareParameter(c, r, twins[0], pa[r], pb[twins[0]]);
  }
  for (const n of removed) c.add('major', 'parameter.removed', ptr('parameters', n), `删除参数 ${name(pa[n], n).zh}`, `Removed parameter ${name(pa[n], n).en}`);
  for (const n of added) {
    const l = name(pb[n], n);
    c.add('minor', 'parameter.added', ptr('parameters', n), `新增参数 ${l.zh}（${show(pb[n].value, 'zh')}）`, `Added parameter ${l.en} (${show(pb[n].value, 'en')})`);
  }
  for (const n of Object.keys(pa)) if (n in pb) compareParameter(c, n, n, pa[n], pb[n]);
}

function compareParameter(c: Changes, na: string, nb: string, x: Pack['parameters'][string], y: Pack['parameters'][string]): void {
  const at = ptr('parameters', nb);
  const l = labelNames(y.label, nb);
  if (!same(x.value, y.value)) c.move('patch', 'parameter.value', `${at}/value`, `参数 ${l.zh}`, `Parameter ${l.en}`, x.value, y.value);
  if (!same(x.label, y.label)) c.move('patch', 'parameter.label', `${at}/label`, `参数 ${nb} 的名称`, `Parameter ${nb} label`, labelNames(x.label, na).zh, l.zh);
  for (const k of ['unit', 'min', 'max', 'increasing', 'assumption'] as const) {
    if (!same(x[k], y[k])) c.move('patch', 'parameter.meta', `${at}/${k}`, `参数 ${l.zh} 的${PARAM_WORDS[k][0]}`, `Parameter ${l.en} ${PARAM_WORDS[k][1]}`, x[k], y[k]);
  }
  localChange(c, at, l, x, y);
  if (!same(x.description, y.description)) c.add('patch', 'parameter.text', `${at}/description`, `参数 ${l.zh} 的说明已修改`, `Parameter ${l.en} description changed`);
  if (!same(x.cite, y.cite)) c.add('patch', 'parameter.cite', `${at}/cite`, `参数 ${l.zh} 的政策原文已修改`, `Parameter ${l.en} cite changed`);
}

/**
 * What localities may set: allowing it, or widening the range, is minor (every deployment's values stay valid);
 * withdrawing it, or a range that no longer holds every value the old one allowed, is major (a deployment's
 * value may fall outside it).
 */
function localChange(c: Changes, at: string, l: { zh: string; en: string }, x: Pack['parameters'][string], y: Pack['parameters'][string]): void {
  const a = localRange(x);
  const b = localRange(y);
  const text = (r: { min: number; max: number } | null, lang: 'zh' | 'en') => (r ? `${r.min}–${r.max}` : lang === 'zh' ? '不可调整' : 'not local');
  if (!a && !b) return;
  if (a && b && a.min === b.min && a.max === b.max) return;
  const level: ChangeLevel = !b || (a && (b.min > a.min || b.max < a.max)) ? 'major' : 'minor';
  c.add(level, 'parameter.local', `${at}/local`, `参数 ${l.zh} 的地方调整范围 ${text(a, 'zh')} → ${text(b, 'zh')}`, `Parameter ${l.en} local range ${text(a, 'en')} → ${text(b, 'en')}`);
}

// ---------------------------------------------------------------- outputs

/** The name a rule-defined value is known by (its rule's label; a quota's refusal name has none). */
function valueNames(pack: Pack, n: string): { zh: string; en: string } {
  const r = (pack.rules ?? []).find((x) => x.name === n);
  return labelNames(r?.label, n);
}

function outputChanges(c: Changes, prev: Pack, next: Pack): void {
  const oa = prev.outputs ?? [];
  const ob = next.outputs ?? [];
  oa.forEach((n, i) => {
    if (!ob.includes(n)) c.add('major', 'output.removed', ptr('outputs', i), `删除输出 ${valueNames(prev, n).zh}`, `Removed output ${valueNames(prev, n).en}`);
  });
  ob.forEach((n, i) => {
    if (!oa.includes(n)) c.add('minor', 'output.added', ptr('outputs', i), `新增输出 ${valueNames(next, n).zh}`, `Added output ${valueNames(next, n).en}`);
  });
  const kept = (xs: string[], ys: string[]) => xs.filter((n) => ys.includes(n));
  if (!same(kept(oa, ob), kept(ob, oa))) c.add('patch', 'output.order', '/outputs', '输出的顺序已调整', 'The order of the outputs changed');
}

// ---------------------------------------------------------------- rules and summary figures

/** The kinds of rule in the words of the designer's 添加规则 menu. */
export const RULE_KINDS: Record<string, string> = {
  value: '计算值',
  bands: '分档',
  veto: '一票否决',
  ladder: '逐级达标',
  rank: '排名',
  group: '分组统计',
  quota: '名额',
  consecutive: '连续周期',
  windowCount: '周期计数',
  previous: '上期值',
  movement: '升降',
  escalation: '奖励晋级',
  aggregate: '汇总',
  countBy: '分类计数',
  escalations: '晋级汇总',
};

/** JSON Logic slots, printed as formulas. */
const LOGIC_SLOTS: Record<string, [string, string]> = {
  expr: ['公式', 'formula'],
  of: ['依据', 'of'],
  when: ['条件', 'condition'],
  value: ['结果', 'result'],
  where: ['筛选条件', 'filter'],
  groupBy: ['分组', 'group by'],
  candidate: ['候选条件', 'candidate'],
  holder: ['获奖人', 'holder'],
  level: ['等级', 'level'],
  date: ['日期', 'date'],
  proposalWhen: ['建议条件', 'proposal condition'],
};

const OTHER_WORDS: Record<string, [string, string]> = {
  values: ['档位值', 'band values'],
  below: ['最低档以下取值', 'value below the bands'],
  ranges: ['分档区间', 'ranges'],
  round: ['保留小数位', 'decimals'],
  target: ['否决对象', 'target'],
  levels: ['等级与条件', 'levels'],
  by: ['排序依据', 'ordering'],
  order: ['顺序', 'order'],
  method: ['排名方式', 'ranking method'],
  fn: ['统计方式', 'function'],
  quotas: ['名额规定', 'quotas'],
  blockedName: ['超额标记名', 'blocked name'],
  sameYear: ['限同一年', 'same year'],
  window: ['统计窗口', 'window'],
  windowYears: ['年限', 'window in years'],
  steps: ['晋级规则', 'steps'],
  granted: ['授予标记', 'granted'],
  keys: ['分类', 'keys'],
  rule: ['所依规则', 'rule'],
};

type Item = (Rule | SummaryRule) & { formula?: Record<string, string> };

/** The formula text of a slot: as the author wrote it when it still matches, else printed from the logic. */
function formulaText(item: Item, slot: string, logic: unknown): string {
  const written = item.formula?.[slot];
  if (typeof written === 'string' && written.trim()) return written;
  if (typeof logic === 'string') return logic;
  try {
    return printFormula(logic);
  } catch {
    return JSON.stringify(logic);
  }
}

function showRanges(v: unknown): string {
  if (!Array.isArray(v)) return show(v, 'zh');
  return v.map((r: any) => `[${r?.from ?? '-∞'}, ${r?.to ?? '+∞'})→${show(r?.value, 'zh')}`).join('；');
}

function compareItem(c: Changes, what: 'rule' | 'summary', x: Item, y: Item, at: string, names: { zh: string; en: string }, nameOf: (n: string) => string): void {
  const zh = `${what === 'rule' ? '规则' : '汇总指标'} ${names.zh}`;
  const en = `${what === 'rule' ? 'Rule' : 'Summary figure'} ${names.en}`;
  const kind = what === 'rule' ? 'rule' : 'summary';
  if (x.kind !== y.kind) {
    c.add('minor', `${kind}.kind`, `${at}/kind`, `${zh} 的类型 ${RULE_KINDS[x.kind] ?? x.kind} → ${RULE_KINDS[y.kind] ?? y.kind}`, `${en} kind ${x.kind} → ${y.kind}`);
  }
  const xa = x as Record<string, any>;
  const ya = y as Record<string, any>;
  for (const k of [...new Set([...Object.keys(xa), ...Object.keys(ya)])].sort()) {
    if (k === 'name' || k === 'kind' || k === 'formula' || same(xa[k], ya[k])) continue;
    const p = `${at}/${k}`;
    if (k === 'label') c.move('patch', `${kind}.label`, p, `${zh} 的名称`, `${en} label`, labelNames(xa.label, x.name).zh, labelNames(ya.label, y.name).zh);
    else if (k === 'cite') c.add('patch', `${kind}.cite`, p, `${zh} 的政策原文已修改`, `${en} cite changed`);
    else if (k === 'description') c.add('patch', `${kind}.text`, p, `${zh} 的说明已修改`, `${en} description changed`);
    // a result becomes (or stops being) a proposal for someone to decide: what the output means changes
    else if (k === 'decidedBy') c.move('minor', `${kind}.decidedBy`, p, `${zh} 的决定权`, `${en} decided by`, xa[k]?.['zh-CN'] ?? '—', ya[k]?.['zh-CN'] ?? '—');
    else if (k in LOGIC_SLOTS && !(k === 'value' && y.kind !== 'veto') && !(k === 'level' && y.kind !== 'escalation')) {
      const [wzh, wen] = LOGIC_SLOTS[k];
      const from = xa[k] === undefined ? undefined : formulaText(x, k, xa[k]);
      const to = ya[k] === undefined ? undefined : formulaText(y, k, ya[k]);
      c.add('patch', `${kind}.formula`, p, `${zh} ${wzh} ${show(from, 'zh')} → ${show(to, 'zh')}`, `${en} ${wen} ${show(from, 'en')} → ${show(to, 'en')}`);
    } else if (k === 'bounds') {
      const bx = xa.bounds;
      const by = ya.bounds;
      if (Array.isArray(bx) && Array.isArray(by) && bx.length === by.length) {
        bx.forEach((v: unknown, i: number) => {
          if (!same(v, by[i])) c.move('patch', `${kind}.threshold`, `${p}/${i}`, `${zh} 阈值`, `${en} threshold`, v, by[i]);
        });
      } else c.move('patch', `${kind}.threshold`, p, `${zh} 阈值`, `${en} thresholds`, bx, by);
    } else if (k === 'ranges') {
      c.add('patch', `${kind}.threshold`, p, `${zh} 分档区间 ${showRanges(xa[k])} → ${showRanges(ya[k])}`, `${en} ranges ${JSON.stringify(xa[k])} → ${JSON.stringify(ya[k])}`);
    } else if (k === 'target' || k === 'rule') {
      const [wzh, wen] = OTHER_WORDS[k];
      c.add('patch', `${kind}.field`, p, `${zh} 的${wzh} ${nameOf(xa[k])} → ${nameOf(ya[k])}`, `${en} ${wen} ${xa[k]} → ${ya[k]}`);
    } else {
      const [wzh, wen] = OTHER_WORDS[k] ?? LOGIC_SLOTS[k] ?? [k, k];
      const long = canonicalJson(xa[k] ?? null).length + canonicalJson(ya[k] ?? null).length > 120;
      if (long) c.add('patch', `${kind}.field`, p, `${zh} 的${wzh}已调整`, `${en} ${wen} changed`);
      else c.move('patch', `${kind}.field`, p, `${zh} 的${wzh}`, `${en} ${wen}`, xa[k], ya[k]);
    }
  }
  // the same logic written differently (e.g. Chinese names for English ones)
  const fx = x.formula ?? {};
  const fy = y.formula ?? {};
  for (const slot of [...new Set([...Object.keys(fx), ...Object.keys(fy)])].sort()) {
    const top = slot.split('.')[0];
    if (fx[slot] === fy[slot] || !same(xa[top], ya[top])) continue;
    c.add('patch', `${kind}.formulaText`, `${at}/formula/${slot}`, `${zh} 的公式写法 ${show(fx[slot], 'zh')} → ${show(fy[slot], 'zh')}`, `${en} formula text ${show(fx[slot], 'en')} → ${show(fy[slot], 'en')}`);
  }
}

function ruleChanges(c: Changes, prev: Pack, next: Pack): void {
  const ra = prev.rules ?? [];
  const rb = next.rules ?? [];
  const nameOf = (n: string) => valueNames(next.rules.some((r) => r.name === n) ? next : prev, n).zh;
  ra.forEach((r, i) => {
    if (!rb.some((s) => s.name === r.name)) {
      const l = labelNames(r.label, r.name);
      c.add('minor', 'rule.removed', ptr('rules', i), `删除规则 ${l.zh}`, `Removed rule ${l.en}`);
    }
  });
  rb.forEach((s, j) => {
    const r = ra.find((x) => x.name === s.name);
    const l = labelNames(s.label, s.name);
    if (!r) c.add('minor', 'rule.added', ptr('rules', j), `新增规则 ${l.zh}`, `Added rule ${l.en}`);
    else compareItem(c, 'rule', r as Item, s as Item, ptr('rules', j), l, nameOf);
  });
  const order = (xs: Rule[], ys: Rule[]) => xs.map((r) => r.name).filter((n) => ys.some((s) => s.name === n));
  if (!same(order(ra, rb), order(rb, ra))) c.add('patch', 'rule.order', '/rules', '规则的顺序已调整', 'The order of the rules changed');
}

function summaryChanges(c: Changes, prev: Pack, next: Pack): void {
  const sa = prev.summary ?? [];
  const sb = next.summary ?? [];
  const nameOf = (n: string) => valueNames(next, n).zh;
  sa.forEach((s, i) => {
    if (!sb.some((t) => t.name === s.name)) {
      const l = labelNames(s.label, s.name);
      c.add('major', 'summary.removed', ptr('summary', i), `删除汇总指标 ${l.zh}`, `Removed summary figure ${l.en}`);
    }
  });
  sb.forEach((t, j) => {
    const s = sa.find((x) => x.name === t.name);
    const l = labelNames(t.label, t.name);
    if (!s) c.add('minor', 'summary.added', ptr('summary', j), `新增汇总指标 ${l.zh}`, `Added summary figure ${l.en}`);
    else compareItem(c, 'summary', s as Item, t as Item, ptr('summary', j), l, nameOf);
  });
}

// ---------------------------------------------------------------- the pack itself

const PERIODS: Record<string, string> = { year: '年度', quarter: '季度', bimonth: '双月' };
const NOT_COMPARED = new Set(['$schema', 'id', 'version', 'input', 'parameters', 'rules', 'outputs', 'summary']);

function packChanges(c: Changes, prev: Pack, next: Pack): void {
  const a = prev as unknown as Record<string, any>;
  const b = next as unknown as Record<string, any>;
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (NOT_COMPARED.has(k) || same(a[k], b[k])) continue;
    const at = `/${k}`;
    switch (k) {
      case 'period':
        c.add('major', 'pack.period', at, `考评周期 ${PERIODS[a[k]] ?? show(a[k], 'zh')} → ${PERIODS[b[k]] ?? show(b[k], 'zh')}`, `Period ${show(a[k], 'en')} → ${show(b[k], 'en')}`);
        break;
      case 'title':
        c.move('patch', 'pack.title', at, '方案名称', 'Title', a[k]?.['zh-CN'], b[k]?.['zh-CN']);
        break;
      case 'locality':
        c.move('patch', 'pack.locality', at, '适用地区', 'Locality', a[k]?.['zh-CN'], b[k]?.['zh-CN']);
        break;
      case 'description':
        c.add('patch', 'pack.text', at, '方案说明已修改', 'Description changed');
        break;
      case 'source':
        if (!same(a[k]?.title, b[k]?.title)) c.move('patch', 'pack.source', at, '政策文件', 'Source document', a[k]?.title, b[k]?.title);
        else c.add('patch', 'pack.source', at, '政策文件的出处或原文已修改', 'Source document reference changed');
        break;
      case 'subject':
        if (!same(a[k]?.kind, b[k]?.kind)) c.move('minor', 'pack.subject', `${at}/kind`, '考评对象的类别', 'Subject kind', a[k]?.kind, b[k]?.kind);
        if (!same(a[k]?.label, b[k]?.label)) c.move('patch', 'pack.subject', `${at}/label`, '考评对象', 'Subject', a[k]?.label?.['zh-CN'], b[k]?.label?.['zh-CN']);
        break;
      case 'scopes':
        c.add('minor', 'pack.scopes', at, '范围数据的定义已调整', 'The scope facts changed');
        break;
      case 'weightGroups':
        c.add('patch', 'pack.weightGroups', at, '权重组已调整', 'Weight groups changed');
        break;
      case 'tests': {
        const ta: { name: string }[] = a[k] ?? [];
        const tb: { name: string }[] = b[k] ?? [];
        const plus = tb.filter((t) => !ta.some((s) => s.name === t.name)).length;
        const minus = ta.filter((t) => !tb.some((s) => s.name === t.name)).length;
        const changed = tb.filter((t) => ta.some((s) => s.name === t.name && !same(s, t))).length;
        c.add('patch', 'pack.tests', at, `测试用例：新增 ${plus} 项，删除 ${minus} 项，修改 ${changed} 项`, `Tests: ${plus} added, ${minus} removed, ${changed} changed`);
        break;
      }
      default:
        c.add('patch', 'pack.meta', at, `${k} 已修改`, `${k} changed`);
    }
  }
}
