/**
 * `defaults` overridden by the given options that are set and belong to them: callers may pass a wider
 * options object (the simulator passes its own whole options to the world and the audience).
 */
export function withDefaults<T extends object>(defaults: Required<T>, options: Partial<T>): Required<T> {
  const given = Object.entries(options).filter(
    ([key, value]) => value !== undefined && Object.hasOwn(defaults, key),
  );
  return { ...defaults, ...Object.fromEntries(given) };
}
