import { join } from 'node:path';
import { Inject, Injectable, Logger, NestMiddleware } from '@nestjs/common';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { dashboardAnswer } from './dashboard-routes';
import { PAGE_SECURITY_HEADERS } from './content-security-policy';

export const DASHBOARD_OPTIONS = Symbol('DASHBOARD_OPTIONS');

export interface DashboardOptions {
  /** The Vite build: index.html, graphiql.html and assets/. */
  dir: string;
  /** GraphiQL at GET /graphql in a browser (off in production, as introspection is). */
  graphiql: boolean;
}

/**
 * Serves the dashboard (web/) and the self-hosted GraphiQL. Hashed assets are immutable and cached for a
 * year; the HTML pages are revalidated on every load so a new build is picked up at once. Runs before
 * Apollo's middleware, so GET /graphql from a browser gets the IDE and every other request reaches the API.
 */
@Injectable()
export class DashboardMiddleware implements NestMiddleware {
  private readonly logger = new Logger(DashboardMiddleware.name);
  private readonly assets: RequestHandler;
  private warnedMissing = false;

  constructor(@Inject(DASHBOARD_OPTIONS) private readonly options: DashboardOptions) {
    this.assets = express.static(join(options.dir, 'assets'), {
      index: false,
      immutable: true,
      maxAge: '365d',
      fallthrough: false,
      setHeaders: (response) => setSecurityHeaders(response),
    });
  }

  use(request: Request, response: Response, next: NextFunction): void {
    // Mounted on every path, Nest's middleware sees a url relative to its mount point: read the original.
    const url = new URL(request.originalUrl, 'http://service.invalid');
    const answer = dashboardAnswer(
      {
        method: request.method,
        path: url.pathname,
        accept: request.headers.accept,
        graphqlQuery: typeof request.query.query === 'string',
      },
      this.options.graphiql,
    );
    if (answer === 'none') {
      next();
      return;
    }
    if (answer === 'asset') {
      // express.static resolves request.url against the assets folder: strip the /assets prefix.
      const original = request.url;
      request.url = request.originalUrl.slice('/assets'.length);
      this.assets(request, response, (error?: unknown) => {
        request.url = original;
        next(error);
      });
      return;
    }
    this.sendPage(answer === 'graphiql' ? 'graphiql.html' : 'index.html', response, next);
  }

  private sendPage(file: string, response: Response, next: NextFunction): void {
    const path = join(this.options.dir, file);
    setSecurityHeaders(response);
    response.setHeader('Cache-Control', 'no-cache');
    // No express default Cache-Control: the page is revalidated on every load (no-cache above).
    response.sendFile(path, { cacheControl: false }, (error?: NodeJS.ErrnoException) => {
      if (!error) return;
      if (error.code !== 'ENOENT' || response.headersSent) return next(error);
      if (!this.warnedMissing) this.logger.warn(`The dashboard is not built (no ${path}): run npm run build`);
      this.warnedMissing = true;
      response
        .status(503)
        .type('text/plain')
        .send('The dashboard is not built. Run `npm run build` (npm start does it), then reload.');
    });
  }
}

function setSecurityHeaders(response: Response): void {
  for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) response.setHeader(name, value);
}
