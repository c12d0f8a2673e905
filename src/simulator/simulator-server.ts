import { Clock, ManualClock, SystemClock } from '../common/clock';
import { TrueMigration } from './migration-truth';
import { TruthProjection } from './audience-truth';
import { registerAuthRoutes } from './auth-handlers';
import { ClientRegistry, EMBEDDED_CLIENT_ID, TokenStore } from './auth-tokens';
import { ModeratorRegistry } from './chat-moderators';
import { ChatMessageIds } from './chat-message-ids';
import { ChatServer } from './chat-server';
import { ConcurrentChannels } from './concurrent-channels';
import { ControlError, registerControlRoutes, SimulatorControl } from './control-handlers';
import { DirectGrants, UserGrantTokens } from './direct-grants';
import { registerConduitRoutes } from './eventsub-conduit-handlers';
import { registerEventSubRoutes } from './eventsub-handlers';
import { EventSubServer, isEventSubUpgrade } from './eventsub-server';
import { FaultInjector, FaultSettings, ScriptedFault } from './fault-injector';
import { HelixGateway } from './helix-gateway';
import { registerChattersRoute } from './helix-chatters';
import { HelixContext, registerHelixRoutes } from './helix-handlers';
import { DEFAULT_PAGE_OVERLAP, PageOverlap, PageOverlapOptions } from './helix-pagination';
import { HttpRouter } from './http-router';
import { LoopbackListener } from './loopback-listener';
import { AuthorizationCodeStore } from './oauth-codes';
import { ConsentSwitch } from './oauth-consent';
import { type RateLimitUsage, TokenBucketRateLimiter } from './rate-limiter';
import { RequestDispatcher } from './request-dispatcher';
import { mixSeed, SeededRandom } from './seeded-random';
import { UserDirectory, WELL_KNOWN_USERS } from './simulated-users';
import {
  DEFAULT_APP_TOKEN_TTL_SECONDS,
  DEFAULT_CHAT_PING_INTERVAL_MS,
  DEFAULT_CHAT_PUMP_INTERVAL_MS,
  DEFAULT_CHATTERS_LAG_MS,
  DEFAULT_EVENTSUB_RECONNECT_GRACE_MS,
  DEFAULT_EVENTSUB_UNUSED_CONNECTION_MS,
  DEFAULT_MEMBERSHIP_BATCH_MS,
  DEFAULT_CLIENTS,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  DEFAULT_USER_TOKEN_TTL_SECONDS,
  SimulatorOptions,
  SimulatorState,
  SimulatorStats,
} from './simulator-options';
import { SimulatorWorld } from './simulator-world';
import { DEFAULT_WORLD_OPTIONS } from './world-options';
import { WorldAudience } from './world-audience';
import { WorldControls } from './world-controls';
import { LiveStream } from './world-model';

export type { SimulatorOptions, SimulatorState, SimulatorStats } from './simulator-options';

/** Independent random streams, so that HTTP traffic never changes how the world evolves. */
const OVERLAP_SALT = 1;
const FAULTS_SALT = 2;

/**
 * The fake Twitch over HTTP: Helix under `/mock`, OAuth under `/auth`, controls under `/sim`, chat over
 * WebSocket, on 127.0.0.1 and ::1. A plain class, usable without Nest; SimulatorModule and `main.ts` wrap
 * it. It builds the parts from the options and offers the controls as methods for in-process tests.
 */
