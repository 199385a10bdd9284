import type { Pack } from '../../server/src/engine';

/** A scheme as the designer makes it: inputs, one value rule, no demo data, no formulas beyond that. */
export function minimalPack(input: Record<string, unknown>, period: Pack['period'] = 'year', expr: unknown = 0, id = 'mini-scheme'): Pack {
  return {
    id,
    version: '1.0.0',
    title: { 'zh-CN': '村党组织星级评定', en: 'Village branch stars' },
    source: { document: 'mini.txt', title: '某村考评办法' },
    locality: { 'zh-CN': '某村', en: 'A village' },
    period,
    subject: { kind: 'branch', label: { 'zh-CN': '党支部', en: 'Party branch' } },
    input,
    parameters: {},
    rules: [{ kind: 'value', name: 'total', expr, cite: '总分为各项得分之和。' }],
    outputs: ['total'],
  } as unknown as Pack;
}
