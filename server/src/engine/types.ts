/**
 * The rule-pack language: one JSON document per pack version.
 * schemas/rule-pack.schema.json is the JSON Schema of the same shape; rule-packs/FORMAT.md explains it.
 */

export type JsonLogic = unknown;
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface I18nText {
  'zh-CN': string;
  en: string;
}

export type PeriodKind = 'year' | 'quarter' | 'bimonth';

export interface ParameterDef {
  value: Json;
  label: I18nText;
  description?: I18nText;
  unit?: string;
  /** Bounds for a number, or for every element of an array of numbers. */
  min?: number;
  max?: number;
  /** For arrays of bounds: each element strictly above the previous one. */
  increasing?: boolean;
  /** The document leaves this number open; the pack chose it. */
  assumption?: boolean;
  /** A deployment may set its own value within this range (true: within min/max). Numbers and number arrays only. */
  local?: true | { min: number; max: number };
  cite?: string;
}

export interface SourceRef {
  document: string;
  title: string;
  passage?: string;
}

interface RuleBase {
  /** The value this rule defines (unique within the pack). */
  name: string;
  label?: I18nText;
  description?: I18nText;
  /** The original sentence(s) of the source document this rule encodes. */
  cite?: string;
  /** Formula text kept beside each JSON Logic slot, keyed by the slot's name (e.g. { "expr": "a + b" }). */
  formula?: Record<string, string>;
  /** What the value counts: "元" (or another currency) marks money, which may be totalled; "分", "星", "名"… do not. */
  unit?: string;
  /**
   * The document leaves the decision to someone (报…批准, 可追加, 由支委会讨论): the value is a proposal for
   * them, shown as "建议…，待监狱党委批准". See `proposalWhen`.
   */
  decidedBy?: I18nText;
  /**
   * When the value is a proposal: JSON Logic over the subject's outputs (the rule's own value by its name).
   * Absent: whenever the value is neither false, null, 0 nor "none".
   */
  proposalWhen?: JsonLogic;
}

/** A derived value: any JSON Logic expression. */
export interface ValueRule extends RuleBase {
  kind: 'value';
  expr: JsonLogic;
  /** Round to this many decimals, half away from zero, decimal-correct. */
  round?: number;
}

/** Grade bands by lower bound: value[i] when of >= bounds[i] (highest i wins), `below` under the first bound. */
export interface BandsRule extends RuleBase {
  kind: 'bands';
  of: JsonLogic;
  /** Lower bounds, inclusive, strictly increasing: a literal array or { "$param": name }. */
  bounds?: number[] | { $param: string };
  /** Explicit ranges [from, to): checked for overlaps and gaps. Either bounds or ranges. */
  ranges?: { from: number | null; to: number | null; value: Json }[];
  values?: Json[];
  below?: Json;
}

/** A veto: when it holds, the target value is replaced (e.g. 一票否决: stars 0). Within the veto, the target names its pre-veto value. */
export interface VetoRule extends RuleBase {
  kind: 'veto';
  when: JsonLogic;
  target: string;
  value: JsonLogic;
}

/** A criteria ladder: the highest level whose checklist, and every lower level's, holds. */
export interface LadderRule extends RuleBase {
  kind: 'ladder';
  levels: { value: Json; label?: I18nText; checks: { id: string; expr: JsonLogic; label?: I18nText; cite?: string; formula?: string }[] }[];
  below: Json;
}

/** Ranking within the period (optionally within groups). */
export interface RankRule extends RuleBase {
  kind: 'rank';
  by: { expr: JsonLogic; order: 'asc' | 'desc' }[];
  /** standard: 1,2,2,4 (ties by the `by` keys share); ordinal: 1..n unique (id asc breaks remaining ties). */
  method: 'standard' | 'ordinal' | 'dense';
  groupBy?: JsonLogic;
  /** Only subjects for which this holds take part; the others get null. */
  where?: JsonLogic;
}

export type AggregateFn = 'count' | 'sum' | 'mean' | 'min' | 'max' | 'countDistinct';

/** A fact of the subject's group within the period (count, max rank …), the same for every member of the group. */
export interface GroupRule extends RuleBase {
  kind: 'group';
  fn: AggregateFn;
  of?: JsonLogic;
  groupBy?: JsonLogic;
  where?: JsonLogic;
}

export interface QuotaDef {
  id: string;
  label?: I18nText;
  /** Which nominations count against this quota. */
  applies: JsonLogic;
  /** The bucket key (null/absent: one bucket for the whole period). */
  groupBy?: JsonLogic;
  /** The limit of a bucket; evaluated with { key, scope (the scope facts of key), ...parameters }. */
  limit: JsonLogic;
  cite?: string;
}

/** Quotas filled in order of precedence: a candidate that would break a quota is refused and the next one tried. */
export interface QuotaRule extends RuleBase {
  kind: 'quota';
  candidate: JsonLogic;
  order: { expr: JsonLogic; order: 'asc' | 'desc' }[];
  quotas: QuotaDef[];
  /** The value naming the first quota a refused candidate breaks (null otherwise). */
  blockedName: string;
}

