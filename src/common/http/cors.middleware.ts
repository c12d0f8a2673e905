import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { appConfig } from '../../config';

/** How long a browser may reuse a preflight answer (seconds). */
const PREFLIGHT_MAX_AGE = 600;

/**
 * CORS on /graphql for the sites of CORS_ORIGINS, so that an Apollo client served elsewhere can call the
 * API. Bearer tokens, not cookies, carry the identity, so no credentials are allowed. Any other origin
 * gets no CORS header and its browser keeps the answer from the page; with CORS_ORIGINS unset nothing
 * changes at all. Same-origin pages need none of this.
 */
@Injectable()
export class CorsMiddleware implements NestMiddleware {
  constructor(@Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>) {}

  use(request: IncomingMessage, response: ServerResponse, next: () => void): void {
    const listed = this.config.corsOrigins;
    if (listed.length === 0) return next();
    // The answer depends on Origin: a shared cache must not hand one site's answer to another.
    response.appendHeader('Vary', 'Origin');
    const origin = request.headers.origin?.toLowerCase();
    if (origin === undefined || !listed.includes(origin)) return next();
    response.setHeader('Access-Control-Allow-Origin', origin);
    const preflight = request.method === 'OPTIONS' && request.headers['access-control-request-method'];
    if (!preflight) return next();
    response.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    response.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    response.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE));
    response.statusCode = 204;
    response.end();
  }
}
