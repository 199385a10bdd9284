import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { compareSemver, isSemver } from '../common/semver';
import type { Pack } from '../engine';

/** Where the packs live: rule-packs/ under the working directory (the repo root), or KP_PACKS_DIR. */
export function packsDir(): string {
  return process.env.KP_PACKS_DIR ?? resolve(process.cwd(), 'rule-packs');
}

export interface LoadedPack {
  /** The document as parsed (not yet validated). */
  doc: unknown;
  file: string;
  /** The id and version the file's place implies (folder and file name), when it sits in rule-packs/. */
  expected?: { id: string; version: string };
}

/** Versions of a pack folder, oldest first (files named <semver>.json). */
export function versionsOf(id: string, dir = packsDir()): string[] {
  const folder = join(dir, id);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json') && isSemver(f.slice(0, -5)))
    .map((f) => f.slice(0, -5))
    .sort(compareSemver);
}

/** Every pack file in rule-packs/, as references id@version. */
export function allPackRefs(dir = packsDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => versionsOf(d.name, dir).map((v) => `${d.name}@${v}`))
    .sort();
}

/** Resolves `<id>` (newest version), `<id>@<version>` or a file path, and reads the JSON. */
export function loadPackRef(ref: string, dir = packsDir()): LoadedPack {
  let file: string;
  let expected: LoadedPack['expected'];
  if (ref.endsWith('.json') || ref.includes('/')) {
    file = resolve(ref);
    const v = basename(file, '.json');
    if (isSemver(v)) expected = { id: basename(dirname(file)), version: v };
  } else {
    const [id, version] = ref.split('@');
    const versions = versionsOf(id, dir);
    if (!versions.length) throw new Error(`pack "${id}" not found in ${dir}`);
    const v = version ?? versions[versions.length - 1];
    if (!versions.includes(v)) throw new Error(`pack "${id}" has no version ${v} (has ${versions.join(', ')})`);
    file = join(dir, id, `${v}.json`);
    expected = { id, version: v };
  }
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  return { doc, file, expected };
}

/** Reads a JSON input file, or stdin for "-". */
export function readJsonFile(path: string): unknown {
  const text = path === '-' ? readFileSync(0, 'utf8') : readFileSync(resolve(path), 'utf8');
  return JSON.parse(text);
}

export function asPack(doc: unknown): Pack {
  return doc as Pack;
}
