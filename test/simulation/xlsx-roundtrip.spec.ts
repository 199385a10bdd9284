import ExcelJS from 'exceljs';
import { simulate } from '../../server/src/engine/simulate';
import { importTable } from '../../server/src/datasets/import';
import { readTable } from '../../server/src/datasets/table';
import { exportResultsXlsx } from '../../server/src/datasets/export';
import { loadDemo, loadPack } from './support';

const CATS = ['teamBuilding', 'performance', 'teamManagement', 'production', 'innovation'];

/** The demo data as policy staff would keep it: one row per branch-year, Chinese headers for the self-assessment. */
async function demoWorkbook(mutate?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const env = loadDemo('rehab-branch-stars');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('branches');
  const headers = ['年度', '支部', ...CATS.map((c) => `自评-${c}`), ...CATS.map((c) => `committee.${c}`), 'peers', 'satisfaction', 'majorIncident', 'violation'];
  ws.addRow(headers);
  for (const p of env.periods) {
    for (const s of p.subjects as any[]) {
      ws.addRow([p.period, s.id, ...CATS.map((c) => s.self[c]), ...CATS.map((c) => s.committee[c]), JSON.stringify(s.peers), s.satisfaction, s.majorIncident ? '是' : '否', s.violation]);
    }
  }
  mutate?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const MAPPING = { period: '年度', id: '支部', fields: Object.fromEntries(CATS.map((c) => [`self.${c}`, `自评-${c}`])) };

describe('xlsx datasets', () => {
  it('round trip: import → simulate → export → read back gives the same figures as simulating the demo envelope', async () => {
    const pack = loadPack('rehab-branch-stars');
    const table = await readTable(await demoWorkbook(), 'xlsx');
    const imported = importTable(pack, table, MAPPING);
    expect(imported.errors).toEqual([]);
    const demo = loadDemo('rehab-branch-stars');
    expect(imported.envelope).toEqual({ periods: demo.periods.map((p) => ({ period: p.period, subjects: p.subjects })) });

    const plan = { baseline: { pack }, variants: [{ name: 'band88', parameters: { starBands: [60, 70, 80, 88, 96] } }] };
    const result = simulate(plan, imported.envelope!);
    expect(result).toEqual(simulate(plan, demo));

    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await exportResultsXlsx(result)) as any);
    const rows = (name: string) => {
      const out: unknown[][] = [];
      back.getWorksheet(name)!.eachRow((r, n) => n > 1 && out.push((r.values as unknown[]).slice(1)));
      return out;
    };
    const transitions: Record<string, Record<string, number>> = {};
    for (const [variant, output, from, to, n] of rows('Transitions') as [string, string, string, string, number][]) {
      if (variant === 'band88' && output === 'stars') (transitions[from] ??= {})[to] = n;
    }
    expect(transitions).toEqual(result.variants[0].transitions.stars);
    // rehab has no money output (the bonus index is a coefficient, stars are counted): Totals has its header only
    expect(result.variants[0].totals).toEqual({});
    expect(rows('Totals')).toEqual([]);
    expect(rows('Changed').filter((r) => r[3] === 'stars')).toHaveLength(result.variants[0].changed.filter((c) => c.outputs.stars).length);
  });

  it('reports every bad cell by row, column and pointer, and imports nothing', async () => {
    const pack = loadPack('rehab-branch-stars');
    const buf = await demoWorkbook((ws) => {
      ws.getCell('C2').value = 21; // 自评-teamBuilding above its 20 maximum, row 2
      ws.getCell('H5').value = 'abc'; // committee.teamBuilding not a number, row 5
      ws.getCell('M7').value = '[]'; // peers empty: at least one peer, row 7
    });
    const res = importTable(pack, await readTable(buf, 'xlsx'), MAPPING);
    expect(res.envelope).toBeNull();
    expect(res.errors.map((e) => [e.row, e.column, e.pointer])).toEqual([
      [2, '自评-teamBuilding', '/periods/0/subjects/0/self/teamBuilding'],
      [5, 'committee.teamBuilding', '/periods/0/subjects/3/committee/teamBuilding'],
      [7, 'peers', '/periods/0/subjects/5/peers'],
    ]);
    expect(res.errors[1].message.en).toBe('"abc" is not a number');
  });

  it('imports CSV with the same mapping', async () => {
    const pack = loadPack('rehab-branch-stars');
    const demo = loadDemo('rehab-branch-stars');
    const q = (v: unknown) => `"${String(v).replace(/"/g, '""')}"`;
    const lines = ['period,id,' + CATS.map((c) => `self.${c}`).join(',') + ',' + CATS.map((c) => `committee.${c}`).join(',') + ',peers,satisfaction,majorIncident,violation'];
    for (const p of demo.periods) for (const s of p.subjects as any[]) lines.push([p.period, s.id, ...CATS.map((c) => s.self[c]), ...CATS.map((c) => s.committee[c]), q(JSON.stringify(s.peers)), s.satisfaction, s.majorIncident, s.violation].join(','));
    const res = importTable(pack, await readTable(Buffer.from('\uFEFF' + lines.join('\n')), 'csv'), { period: 'period', id: 'id' });
    expect(res.errors).toEqual([]);
    expect(res.envelope).toEqual({ periods: demo.periods.map((p) => ({ period: p.period, subjects: p.subjects })) });
  });
});
