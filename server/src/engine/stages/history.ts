import type { ConsecutiveRule, EscalationRule, MovementRule, PeriodKind, PreviousRule, WindowCountRule } from '../types';
import type { OutputsFn, PeriodCtx, Step, StepEnv } from '../compile/context';
import { slotAccessor } from '../compile/context';
import { truthy } from '../compile/runtime';
import { periodFromIndex, periodIndex, yearOf } from '../evaluate/periods';
import { compareId, compareKey } from './order';
import { collectVars } from '../compile/plan';
import type { PeriodView } from '../evaluate/history';

/**
 * History-stage steps: per subject, over earlier periods of the same subject id (earlier periods of the
 * same input, or stored results). Earlier periods are read as their final outputs.
 */

export function consecutiveStep(env: StepEnv, traced: boolean): Step {
  const rule = env.rule as ConsecutiveRule;
  const when = env.outputsFn(rule.when, `${env.at}/when`);
  const kind = env.pack.period;
  const slot = env.slot;
  const column = env.slotColumn(slot);
  const access = slotAccessor(slot, column);
  const each = (ctx: PeriodCtx) => {
    const out = access(ctx);
    const cur = periodIndex(kind, ctx.period);
    const year = yearOf(ctx.period);
    // The periods a run can reach, newest first, named once per period rather than once per subject.
    const reach: string[] = [ctx.period];
    const views: (PeriodView | undefined)[] = [undefined];
    for (let p = cur - 1; ctx.history.has(periodFromIndex(kind, p)); p--) {
      const ps = periodFromIndex(kind, p);
      if (rule.sameYear && yearOf(ps) !== year) break;
      reach.push(ps);
      views.push(ctx.history.view(ps));
    }
    return (i: number) => {
      let n = 0;
      const counted: string[] | null = traced ? [] : null;
      for (let q = 0; q < reach.length; q++) {
        const ps = reach[q];
        const o = q === 0 ? ctx.records[i] : views[q]!.outputs(ctx.subjects[i].id, i);
        if (!o || !truthy(when(o))) break;
        n++;
        if (counted) counted.push(ps);
      }
      out.set(i, n);
      if (traced) {
        if (n > 1) ctx.hits?.add(env.at);
        ctx.traces?.[i].push({ rule: rule.name, kind: 'consecutive', value: n, expr: rule.when, fired: { periods: counted, sameYear: !!rule.sameYear }, cite: rule.cite });
      }
    };
  };
  return perSubject(rule.name, each);
}

export function windowCountStep(env: StepEnv, traced: boolean): Step {
  const rule = env.rule as WindowCountRule;
  const when = env.outputsFn(rule.when, `${env.at}/when`);
  const kind = env.pack.period;
  const slot = env.slot;
  const w = rule.window;
  const size = 'periods' in w ? env.num(w.periods, `${env.at}/window/periods`) : 0;
  const column = env.slotColumn(slot);
  const access = slotAccessor(slot, column);
  // A calendar-year count is the previous period's count plus this one, when that count is the previous period's
  // output of this very rule (no veto after it) and was computed by this evaluation with the earlier periods known now.
  const carries = !traced && 'calendarYear' in w && slot === rule.name && env.pack.outputs.includes(rule.name);
  const each = (ctx: PeriodCtx) => {
    const out = access(ctx);
    const cur = periodIndex(kind, ctx.period);
    const first = 'calendarYear' in w ? periodIndex(kind, kind === 'year' ? yearOf(ctx.period) : `${yearOf(ctx.period)}-${kind === 'quarter' ? 'Q' : 'B'}1`) : cur - size + 1;
    // The window's earlier periods, looked up once per period rather than once per subject.
    const views: (PeriodView | undefined)[] = [];
    for (let p = first; p < cur; p++) views.push(ctx.history.view(periodFromIndex(kind, p)));
    const before: string[] = [];
    for (let p = first; p < cur - 1; p++) before.push(periodFromIndex(kind, p));
    const prev = carries && cur - 1 >= first && ctx.history.sameAsWhenEvaluated(periodFromIndex(kind, cur - 1), before) ? views[cur - 1 - first] : undefined;
    const name = rule.name;
    return (i: number) => {
      if (prev !== undefined) {
        const o = prev.outputs(ctx.subjects[i].id, i);
        const was = o === undefined ? undefined : o[name];
        if (typeof was === 'number') {
          out.set(i, truthy(when(ctx.records[i])) ? was + 1 : was);
          return;
        }
      }
      let n = 0;
      const counted: string[] | null = traced ? [] : null;
      for (let p = first; p <= cur; p++) {
        const o = p === cur ? ctx.records[i] : views[p - first]?.outputs(ctx.subjects[i].id, i);
        if (o && truthy(when(o))) {
          n++;
          if (counted) counted.push(periodFromIndex(kind, p));
        }
      }
      out.set(i, n);
      if (traced) {
        if (n > 1) ctx.hits?.add(env.at);
        ctx.traces?.[i].push({ rule: rule.name, kind: 'windowCount', value: n, expr: rule.when, fired: { window: [periodFromIndex(kind, first), ctx.period], periods: counted }, cite: rule.cite });
      }
    };
  };
  return perSubject(rule.name, each);
}

