/**
 * Proposals (decidedBy): where the document leaves a decision to someone, the sentence and the value say
 * "建议…，待…批准" — and only for the values that are proposals.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compilePack } from '../compile/pack';
import { evaluate } from '../evaluate/evaluate';
import type { Pack } from '../types';
import { validatePack } from '../validate/validate';
import { classifyChanges } from '../diff/classify';
import { explainName, explainSubject } from './explain';
import { outputText, proposalOf } from './proposal';

const ROOT = path.join(__dirname, '../../../../rule-packs');
const load = (ref: string) => JSON.parse(fs.readFileSync(path.join(ROOT, `${ref}.json`), 'utf8')) as Pack;

function run(ref: string, test: string, period: string, id: string) {
  const pack = load(ref);
  const t = pack.tests!.find((x) => x.name.startsWith(test))!;
  const out = evaluate(compilePack(pack, t.parameters), t.input, { trace: true });
  const p = out.periods.find((x) => x.period === period)!;
  return { pack, p, r: p.results.find((x) => x.id === id)! };
}

describe('proposals (decidedBy)', () => {
  it('prison: two years at 50 points is a proposal for the prison party committee', () => {
    const { pack, p, r } = run('prison-dedication-points/1.1.0', '50 points two years running', '2024', 'm1');
    const zh = explainSubject(pack, r, { locale: 'zh-CN', period: '2024', peers: p.results });
    expect(zh.unqualified).toMatch(/，建议作为不合格党员处理，待监狱党委批准。依据：连续两年积分在50 分以下的，由党支部报监狱党委批准同意后，作为不合格党员进行处理。$/);
    const en = explainSubject(pack, r, { locale: 'en', period: '2024', peers: p.results });
    expect(en.unqualified).toContain('Proposed: handled as an unqualified member, pending approval by the prison party committee.');
    expect(outputText(pack, 'unqualified', true, 'zh-CN')).toBe('建议作为不合格党员处理，待监狱党委批准');
    // false is no proposal, and 1.0.0 (no decidedBy) says the plain value
    expect(outputText(pack, 'unqualified', false, 'zh-CN')).toBe('否');
    expect(outputText(load('prison-dedication-points/1.0.0'), 'unqualified', true, 'zh-CN')).toBe('是');
  });

  it('chengzhuang: dismissal is a proposal for the mine party committee; removal and warning talk are not', () => {
    const { pack, p, r } = run('chengzhuang-checklist-steps/1.2.0', 'three severe quarters', '2024-Q3', 'b1');
    const zh = explainSubject(pack, r, { locale: 'zh-CN', period: '2024-Q3', peers: p.results });
    expect(zh.action).toContain('建议撤职，待矿党委批准。依据：');
    const b2 = p.results.find((x) => x.id === 'b2')!;
    expect(explainSubject(pack, b2, { locale: 'zh-CN', period: '2024-Q3', peers: p.results }).action).toContain('对支部书记的处理定为免职');
    expect(outputText(pack, 'action', 'removal', 'zh-CN')).toBe('免职');
    expect(outputText(pack, 'action', 'dismissal', 'en')).toBe('Proposed: dismissal, pending approval by the mine party committee');
  });

  it('college: a warning only the veto brings is a proposal for the school committee; at 50 points it is the rule itself', () => {
    const { pack, p, r } = run('college-member-points/1.1.0', 'a warning that only the veto brings', '2024', 'full96');
    expect(explainSubject(pack, r, { locale: 'zh-CN', period: '2024', peers: p.results }).warning).toContain('建议警告处分，待学院党委批准。');
    const at50 = p.results.find((x) => x.id === 'full50')!;
    expect(proposalOf(pack, 'warning', true, at50.outputs)).toBeNull();
    expect(outputText(pack, 'warning', true, 'zh-CN', at50.outputs)).toBe('是');
    expect(outputText(pack, 'warning', true, 'zh-CN', r.outputs)).toBe('建议警告处分，待学院党委批准');
  });

  it('ouhai: an extra award (可追加) is a proposal for whoever grants its level', () => {
    const pack = load('ouhai-commendation/1.1.0');
    const t = pack.tests!.find((x) => JSON.stringify(x.expectSummary ?? '').includes('"level":2'))!;
    const out = evaluate(compilePack(pack, t.parameters), t.input, { trace: true });
    const sentences = out.periods.flatMap((p) => p.results.map((r) => explainName(pack, r, 'extraAwards', { locale: 'zh-CN', period: p.period, peers: p.results })));
    expect(sentences.some((s) => /建议追加二级嘉奖，待区委组织部批准（\d{4}-12-31）/.test(s))).toBe(true);
  });

  it('versions: making a result a proposal is a minor change, said in Chinese; marking a cite with …… a patch', () => {
    const prison = classifyChanges(load('prison-dedication-points/1.0.0'), load('prison-dedication-points/1.1.0'));
    expect(prison.level).toBe('minor');
    expect(prison.changes.filter((c) => c.kind === 'rule.decidedBy').map((c) => [c.level, c.message['zh-CN']])).toEqual([['minor', '规则 作为不合格党员处理 的决定权 — → 监狱党委']]);
    expect(classifyChanges(load('rehab-branch-stars/1.0.0'), load('rehab-branch-stars/1.0.1')).level).toBe('patch');
  });

  it('validation: a proposal must be an output and proposalWhen reads outputs only', () => {
    const pack = load('college-member-points/1.1.0');
    const bad = JSON.parse(JSON.stringify(pack)) as Pack;
    const w = bad.rules.find((x) => x.name === 'warning')!;
    w.proposalWhen = { var: 'dailyTotal' };
    delete w.formula!.proposalWhen;
    const i = bad.rules.findIndex((x) => x.name === 'dailyTotal');
    bad.rules[i].decidedBy = { 'zh-CN': '学院党委', en: 'the school party committee' };
    const errors = validatePack(bad).map((e) => [e.kind, e.path]);
    expect(errors).toEqual(expect.arrayContaining([
      ['UnknownOutput', `/rules/${bad.rules.indexOf(w)}/proposalWhen`],
      ['UnknownOutput', `/rules/${i}/decidedBy`],
    ]));
  });
});
