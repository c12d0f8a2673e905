import { Logger } from '@nestjs/common';
import type { LoggerOptions } from '@d-fischer/logger';

// @twurple's log levels: 0 critical, 1 error, 2 warning, 3 info, 4 debug, 7 trace.
const WARNING = 2;

/** Routes @twurple's own log lines into Nest's logger instead of the console. */
export function twurpleLoggerOptions(context: string): Partial<LoggerOptions> {
  const logger = new Logger(context);
  return {
    minLevel: 'warning',
    custom: (level: number, message: string) => {
      if (level < WARNING) logger.error(message);
      else if (level === WARNING) logger.warn(message);
      else logger.debug(message);
    },
  };
}
