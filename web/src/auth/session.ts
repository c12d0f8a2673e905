/** A dashboard login: the service's JWT and when it stops working. */
export interface Session {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** What the login's redirect put in the URL fragment. */
export type LoginFragment =
  | { kind: 'session'; session: Session }
  | { kind: 'error'; code: string; description: string }
  | { kind: 'none' };

/** The `exp` claim of a JWT, in epoch ms; undefined when the token does not carry one we can read. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads `#access_token=…&expires_in=…` (or `#error=…`) as /auth/twitch/callback leaves it. The token's own
 * `exp` wins over `expires_in`, which only tells the time since the redirect was made.
 */
export function parseLoginFragment(hash: string, now: number): LoginFragment {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const error = params.get('error');
  if (error) return { kind: 'error', code: error, description: params.get('error_description') ?? error };
  const token = params.get('access_token');
  if (!token) return { kind: 'none' };
  const expiresIn = Number(params.get('expires_in'));
  const expiresAt = jwtExpiry(token) ?? (Number.isFinite(expiresIn) ? now + expiresIn * 1000 : now);
  return { kind: 'session', session: { token, expiresAt } };
}

export function isExpired(session: Session, now: number): boolean {
  return session.expiresAt <= now;
}

const STORAGE_KEY = 'tmt.session';

type Listener = (session: Session | null) => void;

/**
 * The token lives in memory and in this tab's sessionStorage (so a reload keeps the login): never in a
 * cookie, never in localStorage shared with other tabs for longer than the tab lives.
 */
export class SessionStore {
  private current: Session | null;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.current = this.read();
  }

  get session(): Session | null {
    if (this.current && isExpired(this.current, this.now())) this.clear();
    return this.current;
  }

  get token(): string | undefined {
    return this.session?.token;
  }

  set(session: Session): void {
    this.current = session;
    this.storage?.setItem(STORAGE_KEY, JSON.stringify(session));
    this.emit();
  }

  clear(): void {
    if (this.current === null) return;
    this.current = null;
    this.storage?.removeItem(STORAGE_KEY);
    this.emit();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.current);
  }

  private read(): Session | null {
    const raw = this.storage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as Partial<Session>;
      if (typeof parsed.token !== 'string' || typeof parsed.expiresAt !== 'number') return null;
      const session = { token: parsed.token, expiresAt: parsed.expiresAt };
      return isExpired(session, this.now()) ? null : session;
    } catch {
      return null;
    }
  }
}

/** Where /auth/twitch sends the browser back to: this page, without the fragment the login adds. */
export function loginUrl(returnTo: string): string {
  return `/auth/twitch?${new URLSearchParams({ returnTo }).toString()}`;
}
