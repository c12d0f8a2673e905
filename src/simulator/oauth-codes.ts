import { Clock } from '../common/clock';
import { randomToken } from './auth-tokens';

/** How long an authorization code may wait for its exchange, as OAuth 2 recommends (at most 10 minutes). */
export const CODE_TTL_MS = 10 * 60 * 1000;
const CODE_LENGTH = 30;

/** What the consent page approved, bound to the client and redirect URI that asked. */
export interface CodeGrant {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly userId: string;
  readonly login: string;
  readonly scopes: readonly string[];
}

export type CodeRedemption =
  | { readonly kind: 'ok'; readonly grant: CodeGrant; readonly grantId: string }
  /** Used before: the tokens it gave must be revoked (RFC 6749 §4.1.2). */
  | { readonly kind: 'replayed'; readonly grantId: string }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'wrong-client' }
  | { readonly kind: 'wrong-redirect' };

interface StoredCode {
  readonly grant: CodeGrant;
  readonly expiresAt: number;
  exchanged: boolean;
}

/** Single-use authorization codes; a code names the grant of the tokens it is exchanged for. */
export class AuthorizationCodeStore {
  private readonly codes = new Map<string, StoredCode>();

  constructor(private readonly clock: Clock) {}

  /** Codes waiting for their exchange. */
  get outstanding(): number {
    let count = 0;
    for (const stored of this.codes.values()) if (!stored.exchanged && !this.expired(stored)) count++;
    return count;
  }

  issue(grant: CodeGrant): string {
    this.sweep();
    const code = randomToken(CODE_LENGTH);
    this.codes.set(code, { grant, expiresAt: this.clock.now() + CODE_TTL_MS, exchanged: false });
    return code;
  }

  /** A mismatch leaves the code usable: only its rightful client and redirect URI use it up. */
  redeem(code: string, clientId: string, redirectUri: string): CodeRedemption {
    const stored = this.codes.get(code);
    if (!stored || this.expired(stored)) return { kind: 'unknown' };
    if (stored.exchanged) return { kind: 'replayed', grantId: code };
    if (stored.grant.clientId !== clientId) return { kind: 'wrong-client' };
    if (stored.grant.redirectUri !== redirectUri) return { kind: 'wrong-redirect' };
    stored.exchanged = true;
    return { kind: 'ok', grant: stored.grant, grantId: code };
  }

  private expired(stored: StoredCode): boolean {
    return stored.expiresAt <= this.clock.now();
  }

  /** Expired codes are forgotten; a replay after expiry is then merely an unknown code. */
  private sweep(): void {
    for (const [code, stored] of this.codes) if (this.expired(stored)) this.codes.delete(code);
  }
}
