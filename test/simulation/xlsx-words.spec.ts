import ExcelJS from 'exceljs';
import { simulate } from '../../server/src/engine/simulate';
import { valueText } from '../../server/src/engine/explain';
import { exportResultsXlsx } from '../../server/src/datasets/export';
import { loadDemo, loadPack } from './support';

/** The export with words: the code columns as before, then the values in the pack's words (what the API sends). */
describe('xlsx export with labelled values', () => {
  it('adds the words of every value to Distributions, Transitions and Changed', async () => {
    const pack = loadPack('rehab-branch-stars');
    const plan = { baseline: { pack }, variants: [{ name: 'band88', parameters: { starBands: [60, 70, 80, 88, 96] } }] };
    const result = simulate(plan, loadDemo('rehab-branch-stars'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportResultsXlsx(result, { words: (o, v) => valueText(pack, o, v, 'zh-CN') })) as any);
    const rows = (name: string) => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)!.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
      return out;
    };
    const changed = rows('Changed');
    expect(changed[0]).toEqual(['variant', 'period', 'id', 'output', 'before', 'after', 'before (words)', 'after (words)']);
    const stars = changed.filter((r) => r[3] === 'stars');
    expect(stars.length).toBeGreaterThan(0);
    // lowering the 4★ bound to 88 moves branches from three to four stars, never down
    for (const r of stars) expect([r[4], r[5], r[6], r[7]]).toEqual([3, 4, '三星级', '四星级']);
    const transitions = rows('Transitions');
    expect(transitions[0]).toEqual(['variant', 'output', 'from', 'to', 'count', 'from (words)', 'to (words)']);
    expect(transitions.find((r) => r[1] === 'vetoed' && r[2] === 'true')?.slice(5)).toEqual(['是', '是']);
    const dist = rows('Distributions');
    expect(dist.find((r) => r[0] === 'baseline' && r[1] === 'stars' && r[2] === '0')?.[4]).toBe('未评上星级');
    expect(dist.find((r) => r[0] === 'baseline' && r[1] === 'score')?.[4]).toMatch(/^\d+(\.\d+)? 分$/);
  });

  it('without words the sheets are as before', async () => {
    const pack = loadPack('rehab-branch-stars');
    const result = simulate({ baseline: { pack }, variants: [{ name: 'v', parameters: { starBands: [60, 70, 80, 88, 96] } }] }, loadDemo('rehab-branch-stars'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportResultsXlsx(result)) as any);
    expect((wb.getWorksheet('Changed')!.getRow(1).values as unknown[]).slice(1)).toEqual(['variant', 'period', 'id', 'output', 'before', 'after']);
  });
});