export class TwitchSimulator implements SimulatorControl {
  readonly clock: Clock;
  readonly world: SimulatorWorld;
  readonly seed: number;
  /** Everyone who can log in: the well-known accounts and every channel's broadcaster. */
  readonly users: UserDirectory;
  /** Who watches what, and the true migrations. */
  readonly audience: WorldAudience;
  readonly chat: ChatServer;
  /** EventSub over WebSocket (`/ws`) and its subscriptions. */
  readonly eventSub: EventSubServer;
  private readonly moderators = new ModeratorRegistry();
  /** Twitch's concurrent join limit, one registry for IRC chat and EventSub chat. */
  private readonly concurrent: ConcurrentChannels;
  private readonly clients: ClientRegistry;
  private readonly tokens: TokenStore;
  private readonly grants: DirectGrants;
  private readonly codes: AuthorizationCodeStore;
  private readonly consent = new ConsentSwitch();
  private readonly rateLimiter: TokenBucketRateLimiter;
  private readonly faults: FaultInjector;
  private readonly overlap: PageOverlap;
  private readonly controls: WorldControls;
  private readonly dispatcher: RequestDispatcher;
  private readonly listener = new LoopbackListener(
    (request, response) => void this.dispatcher.handle(request, response),
    (request, socket, head) =>
      isEventSubUpgrade(request.url)
        ? this.eventSub.handleUpgrade(request, socket, head)
        : this.chat.handleUpgrade(request, socket, head),
  );
  private boundPort: number | undefined;

  constructor(options: SimulatorOptions = {}) {
    this.seed = options.seed ?? DEFAULT_WORLD_OPTIONS.seed;
    this.clock = options.clock ?? new SystemClock();
    this.world = new SimulatorWorld(this.clock, {
      seed: this.seed,
      channels: options.channels,
      liveShare: options.liveShare,
      games: options.games,
      tickMs: options.tickMs,
    });
    this.audience = new WorldAudience(this.world, options);
    this.controls = new WorldControls(this.clock, this.world, this.audience);
    this.users = new UserDirectory(this.world);
    this.clients = new ClientRegistry({ ...DEFAULT_CLIENTS, ...options.clients });
    this.tokens = new TokenStore(this.clock);
    this.codes = new AuthorizationCodeStore(this.clock);
    const appTokenTtlSeconds = options.appTokenTtlSeconds ?? DEFAULT_APP_TOKEN_TTL_SECONDS;
    const userTokenTtlSeconds = options.userTokenTtlSeconds ?? DEFAULT_USER_TOKEN_TTL_SECONDS;
    const { clients, tokens, users } = this;
    this.grants = new DirectGrants({ clients, tokens, users, appTokenTtlSeconds, userTokenTtlSeconds });
    this.rateLimiter = new TokenBucketRateLimiter(
      options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
      options.rateLimitClock === 'world' ? () => this.clock.now() : Date.now,
    );
    this.faults = new FaultInjector(new SeededRandom(mixSeed(this.seed, FAULTS_SALT)), options.faults);
    this.overlap = new PageOverlap(
      new SeededRandom(mixSeed(this.seed, OVERLAP_SALT)),
      options.pageOverlap ?? DEFAULT_PAGE_OVERLAP,
    );

    const helixRouter = new HttpRouter<HelixContext>();
    registerHelixRoutes(helixRouter, { world: this.world, users: this.users, overlap: this.overlap });
    const lagMs = options.chattersLagMs ?? DEFAULT_CHATTERS_LAG_MS;
    const { world, audience, moderators, clock } = this;
    registerChattersRoute(helixRouter, { world, audience, moderators, clock, lagMs });
    this.concurrent = new ConcurrentChannels(moderators, options.concurrentChannelLimit);
    const { concurrent } = this;
    const messageIds = new ChatMessageIds();
    this.chat = new ChatServer(
      { world, audience, moderators, concurrent, messageIds, tokens: this.tokens },
      {
        membershipBatchMs: options.membershipBatchMs ?? DEFAULT_MEMBERSHIP_BATCH_MS,
        pingIntervalMs: options.chatPingIntervalMs ?? DEFAULT_CHAT_PING_INTERVAL_MS,
        pumpIntervalMs: options.chatPumpIntervalMs ?? DEFAULT_CHAT_PUMP_INTERVAL_MS,
        verifiedBots: new Set(options.verifiedBots?.map((login) => login.toLowerCase())),
      },
    );
    this.eventSub = new EventSubServer(
      { world, audience, users, concurrent, messageIds },
      {
        unusedConnectionMs: options.eventSubUnusedConnectionMs ?? DEFAULT_EVENTSUB_UNUSED_CONNECTION_MS,
        reconnectGraceMs: options.eventSubReconnectGraceMs ?? DEFAULT_EVENTSUB_RECONNECT_GRACE_MS,
      },
    );
    registerEventSubRoutes(helixRouter, this.eventSub.subscriptions);
    registerConduitRoutes(helixRouter, this.eventSub.conduits);
    const authRouter = new HttpRouter();
    registerAuthRoutes(authRouter, {
      clients: this.clients,
      tokens: this.tokens,
      codes: this.codes,
      consent: this.consent,
      appTokenTtlSeconds,
      userTokenTtlSeconds,
    });
    const controlRouter = new HttpRouter();
    registerControlRoutes(controlRouter, this);
    const gateway = new HelixGateway({
      router: helixRouter,
      tokens: this.tokens,
      rateLimiter: this.rateLimiter,
      faults: this.faults,
    });
    this.dispatcher = new RequestDispatcher({ gateway, authRouter, controlRouter, faults: this.faults });
  }

