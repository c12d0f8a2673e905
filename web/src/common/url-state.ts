/**
 * A view's state lives in its URL's query string, so a link shows someone else the same thing. Each
 * parameter has a spec: how to read it (anything malformed reads as the default) and how to write it
 * (the default is left out, keeping links short).
 */
export interface ParamSpec<T> {
  parse(raw: string | null): T;
  /** null: leave the parameter out. */
  format(value: T): string | null;
}

export type ParamSpecs = Record<string, ParamSpec<unknown>>;
export type ParamValues<S extends ParamSpecs> = {
  [K in keyof S]: S[K] extends ParamSpec<infer T> ? T : never;
};

export function intParam(fallback: number, min: number, max: number): ParamSpec<number> {
  return {
    parse: (raw) => {
      if (raw === null || !/^-?\d+$/.test(raw)) return fallback;
      const value = Number(raw);
      return value >= min && value <= max ? value : fallback;
    },
    format: (value) => (value === fallback ? null : String(value)),
  };
}

export function optionalIntParam(min: number, max: number): ParamSpec<number | undefined> {
  return {
    parse: (raw) => {
      if (raw === null || !/^-?\d+$/.test(raw)) return undefined;
      const value = Number(raw);
      return value >= min && value <= max ? value : undefined;
    },
    format: (value) => (value === undefined ? null : String(value)),
  };
}

export function enumParam<T extends string>(values: readonly T[], fallback: T): ParamSpec<T> {
  return {
    parse: (raw) => ((values as readonly string[]).includes(raw ?? '') ? (raw as T) : fallback),
    format: (value) => (value === fallback ? null : value),
  };
}

export function stringParam(fallback = ''): ParamSpec<string> {
  return {
    parse: (raw) => raw ?? fallback,
    format: (value) => (value === fallback ? null : value),
  };
}

/** An ISO date-time, or undefined when absent or not a date. */
export function dateParam(): ParamSpec<string | undefined> {
  return {
    parse: (raw) =>
      raw !== null && !Number.isNaN(Date.parse(raw)) ? new Date(raw).toISOString() : undefined,
    format: (value) => value ?? null,
  };
}

export function readParams<S extends ParamSpecs>(search: URLSearchParams, specs: S): ParamValues<S> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) values[name] = spec.parse(search.get(name));
  return values as ParamValues<S>;
}

/** The query string with `patch` applied; parameters no spec names are kept as they were. */
export function writeParams<S extends ParamSpecs>(
  search: URLSearchParams,
  specs: S,
  patch: Partial<ParamValues<S>>,
): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const [name, value] of Object.entries(patch)) {
    const spec = specs[name];
    if (!spec) continue;
    const formatted = spec.format(value);
    if (formatted === null) next.delete(name);
    else next.set(name, formatted);
  }
  return next;
}
