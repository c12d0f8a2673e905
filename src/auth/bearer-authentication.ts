import type { IncomingHttpHeaders } from 'node:http';
import passport from 'passport';
import type { AuthUser } from './auth-user';

/** A correctly signed token whose claims the service would never have issued; a refusal, not a failure. */
export class TokenRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenRejectedError';
  }
}

export interface BearerVerdict {
  user: AuthUser | null;
  /** Why a presented token was refused. */
  failure?: string;
}

/**
 * Verifies the `Authorization: Bearer <jwt>` header of a request through the passport-jwt strategy
 * (`JwtStrategy`: HS256, issuer, audience, expiry, claims). The one verification path: HTTP requests and
 * GraphQL WebSocket connections both come here. Rejects only on a server-side error, never for a bad token.
 */
export function authenticateBearer(request: { headers: IncomingHttpHeaders }): Promise<BearerVerdict> {
  return new Promise((resolve, reject) => {
    // With a callback, passport touches neither the response nor `next`.
    const authenticate = passport.authenticate(
      'jwt',
      { session: false },
      (error: unknown, user: AuthUser | false, info: unknown) => {
        if (error instanceof TokenRejectedError) resolve({ user: null, failure: error.message });
        else if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else if (user) resolve({ user });
        else resolve({ user: null, failure: info instanceof Error ? info.message : 'invalid token' });
      },
    ) as (request: unknown, response: unknown, next: unknown) => void;
    authenticate(request, undefined, undefined);
  });
}
