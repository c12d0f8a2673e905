import { TrueMigration } from './migration-truth';
import { TruthProjection } from './audience-truth';
import { FaultSettings, ScriptedFault, ScriptedStatus } from './fault-injector';
import { PageOverlapOptions } from './helix-pagination';
import { HttpReply, HttpRouter, json, RequestContext } from './http-router';
import { LiveStream } from './world-model';

/** A control request that cannot be carried out; `status` is the HTTP answer to it. */
export class ControlError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

/** What `/sim/control` can do; TwitchSimulator offers the same as methods for in-process tests. */
export interface SimulatorControl {
  setFaults(settings: Partial<FaultSettings>): void;
  clearFaults(): void;
  failNext(fault: ScriptedFault): void;
  advanceClock(ms: number): void;
  startStream(login?: string): LiveStream;
  endStream(login: string): void;
  setRateLimit(perMinute: number): void;
  setPageOverlap(options: Partial<PageOverlapOptions>): void;
  registerClient(clientId: string, secret: string, redirectUris?: readonly string[]): void;
  setNextLogin(login: string): void;
  denyNextConsent(count?: number): void;
  state(): unknown;
  setModerator(login: string, channel: string, moderator?: boolean): void;
  dropChatConnections(): void;
  reconnectEventSub(): void;
  dropEventSubConnections(): void;
  revokeEventSub(login: string, status?: string): number;
  raid(from: string, to: string): void;
  truthMigrations(since: number, until: number, projection?: TruthProjection): TrueMigration[];
}

type Body = Record<string, unknown>;

/** Every action of `POST /sim/control`, keyed by its `action` field. */
const ACTIONS: Record<string, (control: SimulatorControl, body: Body) => unknown> = {
  setFaults: (control, body) =>
    control.setFaults({
      errorRate: optionalNumber(body, 'errorRate'),
      latencyMs: optionalNumber(body, 'latencyMs'),
      dropRate: optionalNumber(body, 'dropRate'),
    }),
  clearFaults: (control) => control.clearFaults(),
  failNext: (control, body) =>
    control.failNext({
      count: requiredNumber(body, 'count'),
      status: requiredNumber(body, 'status') as ScriptedStatus,
      pathPrefix: optionalString(body, 'pathPrefix'),
      skip: optionalNumber(body, 'skip'),
    }),
  advanceClock: (control, body) => control.advanceClock(requiredNumber(body, 'ms')),
  startStream: (control, body) => ({ stream: control.startStream(optionalString(body, 'login')) }),
  endStream: (control, body) => control.endStream(requiredString(body, 'login')),
  setRateLimit: (control, body) => control.setRateLimit(requiredNumber(body, 'perMinute')),
  setPageOverlap: (control, body) =>
    control.setPageOverlap({
      probability: optionalNumber(body, 'probability'),
      maxEntries: optionalNumber(body, 'maxEntries'),
    }),
  registerClient: (control, body) =>
    control.registerClient(
      requiredString(body, 'clientId'),
      requiredString(body, 'clientSecret'),
      optionalStrings(body, 'redirectUris'),
    ),
  setNextLogin: (control, body) => control.setNextLogin(requiredString(body, 'login')),
  denyNextConsent: (control, body) => control.denyNextConsent(optionalNumber(body, 'count')),
  setModerator: (control, body) =>
    control.setModerator(
      requiredString(body, 'login'),
      requiredString(body, 'channel'),
      optionalBoolean(body, 'moderator'),
    ),
  dropChatConnections: (control) => control.dropChatConnections(),
  reconnectEventSub: (control) => control.reconnectEventSub(),
  dropEventSubConnections: (control) => control.dropEventSubConnections(),
  revokeEventSub: (control, body) => ({
    revoked: control.revokeEventSub(requiredString(body, 'login'), optionalString(body, 'status')),
  }),
  raid: (control, body) => control.raid(requiredString(body, 'from'), requiredString(body, 'to')),
};

export function registerControlRoutes(router: HttpRouter, control: SimulatorControl): void {
  router.add('GET', '/sim/state', () => json(200, control.state()));
  router.add('POST', '/sim/control', async (context) => runAction(context, control));
  router.add('GET', '/sim/truth/migrations', ({ query }) => truthMigrations(query, control));
}

async function runAction(context: RequestContext, control: SimulatorControl): Promise<HttpReply> {
  let body: unknown;
  try {
    body = JSON.parse(await context.body());
  } catch {
    return controlError(400, 'The body must be a JSON object with an "action" field');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return controlError(400, 'The body must be a JSON object with an "action" field');
  }
  const action = (body as Body).action;
  const run = typeof action === 'string' && Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
  if (!run) return controlError(400, `Unknown action; expected one of ${Object.keys(ACTIONS).join(', ')}`);
  try {
    const result = run(control, body as Body);
    return json(200, { ok: true, action, ...(typeof result === 'object' ? result : {}) });
  } catch (error) {
    if (error instanceof ControlError) return controlError(error.status, error.message);
    if (error instanceof RangeError) return controlError(400, error.message);
    throw error;
  }
}

/**
 * `since` and `until` are ISO times; `since` defaults to the epoch, `until` to far in the future.
 * `channels` (comma-separated logins) projects the truth onto those channels, with `window` seconds
 * (default 300) as the migration window.
 */
function truthMigrations(query: URLSearchParams, control: SimulatorControl): HttpReply {
  const since = Date.parse(query.get('since') ?? '1970-01-01T00:00:00Z');
  const until = Date.parse(query.get('until') ?? '9999-01-01T00:00:00Z');
  if (Number.isNaN(since) || Number.isNaN(until)) {
    return controlError(400, '"since" and "until" must be ISO 8601 times');
  }
  const channels = query.get('channels');
  if (channels === null) return json(200, { data: control.truthMigrations(since, until) });
  const window = Number(query.get('window') ?? '300');
  if (!Number.isFinite(window) || window < 0) return controlError(400, '"window" must be seconds, 0 or more');
  const projection = { channels: channels.split(',').filter(Boolean), windowMs: window * 1000 };
  try {
    return json(200, { data: control.truthMigrations(since, until, projection) });
  } catch (error) {
    if (error instanceof RangeError) return controlError(400, error.message);
    throw error;
  }
}

function controlError(status: number, message: string): HttpReply {
  return json(status, { ok: false, status, message });
}

function optionalNumber(body: Body, name: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`"${name}" must be a number`);
  }
  return value;
}

function requiredNumber(body: Body, name: string): number {
  const value = optionalNumber(body, name);
  if (value === undefined) throw new RangeError(`"${name}" is required`);
  return value;
}

function optionalBoolean(body: Body, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new RangeError(`"${name}" must be a boolean`);
  return value;
}

function optionalString(body: Body, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new RangeError(`"${name}" must be a string`);
  return value;
}

function requiredString(body: Body, name: string): string {
  const value = optionalString(body, name);
  if (!value) throw new RangeError(`"${name}" is required`);
  return value;
}

function optionalStrings(body: Body, name: string): string[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
    throw new RangeError(`"${name}" must be an array of strings`);
  }
  return value;
}
