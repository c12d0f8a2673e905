/** A Twitch login as stored: lower-case letters, digits and `_`, 1 to 25 of them. */
export const TWITCH_LOGIN = /^[a-z0-9_]{1,25}$/;

/** Logins arrive in any case and with stray spaces; this is the form they are stored and compared in. */
export function normalizeLogin(value: string): string {
  return value.trim().toLowerCase();
}