export function previousStep(env: StepEnv, traced: boolean): Step {
  const rule = env.rule as PreviousRule;
  const kind = env.pack.period;
  const slot = env.slot;
  const column = env.slotColumn(slot);
  const access = slotAccessor(slot, column);
  const each = (ctx: PeriodCtx) => {
    const out = access(ctx);
    const prev = periodFromIndex(kind, periodIndex(kind, ctx.period) - 1);
    const view = ctx.history.view(prev);
    return (i: number) => {
      const o = view?.outputs(ctx.subjects[i].id, i);
      const value = o && o[rule.of] !== undefined ? o[rule.of] : null;
      out.set(i, value);
      if (traced) {
        if (value !== null) ctx.hits?.add(env.at);
        ctx.traces?.[i].push({ rule: rule.name, kind: 'previous', value, fired: { period: prev, found: !!o }, cite: rule.cite });
      }
    };
  };
  return perSubject(rule.name, each);
}

export function movementStep(env: StepEnv, traced: boolean): Step {
  const rule = env.rule as MovementRule;
  const kind = env.pack.period;
  const slot = env.slot;
  const of = env.slotOf(rule.of);
  const column = env.slotColumn(slot);
  const access = slotAccessor(slot, column);
  const ofColumn = env.slotColumn(of);
  const ofAccess = slotAccessor(of, ofColumn);
  const rankOf = (v: unknown): unknown => (rule.order ? rule.order.findIndex((x) => x === v) : v);
  const each = (ctx: PeriodCtx) => {
    const out = access(ctx);
    const ofValue = ofAccess(ctx);
    const prev = periodFromIndex(kind, periodIndex(kind, ctx.period) - 1);
    const view = ctx.history.view(prev);
    return (i: number) => {
      const o = view?.outputs(ctx.subjects[i].id, i);
      const before = o ? o[rule.of] : undefined;
      const now = ofValue.get(i);
      let value: string;
      if (before === undefined || before === null) value = 'new';
      else {
        const c = compareKey(rankOf(now), rankOf(before));
        value = c > 0 ? 'up' : c < 0 ? 'down' : 'same';
      }
      out.set(i, value);
      if (traced) {
        if (value !== 'new') ctx.hits?.add(env.at);
        ctx.traces?.[i].push({ rule: rule.name, kind: 'movement', value, values: { [rule.of]: now }, fired: { period: prev, previous: before ?? null }, cite: rule.cite });
      }
    };
  };
  return perSubject(rule.name, each);
}

/** A step that works subject by subject (no subject reads another's values this period): fusable with its neighbours. */
function perSubject(label: string, each: (ctx: PeriodCtx) => (i: number) => void): Step {
  return {
    label,
    each,
    run(ctx) {
      const f = each(ctx);
      for (let i = 0; i < ctx.records.length; i++) f(i);
    },
  };
}

