/** Semantic versions (MAJOR.MINOR.PATCH[-pre]) as the pack schema allows them: the engine's, for the server. */
export { compareVersions as compareSemver, isSemver } from '../engine/diff/semver';
