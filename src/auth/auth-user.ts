/** Who is calling, as the verified JWT says. */
export interface AuthUser {
  userId: number;
  twitchId: string;
  login: string;
  isAdmin: boolean;
}

export interface JwtClaims {
  sub: string;
  tid: string;
  login: string;
}
