import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { BadUserInputError } from '../domain-error';
import { formatGraphqlError, formatSubscriptionErrors } from './graphql-error.formatter';

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
});
