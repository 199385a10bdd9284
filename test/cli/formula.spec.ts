import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The CLI exactly as other tools call it: from the repo root, through tsx. */
const root = resolve(__dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');
function rules(...args: string[]) {
  const r = spawnSync(tsx, ['server/src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const published = join(root, 'rule-packs/rehab-member-stars/1.0.0.json');
const original = JSON.parse(readFileSync(published, 'utf8'));

/** A formula-only copy of rehab-member-stars in a folder named like a pack, the score written in Chinese. */
function formulaOnlyFile(): string {
  const doc = JSON.parse(JSON.stringify(original));
  for (const r of doc.rules) for (const slot of Object.keys(r.formula ?? {})) delete r[slot];
  doc.rules[2].formula.expr = '党员互评权重 × 党员互评平均分 + 支部总评权重 * 支部总评总分';
  const dir = join(mkdtempSync(join(tmpdir(), 'kp-fmt-')), 'rehab-member-stars');
  mkdirSync(dir);
  const file = join(dir, '1.0.0.json');
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

describe('rules CLI with formula-only packs', () => {
  const file = formulaOnlyFile();

  it('validate accepts a pack file that carries only formulas', () => {
    const r = rules('validate', file);
    expect(r.err).toBe('');
    expect(r.out).toContain('✓ rehab-member-stars@1.0.0');
    expect(r.code).toBe(0);
  });

  it('test runs its cases with the JSON Logic compiled from the formulas', () => {
    const r = rules('test', file);
    expect(r.out).toContain(`✓ rehab-member-stars@1.0.0: ${original.tests.length}/${original.tests.length} tests pass`);
    expect(r.code).toBe(0);
  });

  it('eval gives 0.6×85 + 0.4×95 = 89 and three stars', () => {
    const five = (v: number) => ({ politics: v, duty: v, lawAbiding: v, study: v, overtime: v });
    const env = { periods: [{ period: '2024', subjects: [{ id: 'm1', branch: five(19), peers: [five(16), five(18)], satisfaction: 0.9, majorIncident: false, violation: false }] }] };
    const input = join(tmpdir(), `kp-fmt-env-${process.pid}.json`);
    writeFileSync(input, JSON.stringify(env));
    const r = rules('eval', file, '--input', input);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).periods[0].results[0].outputs).toMatchObject({ score: 89, stars: 3 });
  });

  it('fmt without --write prints the canonical document and leaves the file untouched', () => {
    const before = readFileSync(file, 'utf8');
    const mtime = statSync(file).mtimeMs;
    const r = rules('fmt', file);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(statSync(file).mtimeMs).toBe(mtime);
    const printed = JSON.parse(r.out);
    expect(printed.rules[2].expr).toEqual(original.rules[2].expr);
    expect(printed.rules[2].formula.expr).toBe('党员互评权重 × 党员互评平均分 + 支部总评权重 * 支部总评总分');
    // key order kept: the slot goes before its formula
    expect(Object.keys(printed.rules[0])).toEqual(['name', 'kind', 'label', 'cite', 'expr', 'formula']);
  });

  it('fmt of a published seed file without --write prints it unchanged and does not write', () => {
    const before = readFileSync(published, 'utf8');
    const r = rules('fmt', 'rehab-member-stars@1.0.0');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(original);
    expect(readFileSync(published, 'utf8')).toBe(before);
  });

  it('fmt --write rewrites the file from its formulas', () => {
    const copy = formulaOnlyFile();
    const r = rules('fmt', copy, '--write');
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    const written = JSON.parse(readFileSync(copy, 'utf8'));
    expect(written.rules[4].when).toEqual(original.rules[4].when);
    expect(written.rules[4].value).toBe(0);
  });

  it('fmt --write never rewrites a published version in rule-packs/ (by reference or by path): exit 2, zh-CN and en', () => {
    const before = readFileSync(published, 'utf8');
    const mtime = statSync(published).mtimeMs;
    for (const ref of ['rehab-member-stars@1.0.0', 'rule-packs/rehab-member-stars/1.0.0.json', published]) {
      const r = rules('fmt', ref, '--write');
      expect({ code: r.code, out: r.out }).toEqual({ code: 2, out: '' });
      expect(r.err).toBe(
        'rule-packs/rehab-member-stars/1.0.0.json: 这是已发布的版本，不能改写；请复制为新版本或草稿文件后再用 --write。\n' +
          'rule-packs/rehab-member-stars/1.0.0.json: a published version is never rewritten; copy it to a new version or a draft file and --write that.\n',
      );
    }
    expect(readFileSync(published, 'utf8')).toBe(before);
    expect(statSync(published).mtimeMs).toBe(mtime);
  });

  it('fmt refuses a formula that does not compile, by its pointer, and writes nothing', () => {
    const copy = formulaOnlyFile();
    const doc = JSON.parse(readFileSync(copy, 'utf8'));
    doc.rules[0].formula.expr = '平均(map(党员互评, 星级))';
    writeFileSync(copy, JSON.stringify(doc));
    const r = rules('fmt', copy, '--write');
    expect(r.code).toBe(2);
    expect(r.err).toContain('/rules/0/formula/expr: formula error:');
    expect(r.err).toContain('“星级”不能在 map、filter 等函数的第二个参数中使用');
    expect(readFileSync(copy, 'utf8')).toBe(JSON.stringify(doc));
  });
});