  /** The port listened on, once `listen` has resolved. */
  get port(): number | undefined {
    return this.boundPort;
  }

  /** The base URL @twurple uses when `TWURPLE_MOCK_API_PORT` is the port. */
  get url(): string {
    if (this.boundPort === undefined) throw new Error('The simulator is not listening');
    return `http://localhost:${this.boundPort}`;
  }

  get stats(): SimulatorStats {
    return { ...this.dispatcher.counters, tokensIssued: this.tokens.issued };
  }

  /** Listens on 127.0.0.1 and ::1 (IPv4 only when the machine has no IPv6 loopback); 0 picks a free port. */
  async listen(port = 0): Promise<number> {
    this.boundPort = await this.listener.listen(port);
    this.chat.start();
    return this.boundPort;
  }

  async close(): Promise<void> {
    // Requests held by injected latency are answered at once, into connections about to close.
    this.dispatcher.releaseHeld();
    // Upgraded sockets would keep the HTTP servers from closing.
    await this.chat.close();
    await this.eventSub.close();
    await this.listener.close();
    this.boundPort = undefined;
  }

  /** The ground truth: live streams by viewers, descending, ties by user id ascending (see SimulatorWorld). */
  liveStreams(): readonly LiveStream[] {
    return this.world.liveStreams();
  }

  /** Issues an app access token without HTTP, for tests that call endpoints with `fetch`. */
  issueAppToken(clientId = EMBEDDED_CLIENT_ID): string {
    return this.grants.appToken(clientId);
  }

  /** Issues a user access token without the consent page, for tests that need one. */
  issueUserToken(login: string, scopes: readonly string[] = [], clientId = EMBEDDED_CLIENT_ID): string {
    return this.grants.userGrant(login, scopes, clientId).accessToken;
  }

  /**
   * A user's access and refresh tokens without the consent page: what a long-running client (the
   * embedded service's moderator) needs to outlive the access token.
   */
  issueUserGrant(
    login: string,
    scopes: readonly string[] = [],
    clientId = EMBEDDED_CLIENT_ID,
  ): UserGrantTokens {
    return this.grants.userGrant(login, scopes, clientId);
  }

  /** With redirect URIs, the consent page accepts exactly those; without, any loopback http(s) URI. */
  registerClient(clientId: string, secret: string, redirectUris: readonly string[] = []): void {
    this.clients.register(clientId, secret, redirectUris);
  }

  /** The user every later consent approves (persistent); `simviewer` until changed. */
  setNextLogin(login: string): void {
    const user = this.users.findByLogin(login);
    if (!user) throw new ControlError(404, `No user ${login}`);
    this.consent.setNextUser(user);
  }

