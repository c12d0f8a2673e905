import { AUDIENCE_JOIN, AUDIENCE_PART, AUDIENCE_RAID, AudienceLog } from './audience-log';
import { MigrationTruth, TrueMigration } from './migration-truth';
import { AudienceIdentity } from './audience-users';
import { PresenceHistory } from './presence-history';
import { projectMigrations } from './truth-projection';
import { SimulatorWorld } from './simulator-world';

/** Which channels an observer watches, and the migration window it counts with. */
export interface TruthProjection {
  /** Channel logins; unknown ones are ignored. */
  channels: readonly string[];
  windowMs: number;
}

export interface AudienceTruthOptions {
  truthRetentionMs: number;
  presenceHistoryMs: number;
}

/**
 * The audience's ground truth: the true hops as they happened, and the true presence changes from which
 * the truth projected onto a set of watched channels is computed. Fed from the audience log after every
 * step, so it never depends on who is connected.
 */
export class AudienceTruth {
  private readonly hops = new MigrationTruth();
  private readonly history = new PresenceHistory();
  private cursor: number;

  constructor(
    private readonly world: SimulatorWorld,
    private readonly log: AudienceLog,
    private readonly identity: (member: number) => AudienceIdentity,
    private readonly options: AudienceTruthOptions,
  ) {
    this.cursor = log.end;
  }

  get size(): number {
    return this.hops.size;
  }

  record(user: number, from: number, to: number, leftAt: number, joinedAt: number, viaRaid: boolean): void {
    this.hops.record(user, from, to, leftAt, joinedAt, viaRaid);
  }

  /** Copies the log's new joins, parts and raids (call before the log is trimmed), then trims. */
  update(time: number): void {
    const { log, history } = this;
    for (let seq = Math.max(this.cursor, log.start); seq < log.end; seq++) {
      const kind = log.kind(seq);
      if (kind === AUDIENCE_JOIN || kind === AUDIENCE_PART || kind === AUDIENCE_RAID) {
        history.push(kind, log.time(seq), log.channel(seq), log.subject(seq));
      }
    }
    this.cursor = log.end;
    history.trimBefore(time - this.options.presenceHistoryMs);
    this.hops.trimBefore(time - this.options.truthRetentionMs);
  }

  /**
   * Hops that completed in [since, until), by `joinedAt`: the raw hops, or with `projection` the
   * migrations an observer of those channels would count (see projectMigrations). A projection needs
   * the presence history from one window before `since` on, and throws a RangeError otherwise.
   */
  migrations(since: number, until: number, projection?: TruthProjection): TrueMigration[] {
    const { channels } = this.world;
    const build = (
      user: number,
      from: number,
      to: number,
      leftAt: number,
      joinedAt: number,
      viaRaid: boolean,
    ) => {
      const identity = this.identity(user);
      return {
        user: identity.login,
        userId: identity.id,
        from: channels[from].login,
        to: channels[to].login,
        leftAt: new Date(leftAt).toISOString(),
        joinedAt: new Date(joinedAt).toISOString(),
        viaRaid,
      };
    };
    if (projection === undefined) return this.hops.select(since, until, build);
    const { windowMs } = projection;
    if (!(windowMs >= 0)) throw new RangeError('The window must be a duration of zero or more');
    if (since - windowMs < this.history.since) {
      throw new RangeError(
        `Presence is kept from ${new Date(this.history.since).toISOString()} on: a projection must start one window later`,
      );
    }
    const watched = new Set<number>();
    for (const login of projection.channels) {
      const channel = this.world.findChannelByLogin(login.toLowerCase());
      if (channel !== undefined) watched.add(channel.index);
    }
    return projectMigrations(this.history, watched, since, until, windowMs).map((hop) =>
      build(hop.user, hop.from, hop.to, hop.leftAt, hop.joinedAt, hop.viaRaid),
    );
  }
}
