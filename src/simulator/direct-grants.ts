import { ClientRegistry, EMBEDDED_CLIENT_ID, randomToken, TokenStore } from './auth-tokens';
import { parseScopes } from './oauth-scopes';
import { UserDirectory } from './simulated-users';

export interface DirectGrantsDependencies {
  clients: ClientRegistry;
  tokens: TokenStore;
  users: UserDirectory;
  appTokenTtlSeconds: number;
  userTokenTtlSeconds: number;
}

/** A user's tokens as a direct grant hands them out. */
export interface UserGrantTokens {
  accessToken: string;
  refreshToken: string;
  scopes: readonly string[];
}

/**
 * Tokens issued in process, without HTTP or the consent page: for tests that call endpoints with `fetch`,
 * and for the embedded service's moderator. They are the same tokens the OAuth endpoints issue.
 */
export class DirectGrants {
  constructor(private readonly deps: DirectGrantsDependencies) {}

  appToken(clientId = EMBEDDED_CLIENT_ID): string {
    this.requireClient(clientId);
    return this.deps.tokens.issue({ clientId, scopes: [] }, this.deps.appTokenTtlSeconds).accessToken;
  }

  /** Access and refresh tokens as if from a code nobody will replay. */
  userGrant(login: string, scopes: readonly string[], clientId = EMBEDDED_CLIENT_ID): UserGrantTokens {
    this.requireClient(clientId);
    const user = this.deps.users.findByLogin(login);
    if (!user) throw new Error(`Unknown user ${login}`);
    const parsed = parseScopes(scopes.join(' '));
    if ('unknown' in parsed) throw new RangeError(`Unknown scope ${parsed.unknown}`);
    const grantId = randomToken(30);
    const grant = { clientId, userId: user.id, login: user.login, scopes: parsed.scopes, grantId };
    const tokens = this.deps.tokens.issueUserTokens(grant, this.deps.userTokenTtlSeconds);
    return {
      accessToken: tokens.access.accessToken,
      refreshToken: tokens.refreshToken,
      scopes: parsed.scopes,
    };
  }

  private requireClient(clientId: string): void {
    if (!this.deps.clients.has(clientId)) throw new Error(`Unknown client ${clientId}`);
  }
}
