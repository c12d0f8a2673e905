import { IncomingHttpHeaders, IncomingMessage, ServerResponse, STATUS_CODES } from 'node:http';

export interface RequestContext {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The raw body, read on first call (at most `MAX_BODY_BYTES`). */
  body(): Promise<string>;
}

export interface HttpReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler<C = RequestContext> = (context: C) => HttpReply | Promise<HttpReply>;

const MAX_BODY_BYTES = 1 << 20;

/** Exact-path routing: the simulator has a dozen fixed paths, so a map lookup is all it needs. */
export class HttpRouter<C extends RequestContext = RequestContext> {
  private readonly routes = new Map<string, RouteHandler<C>>();

  add(method: string, path: string, handler: RouteHandler<C>): this {
    this.routes.set(`${method} ${path}`, handler);
    return this;
  }

  find(method: string, path: string): RouteHandler<C> | undefined {
    return this.routes.get(`${method} ${path.length > 1 ? path.replace(/\/+$/, '') : path}`);
  }
}

export function createContext(request: IncomingMessage): RequestContext {
  const url = new URL(request.url ?? '/', 'http://localhost');
  let body: Promise<string> | undefined;
  return {
    method: request.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: request.headers,
    body: () => (body ??= readBody(request)),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function json(status: number, body: unknown, headers?: Record<string, string>): HttpReply {
  return { status, body, headers };
}

/** Helix's error body: `{ error, status, message }`. */
export function helixError(status: number, message: string, headers?: Record<string, string>): HttpReply {
  return json(status, { error: STATUS_CODES[status] ?? 'Error', status, message }, headers);
}

/** The OAuth endpoints' error body: `{ status, message }`. */
export function oauthError(status: number, message: string): HttpReply {
  return json(status, { status, message });
}

/** Content-Type is exactly `application/json`: twurple only parses error bodies whose type equals it. */
export function writeReply(response: ServerResponse, reply: HttpReply): void {
  if (response.destroyed || response.writableEnded) return;
  const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    ...reply.headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
  });
  response.end(payload);
}

/** Repeated query parameters (`?id=1&id=2`); like Helix, a comma-separated value is one (odd) value. */
export function queryList(query: URLSearchParams, name: string): string[] {
  return query.getAll(name).filter(Boolean);
}
