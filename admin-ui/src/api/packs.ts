import { http, send, type I18nText, type PointerProblem } from './http';

export type VersionStatus = 'draft' | 'published';

export interface VersionSummary {
  version: string;
  status: VersionStatus;
  contentHash: string;
  revision: number;
  createdBy?: string;
  createdAt?: string;
  updatedBy?: string | null;
  updatedAt?: string;
  publishedBy?: string | null;
  publishedAt?: string | null;
}

export interface PackListItem {
  id: string;
  ownerOrgId: string;
  title: I18nText;
  locality: I18nText;
  latestPublished: string | null;
  versions: VersionSummary[];
}

export interface PackDetail {
  id: string;
  ownerOrgId: string;
  title: I18nText;
  locality: I18nText;
  editable: boolean;
  versions: VersionSummary[];
}

// The pack document is edited as text; the UI reads only a few of its fields, typed loosely on purpose.
export type PackDocument = Record<string, unknown> & { id: string; version: string };

export interface PackVersion extends VersionSummary {
  packId: string;
  document: PackDocument;
  problems?: PointerProblem[];
}

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

export interface PackTestReport {
  pack: { id: string; version: string };
  passed: number;
  failed: number;
  cases: PackTestCase[];
  coverage: { total: number; hit: number; missed: { id: string; label?: I18nText | string }[] };
}

const enc = encodeURIComponent;
const vpath = (id: string, version: string) => `/packs/${enc(id)}/versions/${enc(version)}`;

export const listPacks = () => http.get<PackListItem[]>('/packs');
export const getPack = (id: string) => http.get<PackDetail>(`/packs/${enc(id)}`);
export const diffVersions = (id: string, from: string, to: string) => http.get<PackDiff>(`/packs/${enc(id)}/diff`, { query: { from, to } });

/** A version with the ETag of its revision, which a later save must send back as If-Match. */
export async function getVersion(id: string, version: string): Promise<{ version: PackVersion; etag: string | null }> {
  const r = await send<PackVersion>('GET', vpath(id, version));
  return { version: r.data, etag: r.etag };
}

export async function saveDraft(id: string, version: string, document: unknown, etag: string): Promise<{ version: PackVersion; etag: string | null }> {
  const r = await send<PackVersion>('PUT', vpath(id, version), { body: document, headers: { 'If-Match': etag } });
  return { version: r.data, etag: r.etag };
}

export const createVersion = (id: string, version: string, from?: string) =>
  http.post<PackVersion>(`/packs/${enc(id)}/versions`, from ? { version, from } : { version });
export const createPack = (document: unknown, ownerOrgId?: string) => http.post<PackVersion>('/packs', ownerOrgId ? { document, ownerOrgId } : { document });
export const deleteDraft = (id: string, version: string) => http.del<void>(vpath(id, version));
export const publishVersion = (id: string, version: string) => http.post<VersionSummary>(`${vpath(id, version)}/publish`);
export const validateVersion = (id: string, version: string) => http.post<{ valid: boolean; errors: PointerProblem[] }>(`${vpath(id, version)}/validate`);
export const testVersion = (id: string, version: string) => http.post<PackTestReport>(`${vpath(id, version)}/test`);
/** Schema and semantic checks of a document that is not saved (the editor's 检查): pointers under /document. */
export const validateDocument = (document: unknown) => http.post<{ valid: boolean; errors: PointerProblem[] }>('/packs/validate', { document });

export interface EvalSubjectResult {
  id: string;
  outputs: Record<string, unknown>;
  trace?: TraceEntry[];
}
export interface TraceEntry {
  rule: string;
  kind: string;
  value: unknown;
  expr?: unknown;
  formula?: string;
  inputs?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
  values?: Record<string, unknown>;
  fired?: Record<string, unknown> | null;
  cite?: string;
}
export interface OutputEnvelope {
  pack: { id: string; version: string };
  periods: { period: string; results: EvalSubjectResult[]; summary: Record<string, unknown> }[];
}

/** Evaluate without storing (the editor's "try it"). */
export const tryEvaluate = (id: string, version: string, envelope: unknown) =>
  http.post<OutputEnvelope>(`${vpath(id, version)}/evaluate`, envelope, { query: { trace: true } });

/** One change since the newest published version, in the users' words (server/src/engine/diff/classify.ts). */
export type ChangeLevel = 'major' | 'minor' | 'patch';
export interface PackChange {
  level: ChangeLevel;
  kind: string;
  pointer: string;
  message: I18nText;
}
/** GET …/changes: what a version changes against the newest published one, and the number that needs. */
export interface VersionChanges {
  base: string | null;
  level: ChangeLevel | 'none';
  proposed: string;
  satisfies: boolean;
  changes: PackChange[];
}
export const versionChanges = (id: string, version: string) => http.get<VersionChanges>(`${vpath(id, version)}/changes`);

/** Give a draft another version number (PATCH; the document's `version` follows). */
export async function renumberDraft(id: string, version: string, to: string): Promise<{ version: PackVersion; etag: string | null }> {
  const r = await send<PackVersion>('PATCH', vpath(id, version), { body: { version: to } });
  return { version: r.data, etag: r.etag };
}
