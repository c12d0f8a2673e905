import { CombinedGraphQLErrors, ServerError } from '@apollo/client';

export interface ErrorLine {
  code: string;
  message: string;
}

/** What went wrong, as the API said it: each GraphQL error's code and message, or the network failure. */
export function describeError(error: unknown): ErrorLine[] {
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors.map((graphqlError) => ({
      code: typeof graphqlError.extensions?.code === 'string' ? graphqlError.extensions.code : 'ERROR',
      message: graphqlError.message,
    }));
  }
  if (ServerError.is(error)) return [{ code: `HTTP ${error.statusCode}`, message: error.message }];
  if (error instanceof Error) return [{ code: 'NETWORK_ERROR', message: error.message }];
  return [{ code: 'ERROR', message: String(error) }];
}
