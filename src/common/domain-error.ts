/** Codes shared by every transport; the GraphQL edge maps them to `extensions.code`. */
export enum ErrorCode {
  BadUserInput = 'BAD_USER_INPUT',
  NotReady = 'NOT_READY',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  Unavailable = 'SERVICE_UNAVAILABLE',
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotReadyError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.NotReady, message);
  }
}

export class BadUserInputError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.BadUserInput, message);
  }
}