/** The awards of the escalation window, by holder. */
type Pool = Map<string, Award[]>;

interface Award {
  holder: string;
  level: number;
  year: number;
  date: string;
  id: string;
  consumed: boolean;
  /** Position among the rows it was read from (-1 for extra awards); read for the period evaluated now. */
  at: number;
}

/**
 * Award escalation (追加): replays every year known to the history, then this one, so that which awards
 * were consumed is recomputed the same way whether earlier years came in this input or from storage.
 */
export function escalationStep(env: StepEnv, traced: boolean): Step {
  const rule = env.rule as EscalationRule;
  const holder = env.recordFn(rule.holder, `${env.at}/holder`);
  const level = env.recordFn(rule.level, `${env.at}/level`);
  const date = env.recordFn(rule.date, `${env.at}/date`);
  const windowYears = env.num(rule.windowYears, `${env.at}/windowYears`);
  const steps = rule.steps.map((s, i) => ({ from: s.from, to: s.to, count: env.num(s.count, `${env.at}/steps/${i}/count`) }));
  const slot = env.slot;
  const grantedSlot = env.slotOf(rule.granted);
  const column = env.slotColumn(slot);
  const access = slotAccessor(slot, column);
  const grantedColumn = env.slotColumn(grantedSlot);
  const grantedAccess = slotAccessor(grantedSlot, grantedColumn);

  /** Rows of an earlier period (its outputs and inputs) or of this one (its records, with X its columns). */
  const awardsOf = (rows: { r: Record<string, unknown>; s: Record<string, unknown> & { id: string } }[], period: string, granted: (r: Record<string, unknown>, i: number) => unknown, X?: unknown[][]): Award[] => {
    const out: Award[] = [];
    for (let i = 0; i < rows.length; i++) {
      const { r, s } = rows[i];
      if (!truthy(granted(r, i))) continue;
      const lv = level(r as any, s as any, period, i, X);
      const h = holder(r as any, s as any, period, i, X);
      if (lv === null || lv === undefined || h === null || h === undefined) continue;
      out.push({ holder: String(h), level: Number(lv), year: Number(yearOf(period)), date: String(date(r as any, s as any, period, i, X) ?? ''), id: s.id, consumed: false, at: i });
    }
    return out;
  };

  // A holder can escalate in a year only if some step finds enough open awards of its level, counting one extra
  // award from each earlier step that makes that level.
  const madeBefore = steps.map((st, k) => steps.slice(0, k).filter((e) => e.to === st.from).length);

  /**
   * Runs the escalation of one year over the pool; returns the extra awards made that year. Years come in
   * ascending order, so awards consumed or older than the window are dropped from the pool for good.
   */
  const escalateYear = (pool: Pool, year: number): Award[] => {
    const made: Award[] = [];
    const ready: string[] = [];
    for (const [h, awards] of pool) {
      let w = 0;
      for (let k = 0; k < awards.length; k++) {
        const a = awards[k];
        if (!a.consumed && a.year > year - windowYears) awards[w++] = a;
      }
      awards.length = w;
      if (!w) {
        pool.delete(h);
        continue;
      }
      for (let k = 0; k < steps.length; k++) {
        const st = steps[k];
        if (st.count <= 0) continue;
        let open = madeBefore[k];
        for (let j = 0; j < w && open < st.count; j++) if (awards[j].level === st.from) open++;
        if (open >= st.count) {
          ready.push(h);
          break;
        }
      }
    }
    for (const h of ready.sort(compareId)) {
      const awards = pool.get(h)!;
      for (const st of steps) {
        const open = awards.filter((a) => a.level === st.from && !a.consumed).sort((a, b) => a.year - b.year || compareId(a.date, b.date) || compareId(a.id, b.id));
        if (open.length < st.count || st.count <= 0) continue;
        for (const a of open.slice(0, st.count)) a.consumed = true;
        const extra: Award = { holder: h, level: st.to, year, date: `${year}-12-31`, id: `escalation:${h}:${year}:${st.to}`, consumed: false, at: -1 };
        awards.push(extra);
        made.push(extra);
      }
    }
    return made;
  };
  const addAll = (pool: Pool, awards: Award[]) => {
    for (const a of awards) {
      const l = pool.get(a.holder);
      if (l) l.push(a);
      else pool.set(a.holder, [a]);
    }
  };

  /**
   * The pool after the last period this step escalated, per history (one per evaluation): when the next period's
   * earlier periods are exactly those it had seen plus that period, the replay of the earlier years is that pool
   * (same awards, same consumption), so years given in order are escalated once each rather than replayed.
   */
  const replayed = new WeakMap<object, { seen: string; pool: Pool }>();
  // The replay reads earlier periods through their outputs and inputs; the running pool was built from records.
  // They agree when holder, level and date read inputs only and the granted value is an output.
  const ruleNames = new Set(env.pack.rules.flatMap((r) => (r.kind === 'quota' ? [r.name, r.blockedName] : [r.name])));
  const reusable = env.pack.outputs.includes(rule.granted) && [rule.holder, rule.level, rule.date].every((e) => collectVars(e).every((v) => !ruleNames.has(v.split('.')[0])));

  return {
    label: rule.name,
    run(ctx) {
      const year = Number(yearOf(ctx.period));
      const earlier = ctx.history
        .periods()
        .filter((p) => Number(yearOf(p)) < year)
        .sort((a, b) => compareId(a, b));
      const cached = replayed.get(ctx.history);
      replayed.delete(ctx.history);
      let pool: Pool = new Map();
      if (reusable && !traced && cached && cached.seen === JSON.stringify(earlier)) pool = cached.pool;
      else {
        let lastYear: number | null = null;
        for (const p of earlier) {
          const y = Number(yearOf(p));
          if (lastYear !== null && y !== lastYear) escalateYear(pool, lastYear);
          const d = ctx.history.period(p)!;
          const rows = [...d.outputs.entries()].map(([id, o]) => ({ r: o, s: { ...(d.inputs.get(id) ?? {}), id } }));
          addAll(pool, awardsOf(rows, p, (o) => o[rule.granted]));
          lastYear = y;
        }
        if (lastYear !== null) escalateYear(pool, lastYear);
      }
      const grantedNow = grantedAccess(ctx);
      const current = awardsOf(
        ctx.records.map((r, i) => ({ r, s: ctx.subjects[i] })),
        ctx.period,
        (_r, i) => grantedNow.get(i),
        ctx.x,
      );
      addAll(pool, current);
      const made = escalateYear(pool, year);
      // The history receives this period next (evaluate adds it after the summary), unless it is the last one.
      if (reusable && !traced) replayed.set(ctx.history, { seen: JSON.stringify([...earlier, ctx.period].sort(compareId)), pool });
      // Ids are unique within a period (validation refuses DuplicateSubject): consumed awards mark their position.
      const consumedNow = new Uint8Array(ctx.records.length);
      for (const a of current) if (a.consumed) consumedNow[a.at] = 1;
      const out = access(ctx);
      for (let i = 0; i < ctx.records.length; i++) {
        const value = consumedNow[i] === 1;
        out.set(i, value);
        if (traced) {
          if (made.length) ctx.hits?.add(env.at);
          const h = holder(ctx.records[i], ctx.subjects[i], ctx.period, i, ctx.x);
          ctx.traces?.[i].push({ rule: rule.name, kind: 'escalation', value, fired: { holder: h ?? null, extraAwards: made.filter((m) => m.holder === String(h)).map((m) => ({ level: m.level, date: m.date })) }, cite: rule.cite });
        }
      }
      const all = (ctx.state.escalations ??= {}) as Record<string, { nominee: string; level: number }[]>;
      all[rule.name] = made.map((m) => ({ nominee: m.holder, level: m.level }));
    },
  };
}
