import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectModel } from '@nestjs/sequelize';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/domain-error';
import { authConfig } from '../config';
import type { TwitchUserProfile } from '../twitch/twitch-oauth.port';
import { UserEntity } from './entities/user.entity';

export interface UserRecord {
  id: number;
  twitchId: string;
  login: string;
  displayName: string;
  profileImageUrl: string | null;
  email: string | null;
  isAdmin: boolean;
  createdAt: Date;
  lastLoginAt: Date;
}

@Injectable()
export class UsersService {
  constructor(
    @InjectModel(UserEntity) private readonly users: typeof UserEntity,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
    private readonly clock: Clock,
  ) {}

  /** Admin rights follow ADMIN_LOGINS as configured now, not as it was at login. */
  isAdmin(login: string): boolean {
    return this.config.adminLogins.includes(login.toLowerCase());
  }

  /** Creates the user on first login; later logins refresh the profile (keyed by Twitch id: logins can change). */
  async recordLogin(profile: TwitchUserProfile): Promise<UserRecord> {
    const now = this.clock.date();
    const fields = {
      login: profile.login,
      displayName: profile.displayName,
      profileImageUrl: profile.profileImageUrl,
      email: profile.email,
      lastLoginAt: now,
    };
    const existing = await this.users.findOne({ where: { twitchId: profile.id } });
    const entity = existing
      ? await existing.update(fields)
      : await this.users.create({ ...fields, twitchId: profile.id, createdAt: now });
    return this.toRecord(entity);
  }

  async byId(id: number): Promise<UserRecord> {
    const entity = await this.users.findByPk(id);
    if (!entity) throw new NotFoundError('This account no longer exists; log in again');
    return this.toRecord(entity);
  }

  private toRecord(entity: UserEntity): UserRecord {
    return {
      id: entity.id,
      twitchId: entity.twitchId,
      login: entity.login,
      displayName: entity.displayName,
      profileImageUrl: entity.profileImageUrl,
      email: entity.email,
      isAdmin: this.isAdmin(entity.login),
      createdAt: entity.createdAt,
      lastLoginAt: entity.lastLoginAt,
    };
  }
}
