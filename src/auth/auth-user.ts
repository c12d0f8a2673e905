/** Who is calling, as the verified JWT says. */
export interface AuthUser {
  userId: number;
  twitchId: string;
  login: string;
  isAdmin: boolean;
  /** When the token stops being valid (epoch ms): a long-lived WebSocket connection ends then. */
  expiresAt?: number;
}

export interface JwtClaims {
  sub: string;
  tid: string;
  login: string;
  /** Expiry in epoch seconds, checked by passport-jwt. */
  exp?: number;
}
