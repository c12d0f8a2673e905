import { once } from 'node:events';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { CacheModuleOptions } from '@nestjs/cache-manager';
import type { ConfigType } from '@nestjs/config';
import KeyvRedis, { createClient, Keyv, type RedisClientType } from '@keyv/redis';
import { cacheConfig } from '../config';

/** Keys of this service in a Redis that others may share; the adapter writes `tmt::<key>`. */
const NAMESPACE = 'tmt';
/** Reconnection back-off: quick first retries, then one attempt every 2 s while Redis is away. */
const MAX_RECONNECT_DELAY_MS = 2_000;
/** node-redis's default; generous, since no request waits for a connection (no offline queue). */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * node-redis's own command timeout ends once the command is written: a server that stops answering (hung,
 * or cut off by the network) would hold every command until the connection dies, minutes later.
 */
class RedisTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'RedisTimeoutError';
  }
}

function withTimeout<T>(operation: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisTimeoutError(ms)), ms);
  });
  // After a timeout nobody waits for it; its late answer still comes in order (node-redis keeps its place).
  operation.catch(() => undefined);
  return Promise.race([operation, timeout]).finally(() => clearTimeout(timer));
}

/** The Redis adapter, with the operations this service uses bounded by REDIS_COMMAND_TIMEOUT. */
class BoundedKeyvRedis extends KeyvRedis<string> {
  constructor(
    private readonly connection: RedisClientType,
    private readonly timeoutMs: number,
  ) {
    // Failures reach the caller (the cache manager answers a failed read as a miss) and 'error' listeners.
    super(connection, { namespace: NAMESPACE, throwOnErrors: true });
  }

  override get<U = string>(key: string): Promise<U | undefined> {
    return this.bounded(super.get<U>(key));
  }

  override set(key: string, value: string, ttl?: number): Promise<void> {
    return this.bounded(super.set(key, value, ttl));
  }

  override delete(key: string): Promise<boolean> {
    return this.bounded(super.delete(key));
  }

  /** GETDEL: the entry, deleted by the same command, so no other caller can read it in between. */
  take(key: string): Promise<string | undefined> {
    const command = this.connection.getDel(this.createKeyPrefix(key, this.namespace)).then(
      (value) => value ?? undefined,
      (error: unknown) => {
        // As the adapter's own commands report their failures.
        this.emit('error', error);
        throw error;
      },
    );
    return this.bounded(command);
  }

  private bounded<T>(operation: Promise<T>): Promise<T> {
    return withTimeout(operation, this.timeoutMs).catch((error: unknown) => {
      if (error instanceof RedisTimeoutError) this.emit('error', error);
      throw error;
    });
  }
}

export class CacheUnavailableError extends Error {
  constructor(reason: string) {
    super(`The cache (Redis) does not answer: ${reason}`);
    this.name = 'CacheUnavailableError';
  }
}

export interface CacheCheck {
  store: 'MEMORY' | 'REDIS';
  ok: boolean;
  error?: string;
}

/**
 * The cache's store: process memory, or Redis when REDIS_URL is set (shared by several processes). With
 * Redis it also knows whether Redis answers: commands fail at once while the connection is down (no
 * offline queue) and after REDIS_COMMAND_TIMEOUT when Redis does not answer, the client reconnects in
 * the background, and an outage is logged once when it starts and once when it ends, not per request.
 */
@Injectable()
export class CacheStoreService implements OnModuleInit {
  private readonly logger = new Logger(CacheStoreService.name);
  private readonly redis: RedisClientType | null = null;
  private readonly adapter: BoundedKeyvRedis | null = null;
  /** Without Redis, the cache's entries: a Map, which `take` can read and empty in one synchronous step. */
  private readonly memory = new Map<string, unknown>();
  private readonly store: Keyv;
  /** Why Redis cannot be used now; null while it answers. */
  private failure: string | null = null;
  /** The outage was logged; the next answer is logged as its end. */
  private announced = false;
  /** Failed commands so far, so a caller can tell whether its own operation met one. */
  private failures = 0;

