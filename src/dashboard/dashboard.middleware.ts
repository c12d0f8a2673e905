import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Inject, Injectable, Logger, NestMiddleware } from '@nestjs/common';
import send from 'send';
import { dashboardAnswer } from './dashboard-routes';
import { PAGE_SECURITY_HEADERS } from './content-security-policy';

export const DASHBOARD_OPTIONS = Symbol('DASHBOARD_OPTIONS');

export interface DashboardOptions {
  /** The Vite build: index.html, graphiql.html and assets/. */
  dir: string;
  /** GraphiQL at GET /graphql in a browser (off in production, as introspection is). */
  graphiql: boolean;
}

/** A year, in seconds: hashed assets never change under their name. */
const ASSET_MAX_AGE_MS = 365 * 24 * 3600 * 1000;

/** The request as it reached the server: Nest's middleware sees a url relative to its mount point. */
type MountedRequest = IncomingMessage & { originalUrl?: string };

/**
 * Serves the dashboard (web/) and the self-hosted GraphiQL. Hashed assets are immutable and cached for a
 * year; the HTML pages are revalidated on every load so a new build is picked up at once. Runs before
 * Apollo's route, so GET /graphql from a browser gets the IDE and every other request reaches the API.
 */
@Injectable()
export class DashboardMiddleware implements NestMiddleware {
  private readonly logger = new Logger(DashboardMiddleware.name);
  private warnedMissing = false;

  constructor(@Inject(DASHBOARD_OPTIONS) private readonly options: DashboardOptions) {}

  use(request: MountedRequest, response: ServerResponse, next: (error?: unknown) => void): void {
    const url = new URL(request.originalUrl ?? request.url ?? '/', 'http://service.invalid');
    const answer = dashboardAnswer(
      {
        method: request.method ?? 'GET',
        path: url.pathname,
        accept: request.headers.accept,
        graphqlQuery: url.searchParams.has('query'),
      },
      this.options.graphiql,
    );
    if (answer === 'none') {
      next();
      return;
    }
    if (answer === 'asset') {
      this.sendAsset(request, url.pathname.slice('/assets'.length), response);
      return;
    }
    this.sendPage(request, answer === 'graphiql' ? 'graphiql.html' : 'index.html', response, next);
  }

  private sendAsset(request: IncomingMessage, path: string, response: ServerResponse): void {
    send(request, path, {
      root: join(this.options.dir, 'assets'),
      index: false,
      immutable: true,
      maxAge: ASSET_MAX_AGE_MS,
    })
      .on('headers', () => setSecurityHeaders(response))
      .on('error', (error: { status?: number }) => {
        // A name no build made (or a path out of the folder): the API's plain 404, never a page.
        response.statusCode = error.status ?? 404;
        response.setHeader('Content-Type', 'text/plain; charset=utf-8');
        setSecurityHeaders(response);
        response.end(response.statusCode === 404 ? 'Not Found' : 'Bad Request');
      })
      .pipe(response);
  }

  private sendPage(
    request: IncomingMessage,
    file: string,
    response: ServerResponse,
    next: (error?: unknown) => void,
  ): void {
    const root = this.options.dir;
    setSecurityHeaders(response);
    // Revalidated on every load: a new build is picked up at once.
    send(request, file, { root, index: false, cacheControl: false })
      .on('headers', () => response.setHeader('Cache-Control', 'no-cache'))
      .on('error', (error: NodeJS.ErrnoException & { status?: number }) => {
        if (error.status !== 404 || response.headersSent) return next(error);
        if (!this.warnedMissing)
          this.logger.warn(`The dashboard is not built (no ${join(root, file)}): run npm run build`);
        this.warnedMissing = true;
        response.statusCode = 503;
        response.setHeader('Content-Type', 'text/plain; charset=utf-8');
        response.end('The dashboard is not built. Run `npm run build` (npm start does it), then reload.');
      })
      .pipe(response);
  }
}

function setSecurityHeaders(response: ServerResponse): void {
  for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) response.setHeader(name, value);
}
