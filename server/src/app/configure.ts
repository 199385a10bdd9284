import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { AppConfig } from '../config';
import { errorBodyFor } from '../common/error.filter';
import { PathParamTextPipe, requestTextGuard } from '../common/request-text';

/**
 * Everything about the HTTP surface that is not a route: headers, body limits, prefixes, OpenAPI and the admin UI.
 * main.ts and the test harness both call it, so the tests exercise the server as it runs.
 */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Monaco and ECharts draw with inline styles and run workers from blob: URLs; scripts stay same-origin
          'style-src': ["'self'", "'unsafe-inline'"],
          'worker-src': ["'self'", 'blob:'],
          'img-src': ["'self'", 'data:', 'blob:'],
          'font-src': ["'self'", 'data:'],
        },
      },
    }),
  );
  app.use(express.json({ limit: config.bodyLimit, type: ['application/json', 'application/*+json'] }));
  // body-parser fails before Nest routes a request, so its errors need their own JSON answer
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = (err as { status?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json(errorBodyFor(status));
      return;
    }
    next(err);
  });
  // NUL, lone surrogates and deep nesting in the body or query: 400/422 by pointer before any route or login
  app.use(requestTextGuard);
  app.useGlobalPipes(new PathParamTextPipe());
  app.setGlobalPrefix('api/v1', { exclude: [{ path: 'api/health', method: RequestMethod.GET }] });

  const openApi = new DocumentBuilder()
    .setTitle('Kaoping API')
    .setDescription('Rule packs, deployments, evaluations and results of party-organisation assessment schemes (考评).')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), { useGlobalPrefix: false });

  serveAdminUi(app, config.adminUiDir);
}

/** The built admin UI at /, with every other non-API GET answered by index.html (client-side routes). */
function serveAdminUi(app: NestExpressApplication, dir: string): void {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return;
  app.use(express.static(dir, { index: false, maxAge: '1h' }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api/') || req.path === '/api') return next();
    if (!req.accepts('html')) return next();
    res.sendFile(index);
  });
}
