import { existsSync } from 'node:fs';

/** Reads `.env` into the environment once, before any namespace is parsed; real variables win. */
export function loadEnvFile(path = '.env'): boolean {
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}
