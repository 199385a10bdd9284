import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { KpValidationError } from '../engine/errors';
import { RequestError } from './body';

const STATUS_NAMES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  428: 'PreconditionRequired',
  429: 'TooManyRequests',
  503: 'ServiceUnavailable',
};

/**
 * The one place errors become HTTP: validation errors keep every pointer (400 for a malformed request, 422 for a
 * pack, parameters or envelope the engine rejects); anything unexpected is a 500 whose body says nothing about
 * the internals.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof KpValidationError) {
      const status = exception instanceof RequestError ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_ENTITY;
      res.status(status).json({ error: 'ValidationFailed', target: exception.target, errors: exception.errors });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (typeof body === 'object' && body !== null && 'error' in body && isI18n((body as { message?: unknown }).message)) {
        const retryAfter = (body as { retryAfter?: unknown }).retryAfter;
        if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
        res.status(status).json(body);
        return;
      }
      const text = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
      res.status(status).json({ error: STATUS_NAMES[status] ?? 'HttpError', message: { 'zh-CN': zhFor(status, text), en: text } });
      return;
    }
    // body-parser errors (malformed JSON, too large) carry their status on the error object
    const status = (exception as { status?: unknown; type?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json(errorBodyFor(status));
      return;
    }
    this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    res.status(HttpStatus.INTERNAL_SERVER_ERROR).json({
      error: 'InternalError',
      message: { 'zh-CN': '服务器内部错误，请稍后重试。', en: 'Internal server error.' },
    });
  }
}

/** The body for a request the body parser refused (malformed JSON, too large, wrong charset). */
export function errorBodyFor(status: number) {
  const en = status === 413 ? 'The request body is too large.' : 'The request body is not valid JSON.';
  return { error: STATUS_NAMES[status] ?? 'BadRequest', message: { 'zh-CN': zhFor(status, en), en } };
}

function isI18n(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as Record<string, unknown>).en === 'string';
}

function zhFor(status: number, en: string): string {
  switch (status) {
    case 400: return `请求无效：${en}`;
    case 401: return '未登录或登录已过期。';
    case 403: return '无权执行此操作。';
    case 404: return '资源不存在。';
    case 413: return '请求体过大。';
    case 429: return '请求过于频繁，请稍后再试。';
    default: return en;
  }
}
