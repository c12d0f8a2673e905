import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { EngineCheckpointDelta } from '../../src/tracker/engine-checkpoint';
import { TrackerCheckpointRepository } from '../../src/tracker/tracker-checkpoint.repository';
import { describeSqlTargets } from '../support/sql-suites';
import { openTestDatabase, type TestDatabase } from '../support/sql-test-database';

const T = Date.UTC(2026, 10, 22, 12);

const delta = (overrides: Partial<EngineCheckpointDelta> = {}): EngineCheckpointDelta => ({
  users: new Map(),
  channels: new Map(),
  meta: { watermark: Number.NEGATIVE_INFINITY, membershipUsed: false, raids: [], activityJoins: [] },
  ...overrides,
});

// Models bind to one Sequelize instance at a time: the dialects run one after the other in this file.
describeSqlTargets('tracker checkpoint repository', (target) => {
  let db: TestDatabase;
  let repository: TrackerCheckpointRepository;

  beforeAll(async () => {
    db = await openTestDatabase(target);
    repository = new TrackerCheckpointRepository(db.sequelize);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('has no checkpoint before the first save', async () => {
    expect(await repository.load()).toBeNull();
  });

  it('applies deltas: upserts what has a state, deletes what is null, keeps the rest', async () => {
    // A channel of 20,000 chatters: well past MySQL's 64 KB TEXT.
    const crowd = Array.from({ length: 20_000 }, (_, i) => `viewer_number_${i}`);
    await repository.save(
      delta({
        users: new Map([
          ['alice', { leaves: [['a', T]], joins: [], recorded: [] }],
          ['bob', { leaves: [], joins: [['b', T + 1, 'CHATTERS']], recorded: [['a', 'b', T - 5]] }],
        ]),
        channels: new Map([
          ['a', { kind: 'list', logins: crowd }],
          [
            'b',
            {
              kind: 'events',
              members: [
                ['carol', T + 600_000],
                ['dave', null],
              ],
            },
          ],
          [
            'c',
            {
              kind: 'events',
              members: [
                ['erin', null],
                ['frank', T + 1],
              ],
            },
          ],
          ['d', { kind: 'list', logins: [] }],
        ]),
        meta: {
          watermark: T - 150_000,
          membershipUsed: true,
          raids: [['a', 'b', [T - 10]]],
          activityJoins: [['carol', 'b', T]],
        },
      }),
      new Date(T),
    );
    await repository.save(
      delta({
        users: new Map([
          ['alice', null],
          ['bob', { leaves: [['c', T + 2]], joins: [['b', T + 1, 'CHATTERS']], recorded: [] }],
        ]),
        channels: new Map([['b', null]]),
      }),
      new Date(T + 60_000),
    );

    const saved = await repository.load();
    expect(saved).not.toBeNull();
    expect(saved!.savedAt).toBe(T + 60_000);
    expect([...saved!.users]).toEqual([
      ['bob', { leaves: [['c', T + 2]], joins: [['b', T + 1, 'CHATTERS']], recorded: [] }],
    ]);
    expect([...saved!.channels.keys()].sort()).toEqual(['a', 'c', 'd']);
    expect(saved!.channels.get('a')).toEqual({ kind: 'list', logins: crowd });
    expect(saved!.channels.get('c')).toEqual({
      kind: 'events',
      members: [
        ['erin', null],
        ['frank', T + 1],
      ],
    });
    expect(saved!.channels.get('d')).toEqual({ kind: 'list', logins: [] });
    // The meta row is the last delta's, and −∞ survives JSON.
    expect(saved!.meta).toEqual({
      watermark: Number.NEGATIVE_INFINITY,
      membershipUsed: false,
      raids: [],
      activityJoins: [],
    });
  });
});
