/**
 * Every cite is the document's own words: a verbatim sentence of the pack's source document, or sentences of
 * it joined by "……" (issues 15, 16). Whitespace is ignored (the documents wrap and pad numbers: "50 分").
 * Published versions never change, so the older ones whose cites were corrected in a later version are known.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Pack } from '../../server/src/engine';
import { allPackRefs, loadPackRef, packsDir } from '../../server/src/cli/pack-ref';
import { compareSemver } from '../../server/src/common/semver';

const SOURCES = join(packsDir(), 'sources');
const squash = (s: string) => s.replace(/\s+/g, '');

/** Every cite of a pack document, by pointer: rules, ladder checks, quotas, parameters, summary figures, tests. */
export function citesOf(pack: Pack): [string, string][] {
  const out: [string, string][] = [];
  const add = (at: string, c: unknown) => {
    if (typeof c === 'string' && c.trim()) out.push([at, c]);
  };
  pack.rules.forEach((r, i) => {
    add(`/rules/${i}/cite`, r.cite);
    if (r.kind === 'ladder') r.levels.forEach((l, li) => l.checks.forEach((c, ci) => add(`/rules/${i}/levels/${li}/checks/${ci}/cite`, c.cite)));
    if (r.kind === 'quota') r.quotas.forEach((q, qi) => add(`/rules/${i}/quotas/${qi}/cite`, q.cite));
  });
  for (const [k, p] of Object.entries(pack.parameters)) add(`/parameters/${k}/cite`, p.cite);
  (pack.summary ?? []).forEach((s, i) => add(`/summary/${i}/cite`, s.cite));
  (pack.tests ?? []).forEach((t, i) => add(`/tests/${i}/cite`, t.cite));
  return out;
}

/** The pointers of the cites with a piece (between "……") that is not in the document. */
export function badCites(pack: Pack, document: string): string[] {
  const doc = squash(document);
  return citesOf(pack)
    .filter(([, c]) => c.split(/……|…/).some((piece) => squash(piece) !== '' && !doc.includes(squash(piece))))
    .map(([at]) => at);
}

/** Published versions whose cites joined sentences without "……"; the versions after them mark the gap. */
const KNOWN: Record<string, string[]> = {
  'prison-dedication-points@1.0.0': ['/rules/0/cite', '/tests/4/cite', '/tests/10/cite'],
  'rehab-branch-stars@1.0.0': ['/rules/0/cite', '/rules/1/cite', '/rules/2/cite'],
  'rehab-member-stars@1.0.0': ['/rules/0/cite', '/rules/1/cite'],
  'rehab-member-stars@1.1.0': ['/rules/0/cite', '/rules/1/cite'],
};

const refs = allPackRefs();
const newest = new Set(
  Object.values(
    refs.reduce<Record<string, string>>((m, ref) => {
      const [id, v] = ref.split('@');
      if (!m[id] || compareSemver(v, m[id].split('@')[1]) > 0) m[id] = ref;
      return m;
    }, {}),
  ),
);

describe('cites are the source documents’ own words', () => {
  it('the copies in rule-packs/sources are the shared seed documents', () => {
    const files = readdirSync(SOURCES).filter((f) => f.endsWith('.txt'));
    expect(files.length).toBe(5);
    const shared = join(__dirname, '../../../shared/seeds');
    if (existsSync(shared)) for (const f of files) expect([f, readFileSync(join(SOURCES, f), 'utf8') === readFileSync(join(shared, f), 'utf8')]).toEqual([f, true]);
  });

  it('finds a cite that joins two sentences without "……", and accepts it with the gap marked', () => {
    const doc = readFileSync(join(SOURCES, '004_822f055f1bbc1e43.txt'), 'utf8');
    const pack = { rules: [{ name: 'x', kind: 'value', expr: 1, cite: '积分主要包括日常积分、增分和减分三部分。民主评议减分，每年召开一次由全体党员和群众代表参加的民主评议党员会议' }], parameters: {} } as unknown as Pack;
    expect(badCites(pack, doc)).toEqual(['/rules/0/cite']);
    (pack.rules[0] as { cite: string }).cite = '积分主要包括日常积分、增分和减分三部分。……民主评议减分，每年召开一次由全体党员和群众代表参加的民主评议党员会议';
    expect(badCites(pack, doc)).toEqual([]);
  });

  describe.each(refs)('%s', (ref) => {
    const pack = loadPackRef(ref).doc as Pack;
    it(newest.has(ref) ? 'newest version: every cite is verbatim' : 'every cite is verbatim, or a known one fixed in a later version', () => {
      const file = join(SOURCES, pack.source.document);
      expect(existsSync(file)).toBe(true);
      const bad = badCites(pack, readFileSync(file, 'utf8'));
      expect(bad).toEqual(newest.has(ref) ? [] : KNOWN[ref] ?? []);
    });
  });
});
