import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import { compareSemver } from '../common/semver';
import { classifyChanges, nextVersion, versionSatisfies, type ChangeLevel, type PackChange } from '../engine/diff/classify';
import type { Pack } from '../engine/types';
import type { PackVersion } from './pack-versions.repo';
import type { VersionChanges } from '../api-types';

/** What a version changes against the newest published version before it, and the number that change needs (server/src/api-types). */
export type { VersionChanges } from '../api-types';

/**
 * Compare `document` (version `version`) with the newest published version of the pack. A published version is
 * compared with the newest one published before it, so its history reads the same later on.
 */
export function versionChanges(all: PackVersion[], version: string, document: Pack, isPublished: boolean): VersionChanges {
  const base = all
    .filter((x) => x.status === 'published' && x.version !== version && (!isPublished || compareSemver(x.version, version) < 0))
    .sort((a, b) => compareSemver(b.version, a.version))[0];
  if (!base) return { base: null, level: 'none', proposed: version, satisfies: true, changes: [] };
  const { level, changes } = classifyChanges(base.document, document);
  return {
    base: base.version,
    level,
    proposed: nextVersion(base.version, level === 'none' ? 'patch' : level),
    satisfies: versionSatisfies(base.version, version, level),
    changes,
  };
}

const NEEDS: Record<ChangeLevel | 'none', [string, string]> = {
  major: ['有不兼容的变更，须提升主版本号', 'has breaking changes, which need a new major version'],
  minor: ['有新增内容，须至少提升次版本号', 'adds to it, which needs at least a new minor version'],
  patch: ['有调整，版本号须更高', 'changes it, which needs a greater version'],
  none: ['没有变化，版本号仍须更高', 'changes nothing; the version must still be greater'],
};

/** 422 for a draft whose number is too low for its changes: the pointer /version, the level, the proposed number, the changes. */
export function versionTooLow(id: string, version: string, c: VersionChanges): ApiError {
  const [zh, en] = NEEDS[c.level];
  const message = {
    'zh-CN': `与已发布的 ${id}@${c.base} 相比，草稿${zh}：建议版本号 ${c.proposed}（草稿为 ${version}）。`,
    en: `Compared with the published ${id}@${c.base}, the draft ${en}: proposed ${c.proposed} (the draft is ${version}).`,
  };
  return new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'VersionTooLow', message['zh-CN'], message.en, {
    errors: [{ kind: 'VersionTooLow', path: '/version', message }],
    base: c.base,
    level: c.level,
    proposed: c.proposed,
    changes: c.changes,
  });
}
