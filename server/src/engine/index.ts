/**
 * The engine's public surface: validate, compile, evaluate, test and diff rule packs.
 * Pure TypeScript (no Node-only or framework imports) so the admin UI can run it too.
 */
export * from './types';
export * from './errors';
// The modules below land with the engine core; the signatures are the contract for the server and UI.
//
// validatePack(doc: unknown): KpError[]                      schema + semantic checks ([] when valid)
// compilePack(pack: Pack, overrides?: Record<string, unknown>): CompiledPack   throws KpValidationError
// CompiledPack: { id, version, pack, parameters (effective values), envelopeSchema }
// validateEnvelope(c: CompiledPack, env: unknown): KpError[]  pointers like /periods/0/subjects/3/peers/1/innovation
// evaluate(c: CompiledPack, env: unknown, opts?: { trace?: boolean; prior?: PriorPeriod[] }): OutputEnvelope   throws KpValidationError
// PriorPeriod: { period: string; subjects: { id: string; inputs?: Record<string, unknown>; outputs: Record<string, unknown> }[]; summary?: Record<string, unknown> }
// runPackTests(pack: Pack): PackTestReport                   { pack, passed, failed, cases[], coverage: { total, hit, missed[] } }
// diffPacks(a: Pack, b: Pack): PackDiff                      { from, to, parameters[], rules: { added, removed, changed }, meta[] }
// canonicalJson(value: unknown): string                      stable key order, for content hashes
// parseFormula(text: string): JsonLogic; printFormula(logic: unknown): string
