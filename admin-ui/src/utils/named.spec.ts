import { describe, expect, it } from 'vitest';
import { named } from './named';

describe('named', () => {
  it('uses full-width brackets without a space in Chinese, ASCII brackets after a space in English', () => {
    expect(named('星级', 'stars', 'zh-CN')).toBe('星级（stars）');
    expect(named('村党组织星级积分', 'village-branch-points', 'zh-CN')).toBe('村党组织星级积分（village-branch-points）');
    expect(named('Stars', 'stars', 'en')).toBe('Stars (stars)');
  });
});
