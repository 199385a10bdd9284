import { describe, expect, it } from 'vitest';
import type { VersionSummary } from '@/api/packs';
import { versionToOpen } from './data';

const v = (version: string, status: 'draft' | 'published'): VersionSummary => ({ version, status, contentHash: version, revision: 1 });
const pack = { versions: [v('1.0.0', 'published'), v('1.10.0', 'draft'), v('1.2.0', 'published'), v('1.3.0', 'draft')] };

describe('versionToOpen', () => {
  it('opens the newest draft for one who works on drafts (1.10.0 is newer than 1.3.0)', () => {
    expect(versionToOpen(pack)).toBe('1.10.0');
    expect(versionToOpen(pack, true)).toBe('1.10.0');
  });
  it('opens the newest published version, the one in force, for a reader', () => {
    expect(versionToOpen(pack, false)).toBe('1.2.0');
  });
  it('falls back to the newest version when there is none of the kind wanted', () => {
    expect(versionToOpen({ versions: [v('0.1.0', 'draft'), v('0.2.0', 'draft')] }, false)).toBe('0.2.0');
    expect(versionToOpen({ versions: [v('1.0.0', 'published')] }, true)).toBe('1.0.0');
    expect(versionToOpen({ versions: [] }, false)).toBeNull();
  });
});
