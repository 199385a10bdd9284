import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { KpValidationError, kpError, type KpError } from '../engine/errors';
import { RequestError } from './body';

/**
 * Limits of the edge scan over every JSON body and query string (KP_MAX_JSON_DEPTH, KP_MAX_JSON_NODES).
 * `depth` counts containers from the top of the body: 256 is far above any request's real shape (a pack document
 * may nest 100 levels) and far below what a recursive walk (JSON.stringify, sorting keys, ajv) survives. Under
 * `/document` and `/variants/<n>/document` (a rule pack, whose own iterative check refuses anything over 100 levels
 * by pointer before anything walks it) the depth is not limited here, so that the pack checker names the rule; the
 * node limit applies everywhere.
 */
export const REQUEST_LIMITS = {
  depth: Number(process.env.KP_MAX_JSON_DEPTH ?? 256),
  nodes: Number(process.env.KP_MAX_JSON_NODES ?? 2_000_000),
};

/** Pointers name the field holding a too-deep value by its first few segments, not hundreds of levels inside it. */
const POINTER_SEGMENTS = 4;

/** Where a body holds a whole pack document: at the top, or a simulation variant's. */
const PACK_PARENT = /^(\/variants\/\d+)?$/;

const escape = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** Why a string cannot be stored as text (zh-CN, en), or null: NUL or an unpaired UTF-16 surrogate. */
export function badText(s: string): [string, string] | null {
  if (s.includes('\u0000')) return ['不允许包含空字符（\\u0000）。', 'The NUL character (\\u0000) is not allowed.'];
  if (!(s as unknown as { isWellFormed(): boolean }).isWellFormed()) return ['包含不成对的代理字符（无效的 Unicode 文本）。', 'Contains an unpaired surrogate (not valid Unicode text).'];
  return null;
}

export interface ScanProblem {
  /** 400 for bad text, 422 for nesting past the depth limit, 413 for too many nodes. */
  status: 400 | 413 | 422;
  error: KpError;
}

/**
 * One iterative pass (an explicit stack, no recursion) over a parsed JSON value: every string and every key is
 * checked for NUL and lone surrogates, containers for depth, and all for the node count. The first problem
 * found, or null. `prefix` goes before every pointer (`query:` for the query string).
 */
export function scanJson(root: unknown, prefix = '', limits = REQUEST_LIMITS): ScanProblem | null {
  // [value, pointer, depth, depth-limited]
  const stack: [unknown, string, number, boolean][] = [[root, '', 0, true]];
  let nodes = 0;
  while (stack.length) {
    const [v, at, depth, limited] = stack.pop()!;
    if (++nodes > limits.nodes) {
      return { status: 413, error: kpError('InvalidInput', prefix, `请求内容过大（超过 ${limits.nodes} 个值）。`, `The request has too many values (over ${limits.nodes}).`) };
    }
    if (typeof v === 'string') {
      const bad = badText(v);
      if (bad) return { status: 400, error: kpError('InvalidInput', prefix + at, bad[0], bad[1]) };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (limited && depth >= limits.depth) {
      const head = at.split('/').slice(0, POINTER_SEGMENTS + 1).join('/');
      return {
        status: 422,
        error: kpError('InvalidInput', prefix + head, `嵌套层数过多（上限 ${limits.depth} 层）。`, `Nested too deeply (at most ${limits.depth} levels).`),
      };
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}/${i}`, depth + 1, limited]);
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i];
      const bad = badText(k);
      if (bad) return { status: 400, error: kpError('InvalidInput', `${prefix}${at}/${escape(k)}`, `字段名${bad[0]}`, `Field name: ${bad[1]}`) };
      stack.push([(v as Record<string, unknown>)[k], `${at}/${escape(k)}`, depth + 1, limited && !(k === 'document' && PACK_PARENT.test(at))]);
    }
  }
  return null;
}

/** The problem of one path or query parameter value (`path:id`, `query:from`), or null. */
export function scanParam(kind: 'path' | 'query', name: string, value: unknown): ScanProblem | null {
  return scanJson(value, `${kind}:${name}`);
}

export function sendProblem(res: Response, p: ScanProblem): void {
  res.status(p.status).json({ error: 'ValidationFailed', target: 'input', errors: [p.error] });
}

/**
 * Express middleware after the JSON parser: the body and the query string are scanned before any route, guard
 * or login sees them, so NUL, lone surrogates and deep nesting are a 400/422 by pointer instead of a database or
 * stack error later.
 */
export function requestTextGuard(req: Request, res: Response, next: NextFunction): void {
  const query = req.query as Record<string, unknown>;
  for (const name of Object.keys(query)) {
    const bad = badText(name);
    if (bad) return sendProblem(res, { status: 400, error: kpError('InvalidInput', 'query:', `参数名${bad[0]}`, `Parameter name: ${bad[1]}`) });
    const p = scanParam('query', name, query[name]);
    if (p) return sendProblem(res, p);
  }
  if (req.body !== undefined && req.body !== null && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) {
    const p = scanJson(req.body);
    if (p) return sendProblem(res, p);
  }
  next();
}

/**
 * Global pipe for path parameters (`path:id`): they are decoded only once a route matched, after the middleware.
 * Runs after the auth guard, which reads only the token.
 */
@Injectable()
export class PathParamTextPipe implements PipeTransform {
  transform(value: unknown, meta: ArgumentMetadata): unknown {
    if (meta.type !== 'param') return value;
    const found = meta.data ? scanParam('path', meta.data, value) : scanNamedParams(value);
    if (found) throw found.status === 400 ? new RequestError([found.error]) : new KpValidationError([found.error], 'input');
    return value;
  }
}

function scanNamedParams(params: unknown): ScanProblem | null {
  if (!params || typeof params !== 'object') return null;
  for (const [k, v] of Object.entries(params)) {
    const p = scanParam('path', k, v);
    if (p) return p;
  }
  return null;
}