  constructor(@Inject(cacheConfig.KEY) private readonly config: ConfigType<typeof cacheConfig>) {
    if (!config.redisUrl) {
      this.store = new Keyv(this.memory, { useKeyPrefix: false });
      return;
    }
    this.failure = 'not connected yet';
    this.redis = createClient({
      url: config.redisUrl,
      // Without this, commands wait in a queue until Redis is back, however long that takes.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: CONNECT_TIMEOUT_MS,
        reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, MAX_RECONNECT_DELAY_MS),
      },
    }) as RedisClientType;
    this.redis.on('ready', () => this.markUp());
    this.redis.on('error', (error: Error) => this.markDown(reasonOf(error)));
    // Resolves at the first connection, retrying until then; it rejects only when closed (shutdown).
    this.redis.connect().catch(() => undefined);
    this.adapter = new BoundedKeyvRedis(this.redis, config.redisCommandTimeoutMs);
    this.store = new Keyv(this.adapter, { namespace: NAMESPACE, useKeyPrefix: false, throwOnErrors: true });
    this.store.on('error', (error: Error) => this.commandFailed(error));
    this.logger.log('Cache in Redis');
  }

  /** Start-up waits for the first connection, or its first failure, so early requests find it settled. */
  async onModuleInit(): Promise<void> {
    if (!this.redis || this.redis.isReady) return;
    const settled = new AbortController();
    await Promise.race([
      once(this.redis, 'ready', { signal: settled.signal }),
      once(this.redis, 'error', { signal: settled.signal }),
    ]).catch(() => undefined);
    settled.abort();
  }

  /** For CacheModule: the Redis store, or the in-memory one. */
  cacheOptions(): CacheModuleOptions {
    return { ttl: this.config.ttlMs, stores: [this.store] };
  }

  /**
   * Reads and deletes an entry the cache manager wrote, atomically: of several concurrent callers, exactly
   * one gets it. Redis does both in one command (GETDEL); in memory, the Map is read and emptied before
   * anything else can run. An expired entry is none, as for the cache manager's `get`.
   */
  async take<T>(key: string): Promise<T | undefined> {
    let raw: unknown;
    if (this.adapter) {
      raw = await this.adapter.take(key);
    } else {
      raw = this.memory.get(key);
      this.memory.delete(key);
    }
    if (typeof raw !== 'string') return undefined;
    const entry = await this.store.deserializeData<T>(raw);
    if (entry === undefined || (typeof entry.expires === 'number' && Date.now() > entry.expires)) {
      return undefined;
    }
    return entry.value;
  }

  /** For /health: pings Redis (fails at once while disconnected, after REDIS_COMMAND_TIMEOUT when hung). */
  async check(): Promise<CacheCheck> {
    if (!this.redis) return { store: 'MEMORY', ok: true };
    try {
      await withTimeout(this.redis.ping(), this.config.redisCommandTimeoutMs);
      this.markUp();
      return { store: 'REDIS', ok: true };
    } catch (error) {
      this.commandFailed(error as Error);
      return { store: 'REDIS', ok: false, error: this.failure ?? 'no answer' };
    }
  }

  /**
   * Runs a cache operation whose failure must not pass for a miss (the cache manager answers a failed
   * read as one): rejects with CacheUnavailableError at once while Redis is known to be down, and when a
   * command failed during the operation.
   */
  async required<T>(operation: () => Promise<T>): Promise<T> {
    if (this.redis && this.failure !== null) {
      // Disconnected: no need to ask. Connected, but a command failed lately: one ping decides.
      const check = this.redis.isReady ? await this.check() : { ok: false, error: this.failure };
      if (!check.ok) throw new CacheUnavailableError(check.error ?? 'no answer');
    }
    const failuresBefore = this.failures;
    let result: T;
    try {
      result = await operation();
    } catch (error) {
      throw new CacheUnavailableError(this.failure ?? (error as Error).message);
    }
    if (this.failures !== failuresBefore) {
      throw new CacheUnavailableError(this.failure ?? 'a command failed');
    }
    return result;
  }

  private markUp(): void {
    if (this.announced) this.logger.log('Redis answers again: the cache is back');
    this.failure = null;
    this.announced = false;
  }

  private commandFailed(error: Error): void {
    this.failures++;
    // While disconnected, commands are refused with "The client is offline": the connection's own error,
    // recorded already, says more.
    if (this.redis?.isReady || this.failure === null) this.markDown(reasonOf(error));
  }

  private markDown(reason: string): void {
    this.failure = reason;
    if (this.announced) return;
    this.announced = true;
    this.logger.error(
      `Redis does not answer (${reason}): statistics are computed without the cache and logins fail ` +
        'until it is back',
    );
  }
}

/** A short reason for the log and /health (a refused connection to `localhost` is an AggregateError). */
function reasonOf(error: Error): string {
  return error.message || (error as NodeJS.ErrnoException).code || error.name;
}
