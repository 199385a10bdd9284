import { $t } from '@/locales';

/** Who did something, as the UI shows it: the seed's 'system' in words (系统); a username stays as it is (an id, set in monospace). */
export function byWhom(username: string | null | undefined): { text: string; id: boolean } {
  if (!username) return { text: '', id: false };
  return username === 'system' ? { text: $t('common.system'), id: false } : { text: username, id: true };
}
