import { registerDecorator, type ValidationOptions } from 'class-validator';

export const RETURN_TO_MAX_LENGTH = 2048;

/** Any origin that can never be the service's: a path resolved against it must stay on it. */
const PROBE_ORIGIN = 'http://x.invalid';

/**
 * A path on this service, safe to redirect to after login: never a way to another host. Browsers read
 * `//host` and `/\host` as another host, tidy up whitespace and control characters before parsing, and a
 * client-side router may decode the path again (`/%2F%2Fhost`), so: one leading `/`, printable ASCII only,
 * no backslash, no fragment (the token goes there), and the same rules once percent-decoded.
 */
export function isSameOriginPath(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > RETURN_TO_MAX_LENGTH) return false;
  if (!/^\/[\x21-\x7e]*$/.test(value) || /[\\#]/.test(value) || value.startsWith('//')) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return false;
  }
  if (/[\p{Cc}\\]/u.test(decoded) || decoded.startsWith('//')) return false;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return false;
  }
  // `/.//host` resolves to the path `//host`, which a page may hand to `location` as is.
  return url.origin === PROBE_ORIGIN && !url.pathname.startsWith('//');
}

export function IsSameOriginPath(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isSameOriginPath',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: { validate: (value: unknown) => isSameOriginPath(value) },
    });
}
