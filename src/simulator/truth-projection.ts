import { AUDIENCE_JOIN, AUDIENCE_PART, AUDIENCE_RAID } from './audience-log';
import { PresenceHistory } from './presence-history';

/** A migration of the projected truth; channels are indexes, times epoch ms. */
export interface ProjectedHop {
  user: number;
  from: number;
  to: number;
  leftAt: number;
  joinedAt: number;
  /** The raid from `from` into `to` moved the user (they left and landed at the raid's time). */
  viaRaid: boolean;
}

interface Presence {
  time: number;
  channel: number;
}

interface UserEvents {
  leaves: Presence[];
  joins: Presence[];
}

/**
 * The migrations docs/architecture.md defines, computed from the audience's TRUE presence as seen by an
 * observer of `channels` only: user U leaves A at `leftAt` and joins B at `joinedAt`, A ≠ B, both in `channels`,
 * |joinedAt − leftAt| ≤ `windowMs`; each leave and each join pairs at most once, nearest in time first
 * (ties: the earlier leave, then the earlier join); the same (U, A, B) is not counted twice with joins
 * within the window. Only migrations joining in [since, until) are returned.
 *
 * This is what a tracker with perfect presence data of those channels would record, so it differs
 * from the raw hops on purpose: a chain A→X→B through an unwatched X within the window is A→B; a user
 * watching two streams who opens B and closes A minutes later migrated A→B. Written from the
 * definition and the simulator's own records, never from the tracker's code.
 */
export function projectMigrations(
  history: PresenceHistory,
  channels: ReadonlySet<number>,
  since: number,
  until: number,
  windowMs: number,
): ProjectedHop[] {
  const users = new Map<number, UserEvents>();
  const raids = new Set<string>();
  // A join in [since, until) pairs within one window of it; a rival for either side is one more away.
  history.forEachIn(since - 2 * windowMs, until + windowMs, (kind, time, channel, subject) => {
    if (kind === AUDIENCE_RAID) {
      if (channels.has(channel) && channels.has(subject)) raids.add(`${subject}\n${channel}\n${time}`);
      return;
    }
    if (!channels.has(channel) || (kind !== AUDIENCE_JOIN && kind !== AUDIENCE_PART)) return;
    let events = users.get(subject);
    if (events === undefined) {
      events = { leaves: [], joins: [] };
      users.set(subject, events);
    }
    (kind === AUDIENCE_JOIN ? events.joins : events.leaves).push({ time, channel });
  });
  const hops: ProjectedHop[] = [];
  for (const [user, events] of users) {
    for (const hop of pairNearest(events, windowMs)) {
      if (hop.joinedAt < since || hop.joinedAt >= until) continue;
      const viaRaid = hop.leftAt === hop.joinedAt && raids.has(`${hop.from}\n${hop.to}\n${hop.joinedAt}`);
      hops.push({ user, ...hop, viaRaid });
    }
  }
  return hops.sort((a, b) => a.joinedAt - b.joinedAt || a.user - b.user);
}

/** One user's leaves and joins (each in time order) paired nearest first, then de-duplicated. */
function pairNearest(
  { leaves, joins }: UserEvents,
  windowMs: number,
): Omit<ProjectedHop, 'user' | 'viaRaid'>[] {
  const pairs: { leave: number; join: number; gap: number }[] = [];
  leaves.forEach((leave, l) =>
    joins.forEach((join, j) => {
      const gap = Math.abs(join.time - leave.time);
      if (leave.channel !== join.channel && gap <= windowMs) pairs.push({ leave: l, join: j, gap });
    }),
  );
  // Indexes follow time order, so comparing them breaks ties by the earlier event.
  pairs.sort((a, b) => a.gap - b.gap || a.leave - b.leave || a.join - b.join);
  const leaveUsed = new Uint8Array(leaves.length);
  const joinUsed = new Uint8Array(joins.length);
  const paired: Omit<ProjectedHop, 'user' | 'viaRaid'>[] = [];
  for (const { leave, join } of pairs) {
    if (leaveUsed[leave] || joinUsed[join]) continue;
    leaveUsed[leave] = joinUsed[join] = 1;
    const from = leaves[leave].channel;
    const to = joins[join].channel;
    paired.push({ from, to, leftAt: leaves[leave].time, joinedAt: joins[join].time });
  }
  paired.sort((a, b) => a.joinedAt - b.joinedAt || a.leftAt - b.leftAt);
  const kept: typeof paired = [];
  for (const hop of paired) {
    const repeat = kept.some(
      (k) => k.from === hop.from && k.to === hop.to && hop.joinedAt - k.joinedAt <= windowMs,
    );
    if (!repeat) kept.push(hop);
  }
  return kept;
}
