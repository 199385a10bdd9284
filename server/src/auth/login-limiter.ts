import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiError } from '../common/api-error';
import { APP_CONFIG, type AppConfig } from '../config';

const WINDOW_MS = 60_000;

interface Window {
  start: number;
  count: number;
}

/**
 * Login attempts per minute, counted per username and per address separately: a wrong-password flood on one
 * user locks out that user (429, even with the right password) but not the others behind the same address; many
 * usernames tried from one address hit the address limit. An attempt refused here is not counted, so a flood
 * that is already being refused does not use up the address's allowance.
 */
@Injectable()
export class LoginLimiter {
  private readonly users = new Map<string, Window>();
  private readonly addresses = new Map<string, Window>();
  private lastSweep = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get perUser(): number {
    return this.config.loginLimitPerMinute;
  }

  /** LOGIN_RATE_LIMIT_PER_ADDRESS, else ten times the per-username limit and at least 100. */
  get perAddress(): number {
    return this.config.loginLimitPerAddress ?? Math.max(100, 10 * this.perUser);
  }

  /** Seconds to wait when the attempt is refused, else null (and the attempt is counted). */
  attempt(username: string, address: string, now = Date.now()): number | null {
    this.sweep(now);
    const u = this.current(this.users, username, now);
    const a = this.current(this.addresses, address, now);
    if (u.count >= this.perUser) return Math.max(1, Math.ceil((u.start + WINDOW_MS - now) / 1000));
    if (a.count >= this.perAddress) return Math.max(1, Math.ceil((a.start + WINDOW_MS - now) / 1000));
    u.count++;
    a.count++;
    this.users.set(username, u);
    this.addresses.set(address, a);
    return null;
  }

  private current(map: Map<string, Window>, key: string, now: number): Window {
    const w = map.get(key);
    return w && now - w.start < WINDOW_MS ? w : { start: now, count: 0 };
  }

  /** Windows that have ended are dropped once a minute, so the maps hold only the last minute's keys. */
  private sweep(now: number): void {
    if (now - this.lastSweep < WINDOW_MS) return;
    this.lastSweep = now;
    for (const map of [this.users, this.addresses]) for (const [k, w] of map) if (now - w.start >= WINDOW_MS) map.delete(k);
  }
}

/** Applies LoginLimiter to the login route, before the password is checked. */
@Injectable()
export class LoginLimitGuard implements CanActivate {
  constructor(private readonly limiter: LoginLimiter) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<Request>();
    const raw = (req.body as { username?: unknown } | undefined)?.username;
    // the username as the login query sees it (exact match), cut to the longest one the route accepts
    const username = typeof raw === 'string' ? raw.slice(0, 100) : '';
    const wait = this.limiter.attempt(username, req.ip ?? req.socket.remoteAddress ?? '');
    if (wait === null) return true;
    ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(wait));
    throw new ApiError(HttpStatus.TOO_MANY_REQUESTS, 'TooManyRequests', `登录尝试过于频繁，请 ${wait} 秒后再试。`, `Too many login attempts; try again in ${wait} s.`, { retryAfter: wait });
  }
}
