import { createTestApp, type TestApp } from '../support/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp('smoke');
});
afterAll(() => t?.close());

it('health answers with a database ping', async () => {
  const res = await t.http.get('/api/health').expect(200);
  expect(res.body.status).toBe('ok');
});

it('lists packs for the author', async () => {
  const res = await t.as('author').get('/api/v1/packs').expect(200);
  expect(res.body).toEqual([]);
});
