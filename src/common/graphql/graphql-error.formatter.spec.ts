import { describe, expect, it } from '@jest/globals';
import { GraphQLError, parse } from 'graphql';
import { BadUserInputError } from '../domain-error';
import { formatGraphqlError, formatSubscriptionErrors } from './graphql-error.formatter';

/** The parser's error for `source`, wrapped as Apollo (and graphql-ws) hand it over. */
function syntaxError(source: string, maxTokens?: number): GraphQLError {
  try {
    parse(source, { maxTokens });
  } catch (error) {
    const original = error as GraphQLError;
    return new GraphQLError(original.message, {
      originalError: original,
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
  }
  throw new Error(`${source} parsed`);
}

describe('formatGraphqlError', () => {
  const suggestion = {
    message: 'Cannot query field "topStream" on type "Query". Did you mean "topStreams" or "streams"?',
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
  };

  it('keeps suggestions in development and drops them when the schema is hidden', () => {
    expect(formatGraphqlError(suggestion, new GraphQLError(suggestion.message)).message).toBe(
      suggestion.message,
    );
    expect(
      formatGraphqlError(suggestion, new GraphQLError(suggestion.message), { hideSchemaDetails: true })
        .message,
    ).toBe('Cannot query field "topStream" on type "Query".');
  });

  it('keeps the code and message of a domain error', () => {
    const error = new BadUserInputError('limit must be an integer from 1 to 100; got 0');
    expect(formatGraphqlError({ message: 'x' }, error)).toEqual({
      message: error.message,
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('gives graphql-ws validation errors the code Apollo gives them', () => {
    const [formatted] = formatSubscriptionErrors(
      [new GraphQLError('Cannot query field "x". Did you mean "y"?')],
      {
        hideSchemaDetails: true,
      },
    );
    expect(formatted).toMatchObject({
      message: 'Cannot query field "x".',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it("turns the parser's token limit (GRAPHQL_MAX_TOKENS) into QUERY_TOO_COMPLEX, naming the setting", () => {
    const error = syntaxError('{ a b c d e f }', 5);
    expect(formatGraphqlError(error.toJSON(), error)).toEqual({
      message:
        'This document is over the limit of 5 tokens (GRAPHQL_MAX_TOKENS); nothing was run. ' +
        'Ask for less (fewer aliases, fields or items), or raise GRAPHQL_MAX_TOKENS.',
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    });
  });

  it('leaves other syntax errors as they are', () => {
    const error = syntaxError('{ a');
    expect(formatGraphqlError(error.toJSON(), error)).toMatchObject({
      message: 'Syntax Error: Expected Name, found <EOF>.',
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
  });
});
