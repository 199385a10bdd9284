import type { OutputEnvelope, PackDetail, PackDiff, PackListItem, PackTestReport, PackVersion as ServerPackVersion, ValidationReply, VersionChanges, VersionSummary } from '@kaoping/api';
import { http, send } from './http';

// the shapes are the server's (server/src/api-types, via the @kaoping/api path): a renamed field breaks `npm run typecheck`

export type { PackDetail, PackListItem, PackTestReport, VersionChanges, VersionSummary };
export type { ChangeLevel, PackChange, PackDiff, PackTestCase, ValidationReply, VersionStatus } from '@kaoping/api';
export type { OutputEnvelope, SubjectResult as EvalSubjectResult, TraceEntry } from '@kaoping/api';

/**
 * The document as the editor holds it: text being edited, read through a few fields, typed loosely on purpose
 * (a draft may not be a valid pack yet). The server declares it as the engine's Pack.
 */
export type PackDocument = Record<string, unknown> & { id: string; version: string };

/** A version as the UI reads it: the server's PackVersion, with its document seen as a PackDocument. */
export type PackVersion = Omit<ServerPackVersion, 'document'> & { document: PackDocument };

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
export const validateVersion = (id: string, version: string) => http.post<ValidationReply>(`${vpath(id, version)}/validate`);
export const testVersion = (id: string, version: string) => http.post<PackTestReport>(`${vpath(id, version)}/test`);
/** Schema and semantic checks of a document that is not saved (the editor's 检查): pointers under /document. */
export const validateDocument = (document: unknown) => http.post<ValidationReply>('/packs/validate', { document });

/** Evaluate without storing (the editor's "try it"). */
export const tryEvaluate = (id: string, version: string, envelope: unknown) =>
  http.post<OutputEnvelope>(`${vpath(id, version)}/evaluate`, envelope, { query: { trace: true } });

export const versionChanges = (id: string, version: string) => http.get<VersionChanges>(`${vpath(id, version)}/changes`);

/** Give a draft another version number (PATCH; the document's `version` follows). */
export async function renumberDraft(id: string, version: string, to: string): Promise<{ version: PackVersion; etag: string | null }> {
  const r = await send<PackVersion>('PATCH', vpath(id, version), { body: { version: to } });
  return { version: r.data, etag: r.etag };
}