/** Consecutive periods, ending with this one, in which `when` held (0 when it does not hold now). */
export interface ConsecutiveRule extends RuleBase {
  kind: 'consecutive';
  when: JsonLogic;
  sameYear?: boolean;
}

/** How many periods within a window, this one included, `when` held. */
export interface WindowCountRule extends RuleBase {
  kind: 'windowCount';
  when: JsonLogic;
  window: { calendarYear: true } | { periods: number | { $param: string } };
}

/** The previous period's value of an output (null when there is none). */
export interface PreviousRule extends RuleBase {
  kind: 'previous';
  of: string;
}

/** up / down / same / new against the previous period, by an order of values (or numeric order). */
export interface MovementRule extends RuleBase {
  kind: 'movement';
  of: string;
  order?: Json[];
}

/** Award escalation (追加): unconsumed awards of one level in a window of years buy one award of a higher level. */
export interface EscalationRule extends RuleBase {
  kind: 'escalation';
  /** Who holds the award (a member id). */
  holder: JsonLogic;
  /** The award's level for a granted subject (null: not an escalating award, e.g. a collective award). */
  level: JsonLogic;
  granted: string;
  date: JsonLogic;
  windowYears: number | { $param: string };
  /** `decidedBy`: who grants this step's extra award (可追加: a proposal), overriding the rule's. */
  steps: { from: number; count: number | { $param: string }; to: number; decidedBy?: I18nText }[];
}

export type Rule =
  | ValueRule
  | BandsRule
  | VetoRule
  | LadderRule
  | RankRule
  | GroupRule
  | QuotaRule
  | ConsecutiveRule
  | WindowCountRule
  | PreviousRule
  | MovementRule
  | EscalationRule;

export type RuleKind = Rule['kind'];

/** A per-period summary figure over the period's subjects, or an expression over other summary figures. */
export type SummaryRule =
  | { name: string; kind: 'aggregate'; fn: AggregateFn | 'share'; of?: JsonLogic; where?: JsonLogic; label?: I18nText; cite?: string; formula?: Record<string, string>; round?: number }
  | { name: string; kind: 'countBy'; by: JsonLogic[]; label?: I18nText; cite?: string; formula?: Record<string, string>; keys?: Json[][] }
  | { name: string; kind: 'value'; expr: JsonLogic; label?: I18nText; cite?: string; formula?: Record<string, string>; round?: number }
  | { name: string; kind: 'escalations'; rule: string; label?: I18nText; cite?: string };

export interface PackTestExpectation {
  period: string;
  id: string;
  outputs: Record<string, Json>;
}

export interface PackTest {
  name: string;
  cite?: string;
  parameters?: Record<string, Json>;
  input: Envelope;
  expect?: PackTestExpectation[];
  expectSummary?: { period: string; summary: Record<string, Json> }[];
  /** For invalid-input cases: exactly these pointers are reported. */
  expectErrors?: string[];
}

export interface Pack {
  $schema?: string;
  id: string;
  version: string;
  title: I18nText;
  description?: I18nText;
  source: SourceRef;
  locality: I18nText;
  period: PeriodKind;
  subject: { kind: string; label: I18nText };
  /** JSON Schema of one subject's inputs (without `id`). Numeric keywords may be { "$param": name }. */
  input: Record<string, unknown>;
  /** JSON Schema of one scope's facts, and the input field that names a subject's scope. */
  scopes?: { schema: Record<string, unknown>; ref?: string };
  parameters: Record<string, ParameterDef>;
  /** Parameters whose values must add up to `sum`. */
  weightGroups?: { params: string[]; sum: number; label?: I18nText }[];
  rules: Rule[];
  outputs: string[];
  /** Words for the values of outputs, by output name, then by the value as a string ("true", "excellent", "4"). */
  valueLabels?: Record<string, Record<string, I18nText>>;
  summary?: SummaryRule[];
  tests?: PackTest[];
}

export interface EnvelopePeriod {
  period: string;
  subjects: ({ id: string } & Record<string, unknown>)[];
  scopes?: Record<string, Record<string, unknown>>;
}

export interface Envelope {
  periods: EnvelopePeriod[];
  parameters?: Record<string, unknown>;
}

export interface TraceEntry {
  rule: string;
  kind: RuleKind | 'summary';
  value: unknown;
  expr?: JsonLogic;
  formula?: string;
  /** Inputs, parameters and earlier values this rule read, by name. */
  inputs?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
  values?: Record<string, unknown>;
  /** What fired: the band, the veto, the ladder level, the quota, the periods counted. */
  fired?: Record<string, unknown> | null;
  cite?: string;
}

export interface SubjectResult {
  id: string;
  outputs: Record<string, unknown>;
  trace?: TraceEntry[];
}

export interface PeriodResult {
  period: string;
  results: SubjectResult[];
  summary: Record<string, unknown>;
}

export interface OutputEnvelope {
  pack: { id: string; version: string };
  periods: PeriodResult[];
}
