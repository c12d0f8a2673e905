import type { StreamRecord } from '../../src/streams/stream-record';

/** A complete StreamRecord with plausible values; tests override only what they assert on. */
export function streamRecord(
  id: string,
  viewerCount: number,
  overrides: Partial<StreamRecord> = {},
): StreamRecord {
  return {
    id,
    userId: `u${id}`,
    userLogin: `login_${id}`,
    userName: `Login_${id}`,
    gameId: '509658',
    gameName: 'Just Chatting',
    title: `Stream ${id}`,
    viewerCount,
    language: 'en',
    startedAt: new Date(Date.UTC(2026, 0, 1, 12, 0, 0)),
    ...overrides,
  };
}

/** Streams with the given viewer counts and ids "1", "2", … in that order. */
export function streamsWithViewers(
  viewerCounts: readonly number[],
  overrides: Partial<StreamRecord> = {},
): StreamRecord[] {
  return viewerCounts.map((viewers, i) => streamRecord(String(i + 1), viewers, overrides));
}
