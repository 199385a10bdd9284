import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/harness';

/** Admins manage the users of their subtree: roles, organisation, password, and disabling an account. */
let t: TestApp;
const idOf = async (username: string) => (await t.sql<{ id: string }>(`SELECT id FROM users WHERE username = $1`, [username]))[0].id;
const auditRows = (id: string) => t.sql<{ username: string; action: string; before: Record<string, unknown>; after: Record<string, unknown> }>(`SELECT username, action, before, after FROM audit_log WHERE entity_id = $1 ORDER BY id`, [id]);

beforeAll(async () => {
  t = await createTestApp('users');
});
afterAll(async () => {
  await t?.close();
});

describe('PATCH /api/v1/users/:id', () => {
  it('changes roles at once: tokens issued before stop working, a new login has the roles', async () => {
    const id = await idOf('a.viewer');
    const token = await t.login('a.viewer');
    await t.http.get('/api/v1/datasets').set('Authorization', `Bearer ${token}`).expect(403);
    const res = await t.as('admin').patch(`/api/v1/users/${id}`).send({ roles: ['viewer', 'analyst', 'analyst'] }).expect(200);
    expect(res.body).toEqual({ id, username: 'a.viewer', roles: ['viewer', 'analyst'], orgId: 'town-a', displayName: null, disabled: false });
    await t.http.get('/api/v1/datasets').set('Authorization', `Bearer ${token}`).expect(401);
    await t.http.get('/api/v1/datasets').set('Authorization', `Bearer ${await t.login('a.viewer')}`).expect(200);
    const rows = await auditRows(id);
    expect(rows.at(-1)).toMatchObject({ username: 'admin', action: 'user.update', before: { roles: ['viewer'] }, after: { roles: ['viewer', 'analyst'] } });
  });

  it('disables an account: its tokens stop working, login says so only to someone with the password; enabling restores it', async () => {
    const id = await idOf('a.analyst');
    const token = await t.login('a.analyst');
    await t.as('a.admin').patch(`/api/v1/users/${id}`).send({ disabled: true }).expect(200, { id, username: 'a.analyst', roles: ['analyst'], orgId: 'town-a', displayName: null, disabled: true });
    await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    const wrong = await t.http.post('/api/v1/auth/login').send({ username: 'a.analyst', password: 'not-the-password' }).expect(401);
    expect(wrong.body.error).toBe('Unauthorized');
    const right = await t.http.post('/api/v1/auth/login').send({ username: 'a.analyst', password: TEST_PASSWORD }).expect(403);
    expect(right.body.message.en).toMatch(/disabled/);
    expect(right.body.accessToken).toBeUndefined();
    const listed = (await t.as('admin').get('/api/v1/users').expect(200)).body.find((u: { id: string }) => u.id === id);
    expect(listed.disabled).toBe(true);
    await t.as('a.admin').patch(`/api/v1/users/${id}`).send({ disabled: false }).expect(200);
    await t.login('a.analyst');
    expect((await auditRows(id)).map((r) => [r.action, r.before.disabled, r.after.disabled])).toEqual([
      ['user.update', false, true],
      ['user.update', true, false],
    ]);
  });

  it('sets a new password: the old one stops working; the audit row says so without any hash', async () => {
    const id = await idOf('a.author');
    await t.as('admin').patch(`/api/v1/users/${id}`).send({ password: 'a-brand-new-one' }).expect(200);
    await t.http.post('/api/v1/auth/login').send({ username: 'a.author', password: TEST_PASSWORD }).expect(401);
    await t.login('a.author', 'a-brand-new-one');
    // too weak: 422 at /password, and nothing changes
    for (const weak of ['short-one', 'qwertyuiop', 'a.author', 'zzzzzzzzzzzz']) {
      const res = await t.as('admin').patch(`/api/v1/users/${id}`).send({ password: weak }).expect(422);
      expect(res.body.errors).toEqual([{ kind: 'InvalidInput', path: '/password', message: { 'zh-CN': expect.stringMatching(/密码/), en: expect.any(String) } }]);
    }
    await t.login('a.author', 'a-brand-new-one');
    const row = (await auditRows(id)).at(-1)!;
    expect(row.after.passwordChanged).toBe(true);
    expect(JSON.stringify(row)).not.toMatch(/argon2|a-brand-new-one|password_hash/);
  });

  it('moves a user within the subtree, never out of it', async () => {
    const id = await idOf('a.publisher');
    await t.as('a.admin').patch(`/api/v1/users/${id}`).send({ orgId: 'basic-a', displayName: '甲村发布员' }).expect(200);
    expect((await t.as('a.publisher').get('/api/v1/auth/me').expect(200)).body.org.id).toBe('basic-a');
    const out = await t.as('a.admin').patch(`/api/v1/users/${id}`).send({ orgId: 'town-b' }).expect(404);
    expect(out.body.error).toBe('NotFound');
    expect((await t.sql<{ org_id: string }>(`SELECT org_id FROM users WHERE id = $1`, [id]))[0].org_id).toBe('basic-a');
  });

  it("another locality's users are not found; other roles are refused before anything is read", async () => {
    const id = await idOf('a.deployer');
    const before = await t.sql(`SELECT * FROM users WHERE id = $1`, [id]);
    await t.as('b.admin').patch(`/api/v1/users/${id}`).send({ disabled: true }).expect(404);
    await t.as('a.author').patch(`/api/v1/users/${id}`).send({ disabled: true }).expect(403);
    await t.as('b.admin').patch('/api/v1/users/not-a-uuid').send({ disabled: true }).expect(404);
    expect(await t.sql(`SELECT * FROM users WHERE id = $1`, [id])).toEqual(before);
    expect(await auditRows(id)).toEqual([]);
  });

  it('an admin cannot lock themselves out', async () => {
    const id = await idOf('a.admin');
    const off = await t.as('a.admin').patch(`/api/v1/users/${id}`).send({ disabled: true }).expect(409);
    expect(off.body.error).toBe('SelfLockout');
    await t.as('a.admin').patch(`/api/v1/users/${id}`).send({ roles: ['viewer'] }).expect(409);
    await t.as('a.admin').patch(`/api/v1/users/${id}`).send({ roles: ['admin', 'viewer'] }).expect(200);
    await t.as('admin').patch(`/api/v1/users/${id}`).send({ roles: ['viewer'] }).expect(200);
    await t.as('a.admin').get('/api/v1/users').expect(403);
  });

  it('bad bodies get 400 with every field by its pointer, and change nothing', async () => {
    const id = await idOf('a.viewer');
    const before = await t.sql(`SELECT * FROM users WHERE id = $1`, [id]);
    const empty = await t.as('admin').patch(`/api/v1/users/${id}`).send({}).expect(400);
    expect(empty.body.errors.map((e: { path: string }) => e.path)).toEqual(['']);
    const bad = await t.as('admin').patch(`/api/v1/users/${id}`).send({ roles: [], password: 7, disabled: 'yes', username: 'renamed' }).expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/disabled', '/password', '/roles', '/username']);
    await t.as('admin').patch(`/api/v1/users/${id}`).send({ roles: ['root'] }).expect(400);
    expect(await t.sql(`SELECT * FROM users WHERE id = $1`, [id])).toEqual(before);
  });
});
