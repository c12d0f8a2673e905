/**
 * Shared by the adapters' contract and the mingo pipeline tests: (user, from, to, minutes after 10:00).
 * `a_c` and `ab` sort differently by code point than by locale.
 */
export const MIGRATION_GRAPH_FIXTURE: readonly (readonly [
  user: string,
  from: string,
  to: string,
  minute: number,
])[] = [
  ['u1', 'a', 'b', 5],
  ['u2', 'a', 'b', 15],
  ['u3', 'a', 'b', 65],
  ['u4', 'a', 'b', 125],
  ['u5', 'a', 'c', 20],
  ['u6', 'a', 'c', 70],
  ['u7', 'b', 'c', 30],
  ['u8', 'b', 'c', 90],
  ['u9', 'c', 'a', 100],
  ['u10', 'd', 'a', 40],
  ['u11', 'd', 'a', 140],
  ['u12', 'ab', 'c', 50],
  ['u13', 'a_c', 'c', 55],
  ['u14', 'b', 'a', 120],
];
