import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import {
  type ExecutionResult,
  type FormattedExecutionResult,
  GraphQLError,
  GraphQLFormattedError,
} from 'graphql';
import { DomainError, ErrorCode, QueryTooComplexError } from '../domain-error';

const logger = new Logger('GraphQLErrors');

/** graphql-js's suggestions, which name fields, arguments and enum values (Apollo's own pattern for them). */
const SUGGESTION = / ?Did you mean(.+?)\?$/;

const CODE_BY_HTTP_STATUS: Partial<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: ErrorCode.BadUserInput,
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: ErrorCode.NotFound,
};

/** ArgumentsPipe refuses with a list of messages; one readable sentence serves clients better. */
function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'object' && response && 'message' in response) {
    const message = (response as { message: unknown }).message;
    return Array.isArray(message) ? message.join('; ') : String(message);
  }
  return exception.message;
}

export interface ErrorFormatOptions {
  /** Production: GraphQL's own messages lose their "Did you mean …" suggestions (the schema is hidden). */
  hideSchemaDetails?: boolean;
}

/** graphql-js's own words ("more that", sic) when `maxTokens` stops the parser (GRAPHQL_MAX_TOKENS). */
const TOKEN_LIMIT = /^Syntax Error: Document contains more th(?:at|an) (\d+) tokens\. Parsing aborted\.$/;

/**
 * The one place where errors become GraphQL errors: domain errors keep their code, validation failures
 * become BAD_USER_INPUT, GraphQL's own codes pass through, and anything unexpected is logged and reported
 * without internals.
 */
export function formatGraphqlError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: ErrorFormatOptions = {},
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof DomainError) {
    return { ...formatted, message: original.message, extensions: { code: original.code } };
  }
  if (original instanceof HttpException) {
    const code = CODE_BY_HTTP_STATUS[original.getStatus()] ?? 'INTERNAL_SERVER_ERROR';
    return { ...formatted, message: httpMessage(original), extensions: { code } };
  }
  const tokenLimit = original instanceof GraphQLError ? TOKEN_LIMIT.exec(original.message) : null;
  if (tokenLimit) {
    const error = new QueryTooComplexError(
      `This document is over the limit of ${tokenLimit[1]} tokens`,
      'GRAPHQL_MAX_TOKENS',
    );
    return { ...formatted, message: error.message, extensions: { code: error.code } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
    // Here rather than Apollo's `hideSchemaDetailsFromClientErrors`, which covers validation over HTTP
    // only: variable values (`Value "MEMOR" does not exist… Did you mean…`) and graphql-ws come here too.
    const message = options.hideSchemaDetails ? formatted.message.replace(SUGGESTION, '') : formatted.message;
    return { ...formatted, message, extensions: { code } };
  }
  logger.error(original instanceof Error ? (original.stack ?? original.message) : String(original));
  return {
    message: 'Internal server error',
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/**
 * The same mapping for results sent over graphql-ws (subscriptions), which Apollo's `formatError` never
 * sees; undefined when there is nothing to map, so the result goes out as it is.
 */
export function formatSubscriptionResult(
  result: ExecutionResult,
  options: ErrorFormatOptions = {},
): FormattedExecutionResult | undefined {
  if (!result.errors?.length) return undefined;
  return {
    ...result,
    errors: result.errors.map((error) => formatGraphqlError(error.toJSON(), error, options)),
  };
}

/**
 * The errors graphql-ws sends before running an operation (validation, an unknown operation), which
 * carry no code of their own: the same mapping, as Apollo's validation failures.
 */
export function formatSubscriptionErrors(
  errors: readonly GraphQLError[],
  options: ErrorFormatOptions = {},
): GraphQLFormattedError[] {
  return errors.map((error) =>
    formatGraphqlError(
      { ...error.toJSON(), extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...error.extensions } },
      error,
      options,
    ),
  );
}
