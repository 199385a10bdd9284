import { classifyChanges } from '@engine/diff/classify';
import type { Pack } from '@engine/types';
import { pick } from '@/api/http';
import type { ChangeLevel, PackChange, PackDocument, VersionChanges } from '@/api/packs';

/** The groups a change list is read in: 不兼容变更, 新增, 调整 (by the version bump each change needs). */
export const CHANGE_LEVELS: readonly ChangeLevel[] = ['major', 'minor', 'patch'];

export interface ChangeGroup {
  level: ChangeLevel;
  items: { text: string; pointer: string; kind: string }[];
}

/** Changes grouped by level, most serious first; empty groups left out; each item in the UI language. */
export function groupChanges(changes: readonly PackChange[], locale: string): ChangeGroup[] {
  return CHANGE_LEVELS.map((level) => ({
    level,
    items: changes.filter((c) => c.level === level).map((c) => ({ text: pick(c.message, locale), pointer: c.pointer, kind: c.kind })),
  })).filter((g) => g.items.length > 0);
}

/** What the publish dialog offers: publish as numbered, or renumber to the proposed version first. */
export interface PublishPlan {
  base: string | null;
  draft: string;
  proposed: string;
  /** The bump the changes need; 'first' when nothing is published yet (there is nothing to compare with). */
  level: ChangeLevel | 'none' | 'first';
  action: 'publish' | 'renumberThenPublish';
  /** The number to publish under. */
  target: string;
}

export function publishPlan(draft: string, c: VersionChanges): PublishPlan {
  const renumber = !c.satisfies;
  return { base: c.base, draft, proposed: c.proposed, level: c.base ? c.level : 'first', action: renumber ? 'renumberThenPublish' : 'publish', target: renumber ? c.proposed : draft };
}

/** The changes between two stored documents, worked out in the browser by the engine's own classifier. */
export function changesBetween(a: PackDocument, b: PackDocument): { level: ChangeLevel | 'none'; changes: PackChange[] } {
  return classifyChanges(a as unknown as Pack, b as unknown as Pack);
}
