import type { ApolloDriverConfig } from '@nestjs/apollo';
import { Logger } from '@nestjs/common';

const text = (message: unknown) =>
  message instanceof Error ? (message.stack ?? message.message) : String(message);

/**
 * Apollo Server's own lines (start-up and request-processing failures) through Nest's logger instead of
 * the console, so that they are redacted like every other line.
 */
export function apolloLogger(): NonNullable<ApolloDriverConfig['logger']> {
  const logger = new Logger('Apollo');
  return {
    debug: (message: unknown) => logger.debug(text(message)),
    info: (message: unknown) => logger.log(text(message)),
    warn: (message: unknown) => logger.warn(text(message)),
    error: (message: unknown) => logger.error(text(message)),
  };
}
