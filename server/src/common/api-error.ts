import { HttpException, HttpStatus } from '@nestjs/common';
import type { I18nText } from '../engine/types';

/** The body of every non-validation error: a stable code and a bilingual message. */
export interface ApiErrorBody {
  error: string;
  message: I18nText;
  [extra: string]: unknown;
}

export class ApiError extends HttpException {
  constructor(status: number, error: string, zh: string, en: string, extra: Record<string, unknown> = {}) {
    super({ error, message: { 'zh-CN': zh, en }, ...extra } satisfies ApiErrorBody, status);
  }
}

export const notFound = (zh: string, en: string) => new ApiError(HttpStatus.NOT_FOUND, 'NotFound', zh, en);
export const forbidden = (zh: string, en: string) => new ApiError(HttpStatus.FORBIDDEN, 'Forbidden', zh, en);
export const conflict = (error: string, zh: string, en: string, extra?: Record<string, unknown>) =>
  new ApiError(HttpStatus.CONFLICT, error, zh, en, extra);
export const unauthorized = (zh: string, en: string) => new ApiError(HttpStatus.UNAUTHORIZED, 'Unauthorized', zh, en);
