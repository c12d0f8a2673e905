/** Who is calling, as the verified JWT says. */
export interface AuthUser {
  userId: number;
  twitchId: string;
  login: string;
  isAdmin: boolean;
  /** When the token stops being valid (epoch ms): a long-lived WebSocket connection ends then. */
  expiresAt: number;
}

/** The claims the service signs; jsonwebtoken adds `iat` and `exp` (epoch seconds). */
export interface JwtClaims {
  sub: string;
  tid: string;
  login: string;
}

/** What a verified token must carry: every token the service issues does. */
export interface VerifiedJwtClaims extends JwtClaims {
  iat: number;
  exp: number;
}

/**
 * A request with the verdict on its token, where `JwtAuthGuard` reads it: an HTTP request (verified by
 * `JwtAuthenticationMiddleware`) or the upgrade request of a graphql-ws connection (`connectionAuthentication`).
 */
export interface AuthenticatedRequest {
  user?: AuthUser;
  /** Why a presented token was refused, for the guard's message. */
  authFailure?: string;
}
