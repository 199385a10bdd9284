import { KpValidationError, kpError, type KpError } from '../engine/errors';

/**
 * The outer shape of an evaluation envelope, checked before the engine sees it so that a missing `periods` is
 * a 400 with a pointer rather than a crash. The engine checks everything inside the periods.
 */
export function checkEnvelopeShape(envelope: unknown, at: string): void {
  const errors: KpError[] = [];
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) {
    errors.push(kpError('InvalidInput', at, '评估输入须为 JSON 对象 { periods: [...] }。', 'The envelope must be a JSON object { periods: [...] }.'));
  } else {
    const env = envelope as Record<string, unknown>;
    if (!Array.isArray(env.periods) || env.periods.length === 0) {
      errors.push(kpError('InvalidInput', `${at}/periods`, 'periods 须为非空数组。', 'periods must be a non-empty array.'));
    } else {
      env.periods.forEach((period, i) => {
        if (typeof period !== 'object' || period === null || Array.isArray(period)) {
          errors.push(kpError('InvalidInput', `${at}/periods/${i}`, '每个考评期须为对象。', 'Each period must be an object.'));
        } else if (typeof (period as Record<string, unknown>).period !== 'string') {
          errors.push(kpError('InvalidInput', `${at}/periods/${i}/period`, '缺少考评期（如 "2024"、"2024-Q3"）。', 'The period is missing (e.g. "2024", "2024-Q3").'));
        }
      });
    }
    if (env.parameters !== undefined && (typeof env.parameters !== 'object' || env.parameters === null || Array.isArray(env.parameters))) {
      errors.push(kpError('InvalidInput', `${at}/parameters`, 'parameters 须为对象。', 'parameters must be an object.'));
    }
  }
  if (errors.length) throw new KpValidationError(errors, 'input');
}

/** The envelope as OpenAPI shows it (the engine checks the subjects against the pack's input schema). */
export const ENVELOPE_SCHEMA = {
  type: 'object',
  description: 'The evaluation envelope of SCHEMES.md: { periods: [{ period, subjects: [{ id, ...inputs }], scopes? }], parameters? }',
  required: ['periods'],
  properties: {
    periods: {
      type: 'array',
      items: {
        type: 'object',
        required: ['period', 'subjects'],
        properties: { period: { type: 'string', example: '2024' }, subjects: { type: 'array', items: { type: 'object' } }, scopes: { type: 'object' } },
      },
    },
    parameters: { type: 'object', description: 'Parameter overrides by dotted name, e.g. { "starBands": [60, 70, 80, 88, 96] }' },
  },
};
