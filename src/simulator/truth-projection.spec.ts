import { describe, expect, it } from '@jest/globals';
import { AUDIENCE_JOIN, AUDIENCE_PART, AUDIENCE_RAID } from './audience-log';
import { PresenceHistory } from './presence-history';
import { projectMigrations } from './truth-projection';

const S = 1000;
const W = 300 * S;
const [A, B, C, X] = [0, 1, 2, 9];
const WATCHED = new Set([A, B, C]);

/** Entries as [kind, seconds, channel, user]; users are numbers. */
function history(...entries: [number, number, number, number][]): PresenceHistory {
  const h = new PresenceHistory();
  for (const [kind, seconds, channel, user] of entries) h.push(kind, seconds * S, channel, user);
  return h;
}

const J = AUDIENCE_JOIN;
const P = AUDIENCE_PART;
const project = (h: PresenceHistory, since = 0, until = 10_000 * S) =>
  projectMigrations(h, WATCHED, since, until, W).map(
    (m) => `${m.user}:${m.from}>${m.to}@${m.leftAt / S},${m.joinedAt / S}${m.viaRaid ? ' raid' : ''}`,
  );

describe('projectMigrations (the truth as an observer of some channels counts it)', () => {
  it('counts a leave and a join of watched channels within the window, either order', () => {
    expect(project(history([P, 100, A, 7], [J, 160, B, 7]))).toEqual(['7:0>1@100,160']);
    // A multi-viewer who opens B and closes A later migrated A→B by the definition.
    expect(project(history([J, 100, B, 7], [P, 250, A, 7]))).toEqual(['7:0>1@250,100']);
    expect(project(history([P, 100, A, 7], [J, 401, B, 7]))).toEqual([]);
  });

  it('sees a chain through an unwatched channel as one migration, and a watched one as two', () => {
    const chain = (via: number) =>
      history([P, 100, A, 7], [J, 110, via, 7], [P, 200, via, 7], [J, 220, B, 7]);
    expect(project(chain(X))).toEqual(['7:0>1@100,220']);
    expect(project(chain(C))).toEqual(['7:0>2@100,110', '7:2>1@200,220']);
  });

  it('pairs each leave and join once, nearest first (ties: earlier leave, then earlier join)', () => {
    const h = history([P, 100, A, 7], [P, 130, C, 7], [J, 140, B, 7], [J, 400, A, 7]);
    // C→B (10 s) first; A's leave then takes nothing (A→A is no migration, B is used).
    expect(project(h)).toEqual(['7:2>1@130,140']);
    expect(project(history([P, 100, A, 7], [P, 100, C, 7], [J, 100, B, 7]))).toEqual(['7:0>1@100,100']);
  });

  it('does not count the same user and pair twice with joins within the window', () => {
    const h = history(
      [P, 100, A, 7],
      [J, 110, B, 7],
      [J, 115, A, 7],
      [P, 120, A, 7],
      [J, 130, B, 8],
      [J, 150, B, 7],
    );
    expect(project(h).filter((m) => m.startsWith('7:'))).toEqual(['7:0>1@100,110']);
  });

  it('flags the hops a raid made, and keeps only joins in [since, until)', () => {
    const h = history(
      [AUDIENCE_RAID, 500, B, A],
      [P, 500, A, 7],
      [J, 500, B, 7],
      [P, 900, B, 8],
      [J, 950, C, 8],
    );
    expect(project(h)).toEqual(['7:0>1@500,500 raid', '8:1>2@900,950']);
    expect(project(h, 600 * S, 10_000 * S)).toEqual(['8:1>2@900,950']);
  });

  it('ignores users and channels nobody watches', () => {
    expect(project(history([P, 100, X, 7], [J, 120, B, 7], [P, 100, A, 8], [J, 120, X, 8]))).toEqual([]);
  });
});
