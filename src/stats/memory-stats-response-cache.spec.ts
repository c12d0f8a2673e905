import { describe, expect, it } from '@jest/globals';
import { buildSchema, type OperationDefinitionNode, parse } from 'graphql';
import { answersFromMemoryStatsOnly, SnapshotAnswers } from './memory-stats-response-cache';

const schema = buildSchema(`
  enum StatsSource { MEMORY DATABASE }
  type StreamStats { totalStreams: Int }
  type Query { streamStats(source: StatsSource = MEMORY): StreamStats topStreams: [StreamStats] }
  type Mutation { refreshTopStreams: StreamStats }
`);

const operation = (text: string) => parse(text).definitions[0] as OperationDefinitionNode;
const memoryOnly = (text: string, variables?: Record<string, unknown>) =>
  answersFromMemoryStatsOnly(schema, operation(text), variables);

describe('answersFromMemoryStatsOnly', () => {
  it('holds for operations reading only MEMORY statistics, by default, literal, variable or alias', () => {
    expect(memoryOnly('{ streamStats { totalStreams } }')).toBe(true);
    expect(memoryOnly('{ __typename a: streamStats(source: MEMORY) { totalStreams } }')).toBe(true);
    expect(
      memoryOnly('query($s: StatsSource) { streamStats(source: $s) { totalStreams } }', { s: 'MEMORY' }),
    ).toBe(true);
    expect(memoryOnly('query($s: StatsSource) { streamStats(source: $s) { totalStreams } }', {})).toBe(true);
  });

  it('fails for DATABASE, other root fields, fragments, directives, mutations or nothing to keep', () => {
    expect(memoryOnly('{ streamStats(source: DATABASE) { totalStreams } }')).toBe(false);
    expect(
      memoryOnly('query($s: StatsSource) { streamStats(source: $s) { totalStreams } }', { s: 'DATABASE' }),
    ).toBe(false);
    expect(memoryOnly('{ streamStats { totalStreams } topStreams { totalStreams } }')).toBe(false);
    expect(memoryOnly('{ ... on Query { streamStats { totalStreams } } }')).toBe(false);
    expect(memoryOnly('query($on: Boolean!) { streamStats @include(if: $on) { totalStreams } }')).toBe(false);
    expect(memoryOnly('mutation { refreshTopStreams { totalStreams } }')).toBe(false);
    expect(memoryOnly('{ __typename }')).toBe(false);
  });
});

describe('SnapshotAnswers', () => {
  const answer = (n: number) => ({ data: { n } });

  it('answers only for the snapshot an answer was kept under', () => {
    const answers = new SnapshotAnswers(10);
    answers.set(3, 'q', answer(3));
    expect(answers.get(3, 'q')).toEqual(answer(3));
    expect(answers.get(4, 'q')).toBeUndefined();
    expect(answers.get(3, 'other')).toBeUndefined();
  });

  it('drops every answer of an older snapshot once a newer one is kept, and never keeps an older one', () => {
    const answers = new SnapshotAnswers(10);
    answers.set(3, 'a', answer(3));
    answers.set(4, 'b', answer(4));
    expect(answers.get(3, 'a')).toBeUndefined();
    answers.set(3, 'a', answer(3));
    expect(answers.get(3, 'a')).toBeUndefined();
    expect(answers.get(4, 'b')).toEqual(answer(4));
  });

  it('keeps at most its capacity, the least recently used going first', () => {
    const answers = new SnapshotAnswers(2);
    answers.set(1, 'a', answer(1));
    answers.set(1, 'b', answer(2));
    answers.get(1, 'a');
    answers.set(1, 'c', answer(3));
    expect(answers.get(1, 'b')).toBeUndefined();
    expect(answers.get(1, 'a')).toEqual(answer(1));
    expect(answers.get(1, 'c')).toEqual(answer(3));
  });
});
