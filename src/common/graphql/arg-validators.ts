import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationArguments } from 'class-validator';
import { normalizeLogin, TWITCH_LOGIN } from '../twitch-login';

/**
 * Every date a client may send (arguments and the times inside cursors) lies in these years. Outside,
 * the SQL dialects disagree (PostgreSQL fails on years before 1 in our range queries, MariaDB's DATETIME
 * stops at 9999), so such a date is refused before it reaches a query.
 */
export const DATE_ARG_RANGE = { min: Date.UTC(1970, 0, 1), max: Date.UTC(10000, 0, 1) - 1 } as const;

/** The one wording of an integer argument out of bounds. */
function intRangeMessage(name: string, value: unknown, min: number, max?: number): string {
  const bounds = max === undefined ? `at least ${min}` : `from ${min} to ${max}`;
  return `${name} must be an integer ${bounds}; got ${String(value)}`;
}

export function isIntInRange(value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** An integer argument within bounds, refused with one message (not one per broken rule). */
export function IsIntInRange(min: number, max?: number): PropertyDecorator {
  return ValidateBy({
    name: 'isIntInRange',
    constraints: [min, max],
    validator: {
      validate: (value: unknown) => isIntInRange(value, min, max),
      defaultMessage: ({ property, value }: ValidationArguments) =>
        intRangeMessage(property, value, min, max),
    },
  });
}

export function isDateInRange(value: unknown): value is Date {
  return (
    value instanceof Date && value.getTime() >= DATE_ARG_RANGE.min && value.getTime() <= DATE_ARG_RANGE.max
  );
}

/** A date argument within DATE_ARG_RANGE (an unparsable date is an Invalid Date, refused the same way). */
export function IsDateInRange(): PropertyDecorator {
  return ValidateBy({
    name: 'isDateInRange',
    validator: {
      validate: (value: unknown) => isDateInRange(value),
      defaultMessage: ({ property }: ValidationArguments) =>
        `${property} must be a date-time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z`,
    },
  });
}

/**
 * GraphQL applies an argument's `defaultValue` only when the argument is left out; an explicit null
 * arrives as null. For an argument declared nullable with a default, null means that default.
 */
export function NullMeansDefault(defaultValue: unknown): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (value === null ? defaultValue : value));
}

function isTwitchLogin(value: unknown): boolean {
  return typeof value === 'string' && TWITCH_LOGIN.test(value);
}

/** A login normalised as stored; a value that does not normalise to a login is kept, to be refused as sent. */
function toLogin(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const login = normalizeLogin(value);
  return isTwitchLogin(login) ? login : value;
}

/**
 * A Twitch login in any case (or a list of them): trimmed and lower-cased as logins are stored, and refused
 * with one message naming the first value that is not a login.
 */
export function IsTwitchLogin(): PropertyDecorator {
  const transform = Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map(toLogin) : toLogin(value),
  );
  const validate = ValidateBy({
    name: 'isTwitchLogin',
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) ? value.every(isTwitchLogin) : isTwitchLogin(value),
      defaultMessage: ({ property, value }: ValidationArguments) => {
        const wrong: unknown = Array.isArray(value) ? value.find((one) => !isTwitchLogin(one)) : value;
        return `${property} must be a Twitch login (letters, digits, _; 1-25); got ${JSON.stringify(wrong)}`;
      },
    },
  });
  return (target, property) => {
    transform(target, property);
    validate(target, property);
  };
}
