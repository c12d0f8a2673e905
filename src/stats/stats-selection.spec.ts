import { describe, expect, it } from '@jest/globals';
import { resolveInfoOf } from '../../test/stats/resolve-info.factory';
import { selectedStatistics } from './stats-selection';

describe('selectedStatistics', () => {
  it.each([
    ['{ streamStats { source snapshot { id } } }', { summary: false, duplicateGroups: false, games: false }],
    ['{ streamStats { medianViewers } }', { summary: true, duplicateGroups: false, games: false }],
    [
      '{ streamStats { games(limit: 5) { gameId } } }',
      { summary: false, duplicateGroups: false, games: true },
    ],
    [
      '{ streamStats { duplicateGroups { viewerCount } totalStreams } }',
      { summary: true, duplicateGroups: true, games: false },
    ],
    [
      'query { streamStats { ...figures ... on StreamStats { games { gameId } } } } ' +
        'fragment figures on StreamStats { ...deeper } fragment deeper on StreamStats { duplicateViewerStreams }',
      { summary: true, duplicateGroups: false, games: true },
    ],
    [
      // Directives are not evaluated: a field that may be skipped still counts as asked.
      'query($no: Boolean!) { streamStats { duplicateGroups @include(if: $no) { viewerCount } } }',
      { summary: false, duplicateGroups: true, games: false },
    ],
  ])('reads %s', (query, expected) => {
    expect(selectedStatistics(resolveInfoOf(query))).toStrictEqual(expected);
  });
});
