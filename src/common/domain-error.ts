import { IntrinsicException } from '@nestjs/common';

/** Codes shared by every transport; the GraphQL edge maps them to `extensions.code`. */
export enum ErrorCode {
  BadUserInput = 'BAD_USER_INPUT',
  NotReady = 'NOT_READY',
  NotFound = 'NOT_FOUND',
  Unavailable = 'SERVICE_UNAVAILABLE',
  /** Twitch refused or did not answer a call the request needed (after the client's own retries). */
  TwitchUnavailable = 'TWITCH_UNAVAILABLE',
  /** An operation over a GraphQL limit (cost, aliases, depth, tokens), refused before it ran. */
  QueryTooComplex = 'QUERY_TOO_COMPLEX',
  /** A subscription over the per-connection or per-user cap. */
  TooManySubscriptions = 'TOO_MANY_SUBSCRIPTIONS',
  /** A subscription ended because its reader fell too far behind. */
  SubscriptionOverflow = 'SUBSCRIPTION_OVERFLOW',
}

/** Intrinsic: an expected answer to the caller, so Nest does not log it as a failure. */
export class DomainError extends IntrinsicException {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** A DomainError class whose errors all carry `code`. */
function withCode(code: ErrorCode) {
  return class extends DomainError {
    constructor(message: string) {
      super(code, message);
    }
  };
}

export class NotReadyError extends withCode(ErrorCode.NotReady) {}

export class BadUserInputError extends withCode(ErrorCode.BadUserInput) {}

export class NotFoundError extends withCode(ErrorCode.NotFound) {}

export class TwitchUnavailableError extends withCode(ErrorCode.TwitchUnavailable) {}

/** `what` was over a limit that `setting` raises; the message says both, and that nothing ran. */
export class QueryTooComplexError extends DomainError {
  constructor(what: string, setting: string) {
    super(
      ErrorCode.QueryTooComplex,
      `${what} (${setting}); nothing was run. Ask for less (fewer aliases, fields or items), or raise ${setting}.`,
    );
  }
}

/** The service is stopping: work still under way is cancelled rather than left to finish. */
export class ServiceStoppingError extends DomainError {
  constructor(message = 'The service is stopping') {
    super(ErrorCode.Unavailable, message);
    this.name = 'ServiceStoppingError';
  }
}
