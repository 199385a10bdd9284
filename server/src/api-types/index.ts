/**
 * The shapes of the HTTP API (/api/v1), shared by the server and the admin UI: the UI imports them as
 * `import type … from '@kaoping/api'` (a tsconfig path to this file), the server's controllers declare their
 * answers with them. A field renamed here breaks `npm run typecheck` on both sides.
 *
 * Pure type declarations: nothing here may import NestJS, TypeORM or any runtime code (the engine's types are
 * pure TypeScript and are re-exported). Timestamps are `Time`: the server hands out `Date` values that JSON turns
 * into ISO strings, so the server checks against `X<Date>` and the UI reads `X` (strings).
 */
import type { ChangeLevel, PackChange } from '../engine/diff/classify';
import type { I18nText, Json, OutputEnvelope, Pack, SubjectResult, TraceEntry, EnvelopePeriod } from '../engine/types';
import type { BaselineResult, BreakdownGroup, ChangedSubject, SimulationResult, SimulationSummary, SweepRow, VariantResult } from '../engine/simulate/types';

export type { ChangeLevel, PackChange, I18nText, Json, OutputEnvelope, Pack, SubjectResult, TraceEntry, EnvelopePeriod };
export type { BaselineResult, BreakdownGroup, ChangedSubject, SimulationResult, SimulationSummary, SweepRow, VariantResult };

// ---------------------------------------------------------------------------------------------------- errors

/** A problem located by JSON Pointer (the server's KpError; `errors` of a 400/422 body). */
export interface PointerProblem {
  kind?: string;
  path: string;
  message: I18nText | string;
}

// ---------------------------------------------------------------------------------------------------- auth, orgs

export type Role = 'admin' | 'author' | 'publisher' | 'deployer' | 'analyst' | 'viewer';

/** The logged-in user (POST /auth/login's `user`). */
export interface Principal {
  id: string;
  username: string;
  roles: Role[];
  orgId: string;
  /** Materialised path of the user's organisation, e.g. "/root/shaoxing/keqiao/". */
  orgPath: string;
}

/** POST /auth/login */
export interface LoginReply {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: Principal;
}

export type OrgLevel = 'province' | 'city' | 'county' | 'township' | 'basic';

/** GET /orgs: one organisation of the user's subtree. */
export interface Org {
  id: string;
  parentId: string | null;
  nameZh: string;
  nameEn: string;
  level: OrgLevel;
  path: string;
}

/** GET /auth/me */
export interface Me {
  id: string;
  username: string;
  roles: Role[];
  org: { id: string; nameZh: string; nameEn: string; level: OrgLevel; path: string };
}

// ---------------------------------------------------------------------------------------------------- packs

export type VersionStatus = 'draft' | 'published';

/** A version without its document (lists, publish). The list of GET /packs carries only some of the fields. */
export interface VersionSummary<Time = string> {
  version: string;
  status: VersionStatus;
  contentHash: string;
  revision: number;
  createdBy?: string;
  createdAt?: Time;
  updatedBy?: string | null;
  updatedAt?: Time;
  publishedBy?: string | null;
  publishedAt?: Time | null;
}

/** GET /packs: every pack the user may see, with the versions they may see. */
export interface PackListItem<Time = string> {
  id: string;
  ownerOrgId: string;
  title: I18nText;
  locality: I18nText;
  latestPublished: string | null;
  versions: VersionSummary<Time>[];
}

/** GET /packs/:id */
export interface PackDetail<Time = string> {
  id: string;
  ownerOrgId: string;
  title: I18nText;
  locality: I18nText;
  /** Whether the user may edit drafts of it (its owner's subtree). */
  editable: boolean;
  versions: VersionSummary<Time>[];
}

/** GET /packs/:id/versions/:version (and the answers of create, save, renumber). */
export interface PackVersion<Time = string> extends VersionSummary<Time> {
  packId: string;
  document: Pack;
  /** A saved draft's problems (schema and semantic), by pointer under /document. */
  problems?: PointerProblem[];
}

/** POST …/validate and /packs/validate */
export interface ValidationReply {
  valid: boolean;
  errors: PointerProblem[];
}

/** GET /packs/:id/diff */
export interface PackDiff {
  from: unknown;
  to: unknown;
  parameters: { name: string; from: unknown; to: unknown }[];
  rules: { added: unknown[]; removed: unknown[]; changed: unknown[] };
  meta: unknown[];
}

export interface PackTestCase {
  name: string;
  ok: boolean;
  problems: (string | PointerProblem | Record<string, unknown>)[];
}

/** POST …/test: the pack's own tests, as `rules test` runs them. */
export interface PackTestReport {
  pack: { id: string; version: string };
  passed: number;
  failed: number;
  cases: PackTestCase[];
  coverage: { total: number; hit: number; missed: { id: string; label?: I18nText | string }[] };
}

/** GET …/changes: what a version changes against the newest published one, and the number that needs. */
export interface VersionChanges {
  /** The published version compared with (null: nothing published yet, so any number will do). */
  base: string | null;
  level: ChangeLevel | 'none';
  /** The least version number the changes allow (the version itself when there is no base). */
  proposed: string;
  /** Whether the version's own number is enough. */
  satisfies: boolean;
  changes: PackChange[];
}

// ---------------------------------------------------------------------------------------------------- deployments

/** A locality's own value of a local parameter: a number or a list of numbers, within the province's range (engine/compile/local.ts checkLocalValues). */
export type LocalValue = number | number[];

