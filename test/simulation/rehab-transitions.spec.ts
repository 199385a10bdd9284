import { join } from 'node:path';
import { compilePack, evaluate } from '../../server/src/engine';
import { run } from '../../server/src/cli/commands/simulate';
import { loadDemo, loadPack, ROOT, runCli } from './support';

const PACK = 'rehab-branch-stars';
const DEMO = join(ROOT, 'rule-packs', PACK, 'demo.json');
const BANDS_88 = [60, 70, 80, 88, 96];

/** The expected matrix, counted by hand from two independent evaluations (what two `rules eval` runs print). */
function expectedTransitions(output: string) {
  const pack = loadPack(PACK);
  const env = loadDemo(PACK);
  const before = evaluate(compilePack(pack), env);
  const after = evaluate(compilePack(pack, { starBands: BANDS_88 }), env);
  const m: Record<string, Record<string, number>> = {};
  before.periods.forEach((p, i) => {
    p.results.forEach((r, j) => {
      const a = after.periods[i].results[j];
      expect(a.id).toBe(r.id);
      const from = String(r.outputs[output]);
      const to = String(a.outputs[output]);
      m[from] ??= {};
      m[from][to] = (m[from][to] ?? 0) + 1;
    });
  });
  return { m, before, after };
}

describe('simulate rehab-branch-stars on its demo data', () => {
  it('moving the 4★ band from 90 to 88 gives exactly the transition matrix of two evaluations', async () => {
    const { m, before, after } = expectedTransitions('stars');
    const res = await runCli(run, [PACK, '--input', DEMO, '--set', `starBands=${JSON.stringify(BANDS_88)}`]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    // a bare id simulates the newest version: 1.0.1 (cites marked with ……, the same rules as 1.0.0)
    expect(out.baseline.pack).toEqual({ id: PACK, version: '1.0.1' });
    expect(out.variants).toHaveLength(1);
    const v = out.variants[0];
    expect(v.transitions.stars).toEqual(m);
    // The band move only lifts 3★ subjects scoring in [88, 90) to 4★; something must actually move.
    expect(Object.keys(m['3'])).toEqual(expect.arrayContaining(['3', '4']));
    expect(m['3']['4']).toBeGreaterThan(0);

    // Every changed subject-period is listed with before/after, and nothing else is.
    const changed: { period: string; id: string; outputs: Record<string, [unknown, unknown]> }[] = [];
    before.periods.forEach((p, i) =>
      p.results.forEach((r, j) => {
        const a = after.periods[i].results[j];
        const diff: Record<string, [unknown, unknown]> = {};
        for (const k of Object.keys(r.outputs)) if (JSON.stringify(r.outputs[k]) !== JSON.stringify(a.outputs[k])) diff[k] = [r.outputs[k], a.outputs[k]];
        if (Object.keys(diff).length) changed.push({ period: p.period, id: r.id, outputs: diff });
      }),
    );
    expect(v.changedCount).toBe(changed.length);
    expect(v.changed).toEqual(changed);

    // Distributions count subject-periods.
    const subjects = before.periods.reduce((n, p) => n + p.results.length, 0);
    expect(Object.values(v.distributions.stars as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(subjects);
    expect(out.baseline.subjects).toBe(subjects);
  });

  it('lists every grade-like output, unchanged pairs included, and no decimal output', async () => {
    const res = await runCli(run, [PACK, '--input', DEMO, '--set', `starBands=${JSON.stringify(BANDS_88)}`]);
    const v = JSON.parse(res.stdout).variants[0];
    expect(Object.keys(v.transitions).sort()).toEqual(['commended', 'eligibleBureauAwards', 'eligibleCenterAwards', 'fourStarYears', 'rectification', 'stars', 'vetoed'].sort());
    expect(v.transitions.score).toBeUndefined();
    expect(v.transitions.vetoed).toEqual(expectedTransitions('vetoed').m);
    expect(v.transitions.eligibleCenterAwards).toEqual(expectedTransitions('eligibleCenterAwards').m);
  });

  it('totals nothing: no output is money (the bonus index is a coefficient; exact money totals: engine/simulate/money.spec)', async () => {
    const res = await runCli(run, [PACK, '--input', DEMO, '--set', `starBands=${JSON.stringify(BANDS_88)}`]);
    const out = JSON.parse(res.stdout);
    expect(out.baseline.totals).toEqual({});
    expect(out.variants[0].totals).toEqual({});
    expect(out.variants[0].totalsDelta).toEqual({});
  });

  it('a sweep returns one row per step, and the 88 row matches the 88 variant', async () => {
    const res = await runCli(run, [PACK, '--input', DEMO, '--set', `starBands=${JSON.stringify(BANDS_88)}`, '--sweep', 'starBands.3=86:90:0.5']);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.sweep.map((r: any) => r.value)).toEqual([86, 86.5, 87, 87.5, 88, 88.5, 89, 89.5, 90]);
    const at88 = out.sweep.find((r: any) => r.value === 88);
    expect(at88.summary.counts.stars).toEqual(out.variants[0].distributions.stars);
    expect(at88.summary.changed).toBe(out.variants[0].changedCount);
    const at90 = out.sweep.find((r: any) => r.value === 90);
    expect(at90.summary.changed).toBe(0);
    expect(at90.summary.counts.stars).toEqual(out.baseline.distributions.stars);
    // Lowering the 4★ line never gives fewer 4★-or-better subjects.
    const atLeast4 = out.sweep.map((r: any) => (r.summary.counts.stars['4'] ?? 0) + (r.summary.counts.stars['5'] ?? 0));
    for (let i = 1; i < atLeast4.length; i++) expect(atLeast4[i]).toBeLessThanOrEqual(atLeast4[i - 1]);
  });

  it('rejects a bad override and a bad sweep by pointer, exit 2, nothing on stdout', async () => {
    const bad = await runCli(run, [PACK, '--input', DEMO, '--set', 'starBands=[60,70,80,98,96]']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('/variants/0/parameters/starBands/4');
    const sweep = await runCli(run, [PACK, '--input', DEMO, '--sweep', 'starBands.3=90:86:1']);
    expect(sweep.code).toBe(2);
    expect(sweep.stderr).toContain('/sweep/step');
  });

  it('attaches both traces to changed subjects on request', async () => {
    const res = await runCli(run, [PACK, '--input', DEMO, '--set', `starBands=${JSON.stringify(BANDS_88)}`, '--traces', '--max-changed', '2']);
    const v = JSON.parse(res.stdout).variants[0];
    expect(v.changed).toHaveLength(2);
    const stars = (t: any[]) => t.find((e) => e.rule === 'stars');
    expect(stars(v.changed[0].trace.before).value).toBe(v.changed[0].outputs.stars[0]);
    expect(stars(v.changed[0].trace.after).value).toBe(v.changed[0].outputs.stars[1]);
  });

  it('compares another pack version given by --variant, with --set applied to it, and breaks down --by a field', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const pack = loadPack(PACK);
    const next = { ...pack, version: '1.1.0', parameters: { ...pack.parameters, satisfactionVeto: { ...pack.parameters.satisfactionVeto, value: 0.9 } } };
    const file = join(mkdtempSync(join(tmpdir(), 'kp-sim-')), '1.1.0.json');
    writeFileSync(file, JSON.stringify(next));
    const res = await runCli(run, [PACK, '--input', DEMO, '--variant', file, '--set', `starBands=${JSON.stringify(BANDS_88)}`, '--by', 'majorIncident']);
    expect(res.stderr).toBe('');
    const v = JSON.parse(res.stdout).variants[0];
    expect(v.pack).toEqual({ id: PACK, version: '1.1.0' });
    expect(v.name).toBe(`${PACK}@1.1.0 starBands=${JSON.stringify(BANDS_88)}`);
    const env = loadDemo(PACK);
    const after = evaluate(compilePack(next, { starBands: BANDS_88 }), env);
    const vetoed = after.periods.flatMap((p) => p.results).filter((r) => r.outputs.vetoed).length;
    expect(v.distributions.vetoed.true).toBe(vetoed);
    expect(v.breakdown.by).toBe('majorIncident');
    expect(Object.values(v.breakdown.groups as Record<string, { subjects: number }>).reduce((n, g) => n + g.subjects, 0)).toBe(882);
  });
});
