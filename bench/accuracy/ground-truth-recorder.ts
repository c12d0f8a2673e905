import type { TwitchSimulator } from '../../src/simulator/simulator-server';
import { AUDIENCE_JOIN, AUDIENCE_MESSAGE, AUDIENCE_PART } from '../../src/simulator/audience-log';
import type { PresenceSource } from '../../src/migration/presence-source';
import type { ChatPresenceEvent } from '../../src/twitch/twitch-chat.port';
import type { ComparableMigration } from './accuracy-matching';
import type { AccuracyOptions } from './accuracy-report';

/** Times by `user\nchannel`. */
type TimesByPair = Map<string, number[]>;

const pair = (user: string, channel: string) => `${user}\n${channel}`;

/**
 * What the evaluation knows beyond the hops, for the monitored channels: who was truly where and
 * who chatted when (read from the simulator's audience log, never from the tracker), and which
 * JOIN/PART lines chat actually delivered (the raw signal, before any tracker logic). It tells which
 * true migrations a source's signal can show at all, and whether a user was in two channels at once.
 */
export class GroundTruthRecorder {
  /** Message times, and true presence as [start, end] pairs (end Infinity while present). */
  private readonly messages: TimesByPair = new Map();
  private readonly presence = new Map<string, [number, number][]>();
  /** Arrival times of the membership JOIN and PART lines chat delivered. */
  private readonly joinLines: TimesByPair = new Map();
  private readonly partLines: TimesByPair = new Map();
  private cursor: number;
  private stopped = false;

  constructor(simulator: TwitchSimulator, monitored: ReadonlySet<string>) {
    const { audience, world } = simulator;
    const watched = new Set([...monitored].map((login) => world.findChannelByLogin(login)?.index));
    this.cursor = audience.log.end;
    audience.onChange(() => {
      if (this.stopped) return;
      const { log } = audience;
      for (let seq = Math.max(this.cursor, log.start); seq < log.end; seq++) {
        if (!watched.has(log.channel(seq))) continue;
        const kind = log.kind(seq);
        if (kind !== AUDIENCE_MESSAGE && kind !== AUDIENCE_JOIN && kind !== AUDIENCE_PART) continue;
        const key = pair(audience.identity(log.subject(seq)).login, world.channels[log.channel(seq)].login);
        const time = log.time(seq);
        if (kind === AUDIENCE_MESSAGE) push(this.messages, key, time);
        else this.notePresence(key, kind === AUDIENCE_JOIN, time);
      }
      this.cursor = log.end;
    });
  }

  /** A chat event as delivered, before the tracker sees it. */
  noteChat(event: ChatPresenceEvent): void {
    if (event.kind === 'join') push(this.joinLines, pair(event.login, event.channel), event.at);
    else if (event.kind === 'part') push(this.partLines, pair(event.login, event.channel), event.at);
  }

  /**
   * Whether `source` can show this migration at all. CHATTERS lists everyone. MEMBERSHIP needs chat
   * to have delivered the PART from A and the JOIN into B (no lines for rooms over 1000 users), each
   * within two batches of the fact. ACTIVITY needs the user to have spoken in A within the activity
   * TTL before leaving and in B within the window after arriving.
   */
  visibleTo(source: PresenceSource, t: ComparableMigration, options: Required<AccuracyOptions>): boolean {
    if (source === 'MEMBERSHIP') {
      const late = 2 * options.membershipBatchMs + options.pollIntervalMs;
      return (
        within(this.partLines.get(pair(t.user, t.from)), t.leftAt, t.leftAt + late) &&
        within(this.joinLines.get(pair(t.user, t.to)), t.joinedAt, t.joinedAt + late)
      );
    }
    if (source === 'ACTIVITY') {
      return (
        within(this.messages.get(pair(t.user, t.from)), t.leftAt - options.activityTtlMs, t.leftAt) &&
        within(this.messages.get(pair(t.user, t.to)), t.joinedAt, t.joinedAt + options.windowMs)
      );
    }
    return true;
  }

  /** Whether the user was truly present in both channels at one moment of [from, to]. */
  inBothAtOnce(user: string, a: string, b: string, from: number, to: number): boolean {
    const inA = this.presence.get(pair(user, a)) ?? [];
    const inB = this.presence.get(pair(user, b)) ?? [];
    return inA.some(([startA, endA]) =>
      inB.some(([startB, endB]) => Math.max(startA, startB, from) <= Math.min(endA, endB, to)),
    );
  }

  /** `user\nchannel` → message times, for tracing false positives. */
  messageLog(): Record<string, number[]> {
    return Object.fromEntries(this.messages);
  }

  stop(): void {
    this.stopped = true;
  }

  /** A part with no join seen closes a presence that began before the run. */
  private notePresence(key: string, joined: boolean, time: number): void {
    let spans = this.presence.get(key);
    if (spans === undefined) {
      spans = [];
      this.presence.set(key, spans);
    }
    const last = spans[spans.length - 1];
    if (joined) spans.push([time, Number.POSITIVE_INFINITY]);
    else if (last !== undefined && last[1] === Number.POSITIVE_INFINITY) last[1] = time;
    else spans.push([Number.NEGATIVE_INFINITY, time]);
  }
}

function push(map: TimesByPair, key: string, time: number): void {
  const times = map.get(key);
  if (times === undefined) map.set(key, [time]);
  else times.push(time);
}

function within(times: readonly number[] | undefined, from: number, to: number): boolean {
  return times !== undefined && times.some((time) => time >= from && time <= to);
}
