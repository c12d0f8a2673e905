import { DEFAULT_USER, SimulatedUser } from './simulated-users';

/** Who the auto-approving consent page logs in, and how many upcoming consents it refuses instead. */
export class ConsentSwitch {
  private user = DEFAULT_USER;
  private denials = 0;

  get nextLogin(): string {
    return this.user.login;
  }

  get pendingDenials(): number {
    return this.denials;
  }

  /** Persistent: every later consent approves this user until it is changed. */
  setNextUser(user: SimulatedUser): void {
    this.user = user;
  }

  /** Adds to the denials already pending. */
  denyNext(count: number): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
    this.denials += count;
  }

  /** The user to log in, or undefined when this consent is denied. */
  decide(): SimulatedUser | undefined {
    if (this.denials === 0) return this.user;
    this.denials--;
    return undefined;
  }
}