  /** The next `count` consents are denied (on top of any still pending). */
  denyNextConsent(count = 1): void {
    this.consent.denyNext(count);
  }

  setFaults(settings: Partial<FaultSettings>): void {
    this.faults.set(settings);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  failNext(fault: ScriptedFault): void {
    this.faults.failNext(fault);
  }

  setRateLimit(perMinute: number): void {
    this.rateLimiter.setLimit(perMinute);
  }

  /** Helix points spent and 429s for an empty bucket, per bucket (`user:<id>`, `client:<id>`). */
  rateLimitUsage(): RateLimitUsage[] {
    return this.rateLimiter.usageByBucket();
  }

  setPageOverlap(options: Partial<PageOverlapOptions>): void {
    this.overlap.set(options);
  }

  advanceClock(ms: number): void {
    this.controls.advanceClock(ms);
  }

  /** Starts `login`'s stream, or a random offline channel's. */
  startStream(login?: string): LiveStream {
    return this.controls.startStream(login);
  }

  endStream(login: string): void {
    this.controls.endStream(login);
  }

  /**
   * True hops that completed (joined) in [since, until), epoch ms; bots never migrate. With `projection`,
   * the migrations an observer of only those channels would count from true presence (AudienceTruth).
   */
  truthMigrations(since: number, until: number, projection?: TruthProjection): TrueMigration[] {
    return this.controls.truthMigrations(since, until, projection);
  }

  /** `channel` is a login or `*` for every channel; `moderator: false` removes the right. */
  setModerator(login: string, channel: string, moderator = true): void {
    this.moderators.set(login, channel, moderator);
  }

  dropChatConnections(): void {
    this.chat.dropAll();
  }

  /** Raids `to` from `from` now: both must be live; the USERNOTICE goes to `to`'s chat. */
  raid(from: string, to: string): void {
    this.controls.raid(from, to);
  }

  /** The channels a chat user is in now, over IRC and EventSub chat (Twitch's concurrent join limit). */
  chatChannelsOf(login: string): string[] {
    return this.concurrent.channelsOf(login);
  }

  /** Sends `session_reconnect` to every connected EventSub session (see EventSubServer.reconnectAll). */
  reconnectEventSub(): void {
    this.eventSub.reconnectAll();
  }

  /** Drops every EventSub connection; their subscriptions are disabled (`websocket_disconnected`). */
  dropEventSubConnections(): void {
    this.eventSub.dropAll();
  }

  /** Revokes `login`'s enabled EventSub subscriptions with a `revocation` message; answers how many. */
  revokeEventSub(login: string, status = 'authorization_revoked'): number {
    return this.eventSub.revoke(login, status);
  }

  state(): SimulatorState {
    const { liveStreams, streamsStarted, streamsEnded } = this.world.stats;
    return {
      seed: this.seed,
      port: this.boundPort ?? null,
      addresses: this.listener.addresses,
      clock: { now: this.clock.date().toISOString(), manual: this.clock instanceof ManualClock },
      world: {
        time: new Date(this.world.time).toISOString(),
        channels: this.world.channels.length,
        games: this.world.games.length,
        liveStreams,
        streamsStarted,
        streamsEnded,
      },
      audience: { ...this.audience.stats, chatConnections: this.chat.connections },
      eventSub: this.eventSub.stats,
      counters: this.stats,
      faults: { ...this.faults.settings, pending: this.faults.pending },
      rateLimitPerMinute: this.rateLimiter.limit,
      pageOverlap: this.overlap.options,
      oauth: {
        nextLogin: this.consent.nextLogin,
        pendingDenials: this.consent.pendingDenials,
        outstandingCodes: this.codes.outstanding,
        wellKnownLogins: WELL_KNOWN_USERS.map((user) => user.login),
      },
    };
  }
}
