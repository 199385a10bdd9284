import ExcelJS from 'exceljs';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compilePack, type Envelope, type Pack } from '../../server/src/engine';
import { resolveSchemaParams } from '../../server/src/engine/evaluate/input';
import { importTable } from '../../server/src/datasets/import';
import { SyntheticGenerator } from '../../server/src/datasets/synthetic';
import { readTable } from '../../server/src/datasets/table';
import { templateXlsx } from '../../server/src/datasets/template';
import { templateLayout, type TemplateColumn } from '../../server/src/datasets/template-layout';
import { loadPack, ROOT } from './support';

const SEEDS = readdirSync(join(ROOT, 'rule-packs'))
  .filter((d) => !d.includes('.'))
  .flatMap((id) =>
    readdirSync(join(ROOT, 'rule-packs', id))
      .filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f))
      .map((f) => [id, f.replace(/\.json$/, '')] as const),
  );

const at = (o: unknown, path: string): unknown => (path ? path.split('.').reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), o) : o);

/** A cell as a person fills it in: yes/no in Chinese, an enum by its Chinese label where the pack has one. */
function cell(c: TemplateColumn, v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (c.labels.has(v)) return c.labels.get(v);
  return v;
}

/** Fills the pack's own template with an envelope, as someone keeping the data in Excel would. */
async function filled(pack: Pack, env: Envelope): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await templateXlsx(pack)) as any);
  const resolved = { ...pack, input: resolveSchemaParams(pack.input, compilePack(pack).parameters) as Record<string, unknown> };
  const layout = templateLayout(resolved);
  for (const p of env.periods) {
    for (const s of p.subjects) {
      wb.worksheets[0].addRow([p.period, s.id, ...layout.columns.map((c) => cell(c, at(s, c.path)))]);
      for (const sh of layout.sheets) {
        for (const item of (at(s, sh.field) as unknown[] | undefined) ?? []) wb.getWorksheet(sh.name)!.addRow([p.period, s.id, ...sh.columns.map((c) => cell(c, at(item, c.path)))]);
      }
    }
    for (const [key, facts] of Object.entries(p.scopes ?? {})) {
      const ws = wb.getWorksheet('scopes')!;
      const headers = (ws.getRow(1).values as string[]).slice(3);
      ws.addRow([key, p.period, ...headers.map((h) => facts[h] ?? null)]);
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('the fill-in template reads back as it was filled', () => {
  it.each(SEEDS)('%s@%s: 40 generated subjects written into the template import to the same envelope', async (id, version) => {
    const pack = loadPack(id, version);
    const env = new SyntheticGenerator(pack, null, { n: 40, seed: 21 }).envelope();
    const res = importTable(pack, await readTable(await filled(pack, env), 'xlsx'), { period: 'period', id: 'id' });
    expect(res.errors).toEqual([]);
    expect(res.envelope).toEqual(env);
  });
});
