import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { PUBLIC_KEY, ROLES_KEY, type Role } from '../../../server/src/auth/roles';

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI form: /api/v1/packs/{id}/versions/{version} */
  path: string;
  roles: Role[];
  public: boolean;
}

const VERBS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD'];
const join = (...parts: string[]) => '/' + parts.flatMap((p) => p.split('/')).filter(Boolean).join('/');
const openApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * Every route Nest serves, read from the controllers' own metadata (path, verb, @Roles, @Public), so a route added
 * tomorrow is in the matrix without anyone editing it. Needs DiscoveryModule among the app's imports.
 */
export function nestRoutes(app: INestApplication): Route[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const out: Route[] = [];
  for (const w of discovery.getControllers()) {
    const cls = w.metatype as (new (...a: unknown[]) => unknown) | undefined;
    if (!cls || !w.instance) continue;
    const base = Reflect.getMetadata(PATH_METADATA, cls) as string | string[];
    const proto = Object.getPrototypeOf(w.instance);
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name];
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (sub === undefined) continue;
      const verb = VERBS[Reflect.getMetadata(METHOD_METADATA, handler) as number] as Route['method'];
      const roles = (Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, cls) ?? []) as Role[];
      const pub = !!(Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, cls));
      for (const b of [base].flat()) {
        for (const s of [sub].flat()) {
          const full = join(b, s);
          // the global prefix, except for the health check (configureApp excludes it)
          const path = full.startsWith('/api/health') ? full : join('api/v1', full);
          out.push({ method: verb, path: openApiPath(path), roles, public: pub });
        }
      }
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** Fills {param} from a table; throws naming any parameter the table does not know (a new route needs a value). */
export function fill(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, k: string) => {
    if (!(k in values)) throw new Error(`route ${path}: no value for {${k}} — add one to the matrix's parameter table`);
    return encodeURIComponent(values[k]);
  });
}
