import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { conflict } from '../common/api-error';

/**
 * The ids of the seed packs (the folders of rule-packs/ holding a version file): reserved to the province, the
 * root organisation, whether they are imported yet or not.
 */
export function seedPackIds(packsDir: string): Set<string> {
  if (!existsSync(packsDir)) return new Set();
  const ids = readdirSync(packsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && readdirSync(join(packsDir, d.name)).some((f) => /^\d+\.\d+\.\d+.*\.json$/.test(f)))
    .map((d) => d.name);
  return new Set(ids);
}

/**
 * The one answer to an id that cannot be taken, whoever holds it (this organisation, another one out of the
 * caller's sight, or the province's reserved seed ids): nothing tells them apart.
 */
export const packIdNotAvailable = (id: string) =>
  conflict('PackIdNotAvailable', `方案编号 ${id} 不可用，请换一个。`, `The pack id ${id} is not available; choose another.`, { path: '/document/id' });
