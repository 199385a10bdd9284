import { availableParallelism } from 'node:os';
import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../api-error';
import type { KpError } from '../../engine/errors';
import { newBudget, type Budget } from '../../engine/compile/runtime';

/** The budgets of evaluations the server runs on request; every one can be set in the environment (server/SEED.md). */
export interface EvalLimits {
  /** Worker threads for submitted and draft packs (KP_EVAL_WORKERS). */
  workers: number;
  /** Wall time of one task in a worker before it is terminated (KP_EVAL_TIMEOUT_MS). */
  timeoutMs: number;
  /** Old-generation heap of a worker (KP_EVAL_MEMORY_MB). */
  memoryMb: number;
  /** Array iterations one evaluation may charge (KP_EVAL_MAX_STEPS). */
  maxSteps: number;
  /** Characters cat/substr may build in one evaluation (KP_EVAL_MAX_CHARS). */
  maxChars: number;
  /** Largest dry-run / try answer (KP_EVAL_MAX_RESPONSE_BYTES). */
  maxResponseBytes: number;
  /** Largest stored evaluation, in subjects × periods (KP_EVAL_MAX_SUBJECT_PERIODS). */
  maxSubjectPeriods: number;
  /** Largest stored trace of one evaluation, in bytes of JSON (KP_EVAL_MAX_TRACE_BYTES). */
  maxTraceBytes: number;
}

function num(v: string | undefined, def: number, min = 1): number {
  const n = v === undefined || v.trim() === '' ? NaN : Number(v);
  return Number.isFinite(n) && n >= min ? Math.floor(n) : def;
}

export function evalLimits(env: NodeJS.ProcessEnv = process.env): EvalLimits {
  return {
    workers: num(env.KP_EVAL_WORKERS, availableParallelism() > 2 ? 2 : 1),
    timeoutMs: num(env.KP_EVAL_TIMEOUT_MS, 5000, 50),
    memoryMb: num(env.KP_EVAL_MEMORY_MB, 256, 16),
    maxSteps: num(env.KP_EVAL_MAX_STEPS, 10_000_000),
    maxChars: num(env.KP_EVAL_MAX_CHARS, 10_000_000),
    maxResponseBytes: num(env.KP_EVAL_MAX_RESPONSE_BYTES, 20 * 1024 * 1024),
    maxSubjectPeriods: num(env.KP_EVAL_MAX_SUBJECT_PERIODS, 2000),
    maxTraceBytes: num(env.KP_EVAL_MAX_TRACE_BYTES, 20 * 1024 * 1024),
  };
}

export function budgetOf(l: Pick<EvalLimits, 'maxSteps' | 'maxChars'>): Budget {
  return newBudget(l.maxSteps, l.maxChars);
}

/** 422 BudgetExceeded: the engine's error by pointer, also as the body's `path` and `message`. */
export function budgetExceeded(error: KpError): ApiError {
  return new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'BudgetExceeded', error.message['zh-CN'], error.message.en, { path: error.path, errors: [error] });
}

export function timeBudgetError(ms: number): KpError {
  return {
    kind: 'BudgetExceeded',
    path: '',
    message: { 'zh-CN': `评估超出时间限额（${ms} 毫秒），已中止。请减少数据量或简化规则中的数组运算。`, en: `the evaluation ran past its time budget (${ms} ms) and was stopped` },
  };
}

export function memoryBudgetError(mb: number): KpError {
  return {
    kind: 'BudgetExceeded',
    path: '',
    message: { 'zh-CN': `评估超出内存限额（${mb} MB），已中止。请减少数据量或关闭追踪。`, en: `the evaluation ran past its memory budget (${mb} MB) and was stopped` },
  };
}

/** 413 for an answer larger than KP_EVAL_MAX_RESPONSE_BYTES. */
export function responseTooLarge(limit: number, hint: { zh: string; en: string }): ApiError {
  return new ApiError(
    HttpStatus.PAYLOAD_TOO_LARGE,
    'ResponseTooLarge',
    `结果超过 ${limit} 字节的上限（KP_EVAL_MAX_RESPONSE_BYTES）。${hint.zh}`,
    `The result is larger than the limit of ${limit} bytes (KP_EVAL_MAX_RESPONSE_BYTES). ${hint.en}`,
    { limit },
  );
}
