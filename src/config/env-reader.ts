import { parseDurationMs } from './duration';

export class ConfigValidationError extends Error {
  constructor(setting: string, expectation: string, actual: string) {
    super(`Invalid setting ${setting}: expected ${expectation}, got "${actual}"`);
    this.name = 'ConfigValidationError';
  }
}

type Env = Record<string, string | undefined>;

/** Typed, validated reads of environment settings; every failure names the setting. */
export class EnvReader {
  constructor(private readonly env: Env = process.env) {}

  optionalString(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  string(name: string, fallback: string): string {
    return this.optionalString(name) ?? fallback;
  }

  int(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    const raw = this.optionalString(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range;
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      throw new ConfigValidationError(name, `an integer from ${min} to ${max}`, raw);
    }
    return value;
  }

  optionalInt(name: string, range: { min?: number; max?: number } = {}): number | undefined {
    return this.optionalString(name) === undefined ? undefined : this.int(name, 0, range);
  }

  /** Milliseconds, from `90s`, `5m`, `2h`, `30d` or plain seconds. */
  durationMs(name: string, fallback: string, minMs = 0): number {
    const raw = this.optionalString(name) ?? fallback;
    const value = parseDurationMs(raw);
    if (value === null || value < minMs) {
      throw new ConfigValidationError(
        name,
        `a duration like 90s, 5m, 2h, 30d or seconds (at least ${minMs / 1000}s)`,
        raw,
      );
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.optionalString(name);
    if (raw === undefined) return fallback;
    if (/^(true|1|yes|on)$/i.test(raw)) return true;
    if (/^(false|0|no|off)$/i.test(raw)) return false;
    throw new ConfigValidationError(name, 'true or false', raw);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.optionalString(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      throw new ConfigValidationError(name, `one of ${allowed.join(', ')}`, raw);
    }
    return raw as T;
  }

  /** Comma-separated items, trimmed; lower-cased (logins, scopes) unless `caseSensitive` (tokens). */
  list(name: string, { caseSensitive = false } = {}): string[] {
    return (this.optionalString(name) ?? '')
      .split(',')
      .map((item) => (caseSensitive ? item.trim() : item.trim().toLowerCase()))
      .filter(Boolean);
  }

  /** Checked with a validator so that a typo fails at boot rather than at first use. */
  matching(name: string, fallback: string, expectation: string, isValid: (value: string) => boolean): string {
    const value = this.string(name, fallback);
    if (!isValid(value)) throw new ConfigValidationError(name, expectation, value);
    return value;
  }
}
