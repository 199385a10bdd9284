import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The CLI exactly as other tools call it: from the repo root, through tsx. */
const root = resolve(__dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');
function rules(...args: string[]) {
  const r = spawnSync(tsx, ['server/src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const dir = mkdtempSync(join(tmpdir(), 'kp-cli-'));
function input(name: string, env: unknown): string {
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(env));
  return f;
}
const five = (v: number) => ({ teamBuilding: v, performance: v, teamManagement: v, production: v, innovation: v });
const branch = (over: Record<string, unknown> = {}) => ({
  id: 'b1',
  self: five(18),
  peers: [five(16), five(18)],
  committee: five(19),
  satisfaction: 0.9,
  majorIncident: false,
  violation: false,
  ...over,
});

describe('rules CLI', () => {
  it('validate passes for every pack', () => {
    const r = rules('validate');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\d+ valid, 0 invalid/);
  });

  it('eval reproduces the SCHEMES.md example of rehab-branch-stars: 91.5 → 4★, index 1.3, and prints only JSON', () => {
    const r = rules('eval', 'rehab-branch-stars', '--input', input('rb.json', { periods: [{ period: '2024', subjects: [branch()] }] }));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    // a bare id runs the newest version: 1.0.1 marks the gaps of two cites with …… (same rules)
    expect(out.pack).toEqual({ id: 'rehab-branch-stars', version: '1.0.1' });
    expect(out.periods[0].results[0].outputs).toMatchObject({ score: 91.5, stars: 4, vetoed: false, commended: true, eligibleCenterAwards: true, eligibleBureauAwards: false, secretaryBonusIndex: 1.3 });
  });

  it('eval --explain prints each output in words with the sentence that explains it (Chinese, or English with --explain=en)', () => {
    const f = input('rb-veto.json', { periods: [{ period: '2024', subjects: [branch({ majorIncident: true })] }] });
    const zh = rules('eval', 'rehab-branch-stars', '--input', f, '--explain');
    expect(zh.code).toBe(0);
    const lines = zh.out.split('\n');
    expect(lines[0]).toBe('2024 · b1');
    expect(lines[3]).toBe('  星级：未评上星级');
    expect(lines[4]).toMatch(/^    综合评价得分 91.5 分（.*），达到四星级标准（90 分以上、不足 96 分），但发生重大监管改造事故：是，一票否决，星级定为未评上星级。依据：“星级”/);
    expect(lines[5]).toBe('  一票否决（撤星摘牌）：是');
    expect(zh.out).not.toMatch(/true|false|undefined|\{/);
    const en = rules('eval', 'rehab-branch-stars', '--input', f, '--explain=en');
    expect(en.out.split('\n')[5]).toBe('  Veto (stars withdrawn): Yes');
  });

  it('eval --set moves the 4★ line: 88 ≤ 89.x is 4★', () => {
    const env = { periods: [{ period: '2024', subjects: [branch({ committee: five(18), peers: [five(17)] })] }] };
    const f = input('rb88.json', env);
    // 9 + 0.3×85 + 0.6×90 = 88.5
    expect(JSON.parse(rules('eval', 'rehab-branch-stars', '--input', f).out).periods[0].results[0].outputs).toMatchObject({ score: 88.5, stars: 3 });
    expect(JSON.parse(rules('eval', 'rehab-branch-stars', '--input', f, '--set', 'starBands=[60,70,80,88,96]').out).periods[0].results[0].outputs).toMatchObject({ score: 88.5, stars: 4 });
  });

  it('decimal correctness: 0.1×54 + 0.3×58 + 0.6×62 is 60, one star', () => {
    const env = { periods: [{ period: '2024', subjects: [branch({ self: { ...five(11), innovation: 10 }, peers: [{ ...five(12), innovation: 10 }], committee: { ...five(12), innovation: 14 } })] }] };
    const out = JSON.parse(rules('eval', 'rehab-branch-stars', '--input', input('dec.json', env)).out);
    expect(out.periods[0].results[0].outputs).toMatchObject({ score: 60, stars: 1 });
  });

  it('a category score of 21 exits 2 with its pointer on stderr and nothing on stdout', () => {
    const env = { periods: [{ period: '2024', subjects: [branch({ peers: [five(16), { ...five(18), innovation: 21 }] })] }] };
    const r = rules('eval', 'rehab-branch-stars', '--input', input('bad.json', env));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('/periods/0/subjects/0/peers/1/innovation: must be at most 20');
  });

  it('eval reproduces prison-dedication-points: base 92 + [10, 8, 5] − [5] = 110, eligible for honours', () => {
    const env = { periods: [{ period: '2024', subjects: [{ id: 'm1', base: 92, additions: [10, 8, 5], deductions: [5], reviewDeductions: 0, probationary: false }] }] };
    const out = JSON.parse(rules('eval', 'prison-dedication-points', '--input', input('pd.json', env)).out);
    expect(out.periods[0].results[0].outputs).toMatchObject({ total: 110, eligibleForHonors: true });
  });

  it('eval reproduces chengzhuang-checklist-steps: 42 + 40 + 3 = 85, step 2, coefficient 0.9, payout 1800', () => {
    const env = { periods: [{ period: '2024-Q1', subjects: [{ id: 'b1', key: 42, basic: 40, innovation: 3, line: 'second' }] }] };
    const out = JSON.parse(rules('eval', 'chengzhuang-checklist-steps', '--input', input('cz.json', env)).out);
    expect(out.periods[0].results[0].outputs).toMatchObject({ total: 85, step: 2, coefficient: 0.9, payout: 1800 });
  });

  it('diff of the two yongxi versions says in Chinese what changed and the version it needs (--raw: field by field)', () => {
    const r = rules('diff', 'yongxi-red-flag@1.0.0', 'yongxi-red-flag@2.0.0');
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toEqual([
      'yongxi-red-flag@1.0.0 → yongxi-red-flag@2.0.0',
      '需要的版本级别：主版本号（不兼容的变更）',
      '  [修订号] 参数 流动红旗数量 1 → 2',
      '  [主版本号] 考评周期 双月 → 季度',
      '  [修订号] 测试用例：新增 5 项，删除 4 项，修改 9 项',
    ]);
    const raw = rules('diff', 'yongxi-red-flag@1.0.0', 'yongxi-red-flag@2.0.0', '--raw');
    expect(raw.out.trim().split('\n')).toEqual(['yongxi-red-flag@1.0.0 → yongxi-red-flag@2.0.0', '  period: "bimonth" → "quarter"', '  parameter flagCount: 1 → 2']);
  });

  it('test runs every pack and prints coverage', () => {
    const r = rules('test');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/rule coverage \d+\/\d+/);
    expect(r.out).not.toContain('not reached');
    expect(r.out).toMatch(/, 0 failed/);
  });

  it('usage errors exit 2', () => {
    expect(rules('eval', 'rehab-branch-stars').code).toBe(2);
    expect(rules('frobnicate').code).toBe(2);
  });
});
