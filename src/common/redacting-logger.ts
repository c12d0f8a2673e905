import { ConsoleLogger, type ConsoleLoggerOptions, type LogLevel } from '@nestjs/common';
import { createRedactor } from './redaction';

/**
 * The service's one log writer: Nest's console logger with every line and stack trace redacted
 * (`createRedactor`), so what Twitch, a database or a library said can be logged in full without
 * carrying a secret out. Installed by main.ts (and the test harness); `new Logger(X.name)` and
 * @twurple's lines (twurple-logger.ts) all end up here. Text mode only: the service never logs JSON.
 */
export class RedactingLogger extends ConsoleLogger {
  private readonly redactText: (text: string) => string;

  constructor(secrets: readonly (string | undefined)[], options: ConsoleLoggerOptions = {}) {
    super(options);
    this.redactText = createRedactor(secrets);
  }

  protected override formatMessage(
    logLevel: LogLevel,
    message: unknown,
    pidMessage: string,
    formattedLogLevel: string,
    contextMessage: string,
    timestampDiff: string,
    params?: Record<string, unknown>,
  ): string {
    return this.redactText(
      super.formatMessage(
        logLevel,
        message,
        pidMessage,
        formattedLogLevel,
        contextMessage,
        timestampDiff,
        params,
      ),
    );
  }

  protected override printStackTrace(stack: string): void {
    super.printStackTrace(stack && this.redactText(stack));
  }
}