/** A parameter a locality may set within the province's range (engine/compile/local.ts localParameters). */
export interface LocalParameter {
  name: string;
  label: I18nText;
  unit: string | null;
  description: I18nText | null;
  default: LocalValue;
  min: number;
  max: number;
}

/** GET /deployments (with the organisation's names), GET /deployments/:id (with the local parameters). */
export interface Deployment<Time = string> {
  id: string;
  orgId: string;
  packId: string;
  version: string;
  /** YYYY-MM-DD: the version is in force for periods starting on or after it. */
  effectiveFrom: string;
  createdBy: string;
  createdAt: Time;
  orgNameZh?: string;
  orgNameEn?: string;
  /** The locality's own values of local parameters ({} = the pack's values). */
  parameters: Record<string, LocalValue>;
  /** The version's local parameters: label, unit, the province's default and range. */
  localParameters?: LocalParameter[];
}

/** POST /deployments */
export interface NewDeployment {
  orgId: string;
  packId: string;
  version: string;
  effectiveFrom: string;
  parameters?: Record<string, LocalValue>;
}

// ---------------------------------------------------------------------------------------------------- evaluations

/** GET /evaluations: one stored evaluation without its input and results. */
export interface EvaluationMeta<Time = string> {
  id: string;
  batchId: string;
  orgId: string;
  packId: string;
  version: string;
  contentHash: string;
  period: string;
  /** YYYY-MM-DD */
  periodStart: string;
  parameters: Record<string, unknown> | null;
  subjects: number;
  createdBy: string;
  createdAt: Time;
  orgNameZh: string;
  orgNameEn: string;
  /** The latest evaluation of its (organisation, pack, period). */
  current: boolean;
}

/** GET /evaluations/:id: the input snapshot, the results (with `?trace=true` each subject's trace) and the summary. */
export interface Evaluation<Time = string> extends Omit<EvaluationMeta<Time>, 'subjects' | 'current' | 'orgNameZh' | 'orgNameEn'> {
  input: EnvelopePeriod;
  results: SubjectResult[];
  summary: Record<string, unknown>;
}

/** GET /evaluations/:id?explain=zh-CN|en: every result also carries one sentence per output. */
export type ExplainedEvaluation<Time = string> = Omit<Evaluation<Time>, 'results'> & { results: (SubjectResult & { explanation?: Record<string, string> })[] };

/** POST /evaluations/:id/reproduce */
export interface ReproduceReply {
  evaluationId: string;
  period: string;
  packId: string;
  version: string;
  identical: boolean;
  traceCompared: boolean;
  differences: unknown[];
}

// ---------------------------------------------------------------------------------------------------- periods

/** POST /orgs/:orgId/packs/:packId/periods/:period/upload: the stored, valid upload. */
export interface PeriodUpload<Time = string> {
  uploadId: string;
  orgId: string;
  packId: string;
  period: string;
  version: string;
  filename: string | null;
  subjects: number;
  /** The file's columns as recognised: the header text and the input's pointer it fills. */
  columns: { column: string; pointer: string }[];
  /** The first rows (at most 50): the Excel row number, the subject id and the values by pointer. */
  preview: { row: number; id: string; values: Record<string, unknown> }[];
  createdAt: Time;
}

/** …/evaluate answered at once (201). */
export interface PeriodEvaluated {
  evaluationId: string;
  previousEvaluationId: string | null;
  period: string;
  version: string;
  subjects: number;
  changed: number;
}

export type PeriodJobState = 'queued' | 'running' | 'done' | 'failed';

/** GET /period-jobs/:id */
export interface PeriodJob {
  id: string;
  state: PeriodJobState;
  done: number;
  total: number;
  evaluationId: string | null;
  previousEvaluationId: string | null;
  changed: number | null;
  error: I18nText | null;
}

/** One output of one subject that differs between two runs of a period, with its label and labelled values. */
export interface OutputChange {
  output: string;
  label: string;
  before: unknown;
  after: unknown;
  beforeLabel: string;
  afterLabel: string;
}

/** GET /evaluations/:id/changes: against the run of the same period before it. */
export interface EvaluationChanges {
  evaluationId: string;
  previousEvaluationId: string | null;
  changed: { id: string; outputs: OutputChange[]; explanation: string }[];
  added: string[];
  removed: string[];
}

// ---------------------------------------------------------------------------------------------------- datasets, simulations

/** GET /datasets (and the answers of create, upload, generate). */
export interface DatasetSummary<Time = string> {
  id: string;
  orgId?: string;
  packId: string;
  version: string;
  name: string;
  source: string;
  subjects: number;
  periods: string[];
  /** A generated set's recipe (it is generated where it runs). */
  recipe?: { n: number; seed: number; from?: 'demo' | 'schema' } | null;
  createdBy?: string;
  createdAt: Time;
}

export type JobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

/** GET /simulations/:id (and the answers of start, sweep, cancel). */
export interface SimulationJob<Time = string> {
  id: string;
  kind?: 'simulate' | 'sweep';
  status: JobStatus;
  /** 0..1 */
  progress: number;
  error?: { kind: string; message?: I18nText; errors?: PointerProblem[] } | null;
  datasetId?: string;
  createdAt?: Time;
}

/**
 * GET /simulations/:id/result: the engine's result as it was stored. Results stored before units were added
 * have no `baseline.units`.
 */
export type StoredSimulationResult = Omit<SimulationResult, 'baseline'> & { baseline: Omit<BaselineResult, 'units'> & { units?: Record<string, string> } };

/** GET /simulations/:id/trace: one subject's trace in the baseline and in the variant. */
export interface SubjectTraces {
  before: TraceEntry[] | null;
  after: TraceEntry[] | null;
}
