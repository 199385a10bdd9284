import { describe, expect, it } from 'vitest';
import type { Deployment, LocalParameter } from '@/api/deployments';
import { changedValues, deploymentRows, fieldError, localValues, problemsByPointer, stepOf } from './data';

const dep = (orgId: string, packId: string, version: string, effectiveFrom: string): Deployment => ({
  id: `${orgId}-${packId}-${version}`, orgId, packId, version, effectiveFrom, createdBy: 'dep', createdAt: '2024-01-01T00:00:00Z', orgNameZh: orgId, orgNameEn: orgId, parameters: {},
});

describe('deploymentRows', () => {
  const list = [dep('a', 'p', '2.0.0', '2025-01-01'), dep('a', 'p', '1.0.0', '2024-01-01'), dep('a', 'p', '3.0.0', '2026-01-01'), dep('b', 'p', '1.0.0', '2024-06-01')];

  it('picks the version in force on the day, and lists later ones as upcoming', () => {
    const [a, b] = deploymentRows(list, '2025-06-30');
    expect(a.current?.version).toBe('2.0.0');
    expect(a.upcoming.map((d) => d.version)).toEqual(['3.0.0']);
    expect(a.history.map((d) => d.version)).toEqual(['1.0.0', '2.0.0', '3.0.0']);
    expect(b.current?.version).toBe('1.0.0');
  });

  it('counts the effective day itself as in force', () => {
    expect(deploymentRows(list, '2026-01-01')[0].current?.version).toBe('3.0.0');
  });

  it('has nothing in force before the first effective date', () => {
    const [a] = deploymentRows(list, '2023-12-31');
    expect(a.current).toBeNull();
    expect(a.upcoming).toHaveLength(3);
  });
});

describe('local parameter values', () => {
  const payStep: LocalParameter = { name: 'payStep', label: { 'zh-CN': '每星报酬浮动幅度', en: 'Pay step' }, unit: null, description: null, default: 0.05, min: 0, max: 0.1 };
  const bands: LocalParameter = { name: 'bands', label: { 'zh-CN': '分档', en: 'Bands' }, unit: '分', description: null, default: [60, 70], min: 50, max: 80 };

  it('shows the province default where the locality has no value, and stores only what differs', () => {
    const v = localValues([payStep, bands], { payStep: 0.08 });
    expect(v).toEqual({ payStep: 0.08, bands: [60, 70] });
    expect(changedValues([payStep, bands], v)).toEqual({ payStep: 0.08 });
    expect(changedValues([payStep, bands], { payStep: 0.05, bands: [60, 75] })).toEqual({ bands: [60, 75] });
  });

  it('puts the server message on its parameter, an element of a list included', () => {
    const errors = problemsByPointer([{ path: '/parameters/payStep', message: { 'zh-CN': '每星报酬浮动幅度 应在 0 到 0.1 之间', en: 'x' } }, { path: '/parameters/bands/1', message: { 'zh-CN': '分档 第 2 个数 应在 50 到 80 之间', en: 'y' } }], 'zh-CN');
    expect(fieldError(errors, 'payStep')).toBe('每星报酬浮动幅度 应在 0 到 0.1 之间');
    expect(fieldError(errors, 'bands')).toBe('分档 第 2 个数 应在 50 到 80 之间');
    expect(fieldError(errors, 'pay')).toBe('');
  });

  it('steps by about a tenth of the range', () => {
    expect([stepOf({ min: 0, max: 0.1 }), stepOf({ min: 75, max: 85 }), stepOf({ min: 0, max: 100 }), stepOf({ min: 1, max: 1 })]).toEqual([0.01, 1, 10, 1]);
  });
});
