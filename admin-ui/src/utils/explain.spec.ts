import { describe, expect, it } from 'vitest';
import { compilePack } from '@engine/compile/pack';
import { evaluate } from '@engine/evaluate/evaluate';
import type { Pack } from '@engine/types';
import rehab from '../../../rule-packs/rehab-branch-stars/1.0.0.json';
import keqiao from '../../../rule-packs/keqiao-member-review/1.0.0.json';
import type { TraceEntry } from '@/api/packs';
import { explainOutput, explainResult, formatNumber, formatOutput, labelText, nameLabel, splitCite, traceLines } from './explain';

const five = (v: number) => ({ teamBuilding: v, performance: v, teamManagement: v, production: v, innovation: v });
const branch = (over: Record<string, unknown> = {}) => ({ id: 'b1', self: five(18), peers: [five(16), five(18)], committee: five(19), satisfaction: 0.9, majorIncident: false, violation: false, ...over });
function run(subject: Record<string, unknown>) {
  const out = evaluate(compilePack(rehab as unknown as Pack), { periods: [{ period: '2024', subjects: [subject as { id: string }] }] }, { trace: true });
  const r = out.periods[0].results[0];
  return { outputs: r.outputs, trace: r.trace as unknown as TraceEntry[] };
}

describe('explanations in the UI are the engine’s', () => {
  it('the SCHEMES example: four stars, with the band that fired, its bounds and the cite apart', () => {
    const r = run(branch());
    const ex = explainResult(rehab, { id: 'b1', ...r }, 'zh-CN', { period: '2024' });
    expect(ex.stars.sentence).toBe(
      '综合评价得分 91.5 分（自评权重 0.1 × 支部自评总分 90 分 + 互评权重 0.3 × 其他支部互评平均分 85 分 + 所党委总评权重 0.6 × 所党委总评总分 95 分），达到四星级标准（90 分以上、不足 96 分），星级定为四星级。',
    );
    expect(ex.stars.cite).toBe('“星级”党组织和党员分为五个档次，综合考评得分60—69分为“一星级”、70—79分为“二星级”、80—89分为“三星级”、90—95分“四星级”、96分以上为“五星级”。');
  });

  it('a veto names its reason and what it changed — not "是，因为true"', () => {
    const r = run(branch({ violation: true }));
    const ex = explainResult(rehab, { id: 'b1', ...r }, 'zh-CN');
    expect(ex.vetoed.sentence).toBe('队伍存在违法违纪行为：是，一票否决，星级由四星级改为未评上星级。');
    expect(ex.stars.sentence).toMatch(/，但队伍存在违法违纪行为：是，一票否决，星级定为未评上星级。$/);
    expect(explainOutput(rehab, r.trace, 'vetoed', true, 'en')).toMatch(/^Breach of law or discipline in the team: yes: vetoed; Stars goes from 4 stars to No star\. Source: /);
  });

  it('a value below the lowest band says the bound', () => {
    const r = run(branch({ self: five(10), peers: [five(10)], committee: five(10) }));
    expect(explainResult(rehab, { id: 'b1', ...r }, 'zh-CN').stars.sentence).toMatch(/^综合评价得分 50 分（.*），不足最低标准 60 分，星级定为未评上星级。$/);
  });

  it('values are shown in the pack’s words', () => {
    expect(formatOutput(rehab, 'stars', 4, 'zh-CN')).toBe('四星级');
    expect(formatOutput(rehab, 'vetoed', false, 'zh-CN')).toBe('否');
    expect(formatOutput(keqiao, 'tier', 'basicallyQualified', 'zh-CN')).toBe('基本合格');
    expect(formatOutput(keqiao, 'tier', 'excellent', 'en')).toBe('Excellent');
    expect(formatOutput(rehab, 'score', 91.5, 'zh-CN')).toBe('91.5 分');
    // a draft without labels still shows a star grade as stars
    expect(formatOutput({ rules: [{ name: 'stars', kind: 'bands' }] }, 'stars', 2, 'zh-CN')).toBe('2★');
  });

  it('names by their Chinese labels, inputs by their schema titles', () => {
    expect(nameLabel(rehab, 'satisfactionVeto', 'zh-CN')).toBe('群众满意度否决线');
    expect(nameLabel(rehab, 'self.teamBuilding', 'zh-CN')).toBe('支部自评·班子建设');
    expect(nameLabel(rehab, 'self.teamBuilding', 'en')).toBe('Self-assessment: Leadership team building');
  });

  it('the step list gives each step its own sentence and cite', () => {
    const r = run(branch());
    const lines = traceLines(rehab, r.trace, 'zh-CN');
    const stars = lines.find((l) => l.rule === 'stars')!;
    expect(stars.label).toBe('星级');
    expect(stars.text).toMatch(/达到四星级标准（90 分以上、不足 96 分），星级定为四星级。$/);
    expect(stars.cite).toMatch(/^“星级”党组织和党员分为五个档次/);
    for (const l of lines) expect(l.text).not.toMatch(/true|false|undefined|NaN|\{/);
  });

  it('helpers', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(labelText('群众满意度 / Satisfaction', 'zh-CN')).toBe('群众满意度');
    expect(labelText('群众满意度 / Satisfaction', 'en')).toBe('Satisfaction');
    expect(splitCite('星级：四星级。依据：原文')).toEqual({ sentence: '星级：四星级。', cite: '原文' });
    expect(splitCite('Stars: 4 stars. Source: 原文')).toEqual({ sentence: 'Stars: 4 stars.', cite: '原文' });
  });
});
