import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { compilePack, Json, Pack } from '../../server/src/engine';
import { generateSubjects, Profile } from './generate';
import { ouhaiYears } from './ouhai';
import type { BenchPeriod } from './comparators';

export const ROOT = join(__dirname, '..', '..');

export function loadPack(id: string, version: string): Pack {
  return JSON.parse(readFileSync(join(ROOT, 'rule-packs', id, `${version}.json`), 'utf8')) as Pack;
}

export function packExists(id: string, version: string): boolean {
  return existsSync(join(ROOT, 'rule-packs', id, `${version}.json`));
}

/** Value ranges that give every grade a fair share of subjects (uniform inputs would veto most members). */
export const PROFILES: Record<string, Profile> = {
  'rehab-member-stars': {
    'branch.politics': { range: [8, 20], step: 0.5 },
    'branch.duty': { range: [8, 20], step: 0.5 },
    'branch.lawAbiding': { range: [8, 20], step: 0.5 },
    'branch.study': { range: [8, 20], step: 0.5 },
    'branch.overtime': { range: [8, 20], step: 0.5 },
    'peers[].politics': { range: [8, 20], step: 0.5 },
    'peers[].duty': { range: [8, 20], step: 0.5 },
    'peers[].lawAbiding': { range: [8, 20], step: 0.5 },
    'peers[].study': { range: [8, 20], step: 0.5 },
    'peers[].overtime': { range: [8, 20], step: 0.5 },
    satisfaction: { range: [0.76, 1], step: 0.01 },
    majorIncident: { pTrue: 0.01 },
    violation: { pTrue: 0.01 },
  },
  'chengzhuang-checklist-steps': {
    key: { range: [33, 45] },
    basic: { range: [35, 55] },
    innovation: { range: [0, 10] },
  },
  'yongxi-red-flag': {},
};

export interface BenchPack {
  pack: Pack;
  params: Record<string, Json>;
  subjects(n: number, seed: number): Record<string, unknown>[];
  /**
   * `count` consecutive periods of n subjects each, the same ids in the same order; periods come in pairs of equal
   * inputs (2024-Q2 repeats 2024-Q1) so that runs and counts over periods reach past 1. ouhai: its own years.
   */
  periods(n: number, count: number, seed: number): BenchPeriod[];
}

export function benchPack(id: string, version: string): BenchPack {
  const pack = loadPack(id, version);
  const params = compilePack(pack).parameters as Record<string, Json>;
  const subjects = (n: number, seed: number) => generateSubjects(pack, params, PROFILES[id] ?? {}, n, seed);
  const periods =
    id === 'ouhai-commendation'
      ? (n: number, count: number, seed: number): BenchPeriod[] => ouhaiYears(n, count, seed, Number(periodOf(pack)))
      : (n: number, count: number, seed: number): BenchPeriod[] => Array.from({ length: count }, (_, k) => ({ period: periodOf(pack, k), subjects: subjects(n, seed + (k >> 1)) }));
  return { pack, params, subjects, periods };
}

/** A period label of the pack's kind (the benchmark evaluates one period). */
export function periodOf(pack: Pack, offset = 0): string {
  if (pack.period === 'year') return String(2024 + offset);
  const per = pack.period === 'quarter' ? 4 : 6;
  const i = 2024 * per + offset;
  return `${Math.floor(i / per)}-${pack.period === 'quarter' ? 'Q' : 'B'}${(i % per) + 1}`;
}
