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
