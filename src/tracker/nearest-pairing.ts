import type { PresenceSource } from '../migration/presence-source';

export interface PendingLeave {
  channel: string;
  at: number;
}

export interface PendingJoin {
  channel: string;
  at: number;
  source: PresenceSource;
}

/** What is left of one user's pending events after {@link pairNearest}. */
export interface PairingRest {
  leaves: PendingLeave[];
  joins: PendingJoin[];
  /** When the earliest undecided pair can be decided (+Infinity: none). */
  next: number;
}

interface Edge {
  leave: number;
  join: number;
  gap: number;
  /** The watermark must pass this for the pairing to be final. */
  finalAfter: number;
}

const abs = Math.abs;
const max = Math.max;
const min = Math.min;
const FREE = 0;
const USED = 1;
const BLOCKED = 2;

/**
 * The nearest-pair rule over one user's pending leaves and joins (docs/architecture.md "Migration
 * semantics"; the reasoning is on `MigrationDetector`): valid pairs are taken greedily by increasing gap
 * (ties: earlier leave, then earlier join, then arrival order); a pair is final once `finalWm` is past
 * max(leave, join) + gap, and `onFinal` gets it; a pair not yet final blocks both its sides, so that no
 * farther pair takes them meanwhile. Returns the events kept: blocked ones, and free ones not yet past
 * their time + window against `wm`.
 */
export function pairNearest(
  leaves: PendingLeave[],
  joins: PendingJoin[],
  windowMs: number,
  wm: number,
  finalWm: number,
  onFinal: (leave: PendingLeave, join: PendingJoin) => void,
): PairingRest {
  const leaveState = new Array<number>(leaves.length).fill(FREE);
  const joinState = new Array<number>(joins.length).fill(FREE);
  let next = Number.POSITIVE_INFINITY;
  for (const e of edges(leaves, joins, windowMs)) {
    const ls = leaveState[e.leave];
    const js = joinState[e.join];
    if (ls === USED || js === USED) continue;
    if (ls === FREE && js === FREE && finalWm > e.finalAfter) {
      leaveState[e.leave] = USED;
      joinState[e.join] = USED;
      onFinal(leaves[e.leave], joins[e.join]);
    } else {
      // Undecided: a nearer event may still take one side, so both sides wait.
      if (ls === FREE && js === FREE) next = min(next, e.finalAfter);
      leaveState[e.leave] = BLOCKED;
      joinState[e.join] = BLOCKED;
    }
  }
  return {
    leaves: survivors(leaves, leaveState, windowMs, wm),
    joins: survivors(joins, joinState, windowMs, wm),
    next,
  };
}

/** All valid pairings of the user's pending events, nearest first. */
function edges(leaves: PendingLeave[], joins: PendingJoin[], w: number): Edge[] {
  const out: Edge[] = [];
  // Plain loops: this runs for every user with both a leave and a join pending.
  for (let li = 0; li < leaves.length; li++) {
    const l = leaves[li];
    for (let ji = 0; ji < joins.length; ji++) {
      const j = joins[ji];
      const gap = abs(j.at - l.at);
      if (gap > w) continue;
      // A return into the same channel only counts if it follows the leave.
      if (j.channel === l.channel && j.at < l.at) continue;
      out.push({ leave: li, join: ji, gap, finalAfter: max(l.at, j.at) + gap });
    }
  }
  if (out.length < 2) return out;
  return out.sort(
    (a, b) => a.gap - b.gap || leaves[a.leave].at - leaves[b.leave].at || joins[a.join].at - joins[b.join].at,
  );
}

/** Keeps blocked and still-pairable events; drops used ones and those past time + window. */
function survivors<T extends { at: number }>(items: T[], states: number[], w: number, wm: number): T[] {
  return items.filter((item, i) => {
    const s = states[i];
    return s === BLOCKED || (s === FREE && item.at + w >= wm);
  });
}
