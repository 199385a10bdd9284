import type { Pack } from '../types';

/**
 * A small, valid village branch-points scheme (issue 13's example): four inputs 0–25, 总分 their sum, 星级 bands
 * 70/80/90 → 3/4/5, a veto. The classifier specs and the versions API suite change it one step at a time.
 */
export function villagePack(id = 'village-points', version = '1.0.0'): Pack {
  const field = (title: string) => ({ type: 'integer', minimum: 0, maximum: 25, title });
  return {
    id,
    version,
    title: { 'zh-CN': '村党支部积分', en: 'Village branch points' },
    source: { document: 'village-2026', title: '村党支部星级评定办法' },
    locality: { 'zh-CN': '某村', en: 'A village' },
    period: 'year',
    subject: { kind: 'branch', label: { 'zh-CN': '党支部', en: 'Party branch' } },
    input: {
      type: 'object',
      required: ['org', 'edu', 'service', 'integrity', 'breach'],
      additionalProperties: false,
      properties: {
        org: field('组织建设'),
        edu: field('教育管理'),
        service: field('服务群众'),
        integrity: field('廉洁自律'),
        breach: { type: 'boolean', title: '发生严重违纪' },
      },
    },
    parameters: {
      passLine: { value: 80, label: { 'zh-CN': '星级标准', en: 'Star line' }, unit: '分', min: 0, max: 100 },
    },
    rules: [
      {
        name: 'total',
        kind: 'value',
        label: { 'zh-CN': '总分', en: 'Total' },
        expr: { '+': [{ var: 'org' }, { var: 'edu' }, { var: 'service' }, { var: 'integrity' }] },
        formula: { expr: 'org + edu + service + integrity' },
      },
      {
        name: 'stars',
        kind: 'bands',
        label: { 'zh-CN': '星级', en: 'Stars' },
        of: { var: 'total' },
        bounds: [70, 80, 90],
        values: [3, 4, 5],
        below: 0,
      },
      {
        name: 'vetoed',
        kind: 'veto',
        label: { 'zh-CN': '一票否决', en: 'Veto' },
        when: { var: 'breach' },
        target: 'stars',
        value: 0,
      },
      {
        name: 'passed',
        kind: 'value',
        label: { 'zh-CN': '达标', en: 'Passed' },
        expr: { '>=': [{ var: 'total' }, { var: 'passLine' }] },
      },
    ],
    outputs: ['total', 'stars', 'passed'],
    tests: [
      {
        name: '85 分 4 星',
        input: { periods: [{ period: '2025', subjects: [{ id: 'a', org: 20, edu: 20, service: 20, integrity: 25, breach: false }] }] },
        expect: [{ period: '2025', id: 'a', outputs: { total: 85, stars: 4, passed: true } }],
      },
      {
        name: '严重违纪 0 星',
        input: { periods: [{ period: '2025', subjects: [{ id: 'b', org: 25, edu: 25, service: 25, integrity: 25, breach: true }] }] },
        expect: [{ period: '2025', id: 'b', outputs: { total: 100, stars: 0, passed: true } }],
      },
    ],
  };
}
