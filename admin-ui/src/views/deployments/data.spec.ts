import { describe, expect, it } from 'vitest';
import type { Deployment } from '@/api/deployments';
import { deploymentRows } from './data';

const dep = (orgId: string, packId: string, version: string, effectiveFrom: string): Deployment => ({
  id: `${orgId}-${packId}-${version}`, orgId, packId, version, effectiveFrom, createdBy: 'dep', createdAt: '2024-01-01T00:00:00Z', orgNameZh: orgId, orgNameEn: orgId,
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
