import { KpValidationError, kpError } from '../engine/errors';
import { COMMON_PASSWORDS_TEXT } from './common-passwords';

/** Shortest password an administrator may set (the demo users' seeded password is not set through the API). */
export const MIN_PASSWORD_LENGTH = 10;

let common: Set<string> | null = null;
const commonPasswords = () => (common ??= new Set(COMMON_PASSWORDS_TEXT.split('\n').filter(Boolean)));

/**
 * Why a password is too weak (zh-CN, en), or null: shorter than 10 characters, one of the common passwords
 * (compared lower-cased), the username itself, or one character repeated.
 */
export function passwordWeakness(password: string, username: string): [string, string] | null {
  const chars = [...password];
  if (chars.length < MIN_PASSWORD_LENGTH) return [`密码至少 ${MIN_PASSWORD_LENGTH} 个字符。`, `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`];
  const lower = password.toLowerCase();
  if (lower === username.toLowerCase()) return ['密码不能与用户名相同。', 'The password must not be the username.'];
  if (new Set(chars).size === 1) return ['密码不能由同一个字符重复组成。', 'The password must not be one character repeated.'];
  if (commonPasswords().has(lower)) return ['该密码过于常见，容易被猜中，请换一个。', 'This password is too common and easy to guess; choose another.'];
  return null;
}

/** 422 by pointer (default `/password`) when the password is too weak. */
export function assertStrongPassword(password: string, username: string, path = '/password'): void {
  const weak = passwordWeakness(password, username);
  if (weak) throw new KpValidationError([kpError('InvalidInput', path, weak[0], weak[1])], 'input');
}
