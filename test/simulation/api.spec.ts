import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from '../support/harness';
import { loadDemo, loadPack } from './support';

jest.setTimeout(180_000);

describe('simulations and datasets API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('simulations');
    await t.publish(loadPack('rehab-branch-stars'));
  });
  afterAll(() => t?.close());

  const demo = loadDemo('rehab-branch-stars');
  const newDataset = () => t.as('analyst').post('/api/v1/datasets').send({ packId: 'rehab-branch-stars', version: '1.0.0', name: 'demo', envelope: demo });

  it('stores a dataset from an envelope for analysts only, scoped to the organisation', async () => {
    await t.as('viewer').post('/api/v1/datasets').send({ packId: 'rehab-branch-stars', version: '1.0.0', name: 'demo', envelope: demo }).expect(403);
    const res = await newDataset().expect(201);
    expect(res.body).toMatchObject({ packId: 'rehab-branch-stars', version: '1.0.0', source: 'json', subjects: 882, periods: ['2022', '2023', '2024'] });
    await t.as('analyst').get(`/api/v1/datasets/${res.body.id}`).expect(200);
    await t.as('b.analyst').get(`/api/v1/datasets/${res.body.id}`).expect(404);
    const chunks = await t.sql<{ n: number }>(`SELECT sum(jsonb_array_length(subjects))::int AS n FROM dataset_chunks WHERE dataset_id = $1`, [res.body.id]);
    expect(chunks[0].n).toBe(882);
    const audit = await t.sql(`SELECT action, entity, username, after->>'subjects' AS subjects FROM audit_log WHERE entity_id = $1`, [res.body.id]);
    expect(audit).toEqual([{ action: 'dataset.create', entity: 'dataset', username: 'analyst', subjects: '882' }]);
  });

  it('rejects an upload with bad cells by row, column and pointer, storing nothing', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['period', 'id', 'satisfaction']);
    ws.addRow(['2024', 'b1', 'lots']);
    const before = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM datasets`);
    const mapping = JSON.stringify({ period: 'period', id: 'id' });
    const res = await t
      .as('analyst')
      .post(`/api/v1/datasets/upload?packId=rehab-branch-stars&version=1.0.0&name=bad&format=xlsx&mapping=${encodeURIComponent(mapping)}`)
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from(await wb.xlsx.writeBuffer()))
      .expect(422);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ row: 2, column: 'satisfaction', pointer: '/periods/0/subjects/0/satisfaction' }));
    // a required field without a column: once, by the header the template gives it (not once per row)
    expect(res.body.errors).toContainEqual(expect.objectContaining({ row: null, column: '支部自评·班子建设（分）', pointer: '/self/teamBuilding', path: '/self/teamBuilding' }));
    expect(res.body.errors.filter((e: { pointer: string }) => e.pointer.startsWith('/periods/0/subjects/0/self'))).toEqual([]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM datasets`)).toEqual(before);
  });

  it('refuses a simulation whose override is invalid, naming it by pointer', async () => {
    const ds = (await newDataset().expect(201)).body;
    const res = await t
      .as('analyst')
      .post('/api/v1/simulations')
      .send({ datasetId: ds.id, baseline: { packId: 'rehab-branch-stars', version: '1.0.0' }, variants: [{ parameters: { starBands: [60, 70, 80, 98, 96] } }] })
      .expect(422);
    expect(JSON.stringify(res.body)).toContain('/variants/0/parameters/starBands/4');
    expect(await t.sql(`SELECT count(*)::int AS n FROM simulation_jobs`)).toEqual([{ n: 0 }]);
  });

  it('generates a synthetic dataset as a seeded recipe', async () => {
    const res = await t.as('analyst').post('/api/v1/datasets/generate').send({ packId: 'rehab-branch-stars', version: '1.0.0', name: 'big', n: 100000, seed: 3 }).expect(201);
    expect(res.body).toMatchObject({ source: 'synthetic', subjects: 100000, recipe: { n: 100000, seed: 3 }, periods: ['2022', '2023', '2024'] });
  });

  it('runs a simulation job: progress, stored result equal to the CLI JSON, xlsx export, and no cancelling a finished job', async () => {
    const ds = (await newDataset().expect(201)).body;
    const created = await t
      .as('analyst')
      .post('/api/v1/simulations')
      .send({ datasetId: ds.id, baseline: { packId: 'rehab-branch-stars', version: '1.0.0' }, variants: [{ name: 'band88', parameters: { starBands: [60, 70, 80, 88, 96] } }] });
    expect(created.status).toBe(202);
    const id = created.body.id;
    let job = created.body;
    for (let i = 0; i < 240 && !['completed', 'failed', 'cancelled'].includes(job.status); i++) {
      await new Promise((r) => setTimeout(r, 250));
      job = (await t.as('analyst').get(`/api/v1/simulations/${id}`).expect(200)).body;
    }
    expect(job).toMatchObject({ status: 'completed', progress: 1, attempts: 1, variants: [{ name: 'band88', parameters: { starBands: [60, 70, 80, 88, 96] } }] });
    const result = (await t.as('analyst').get(`/api/v1/simulations/${id}/result`).expect(200)).body;
    const { simulate } = await import('../../server/src/engine/simulate');
    expect(result).toEqual(JSON.parse(JSON.stringify(simulate({ baseline: { pack: loadPack('rehab-branch-stars') }, variants: [{ name: 'band88', parameters: { starBands: [60, 70, 80, 88, 96] } }], options: { maxChanged: 10000 } }, demo))));
    const xlsx = await t.as('analyst').get(`/api/v1/simulations/${id}/export.xlsx`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Totals', 'Transitions', 'Changed']));
    await t.as('analyst').post(`/api/v1/simulations/${id}/cancel`).expect(409);
    await t.as('b.analyst').get(`/api/v1/simulations/${id}`).expect(404);
    const changed = result.variants[0].changed[0];
    const trace = (await t.as('analyst').get(`/api/v1/simulations/${id}/trace`).query({ variant: 'band88', period: changed.period, subject: changed.id }).expect(200)).body;
    expect(trace.after.find((e: any) => e.rule === 'stars').value).toBe(changed.outputs.stars?.[1] ?? trace.before.find((e: any) => e.rule === 'stars').value);
  });
});
