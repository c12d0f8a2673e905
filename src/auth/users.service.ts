import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/domain-error';
import { authConfig } from '../config';
import type { TwitchUserProfile } from '../twitch/twitch-oauth.port';
import { type StoredUser, UsersRepository } from './users.repository';

export interface UserRecord extends StoredUser {
  isAdmin: boolean;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly repository: UsersRepository,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
    private readonly clock: Clock,
  ) {}

  /** Admin rights follow ADMIN_LOGINS as configured now, not as it was at login. */
  isAdmin(login: string): boolean {
    return this.config.adminLogins.includes(login.toLowerCase());
  }

  /** Creates the user on first login; later logins refresh the profile (keyed by Twitch id: logins can change). */
  async recordLogin(profile: TwitchUserProfile): Promise<UserRecord> {
    return this.withRights(await this.repository.saveLogin(profile, this.clock.date()));
  }

  async byId(id: number): Promise<UserRecord> {
    const user = await this.repository.findById(id);
    if (!user) throw new NotFoundError('This account no longer exists; log in again');
    return this.withRights(user);
  }

  private withRights(user: StoredUser): UserRecord {
    return { ...user, isAdmin: this.isAdmin(user.login) };
  }
}
