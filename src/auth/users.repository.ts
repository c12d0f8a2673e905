import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/sequelize';
import type { TwitchUserProfile } from '../twitch/twitch-oauth.port';
import { UserEntity } from './entities/user.entity';

/** A user as stored: every column of the users table. */
export interface StoredUser {
  id: number;
  twitchId: string;
  login: string;
  displayName: string;
  profileImageUrl: string | null;
  email: string | null;
  createdAt: Date;
  lastLoginAt: Date;
}

function toStoredUser(entity: UserEntity): StoredUser {
  return entity.get({ plain: true }) as StoredUser;
}

/** SQL storage of the people who logged in, keyed by Twitch id (logins can change). */
@Injectable()
export class UsersRepository {
  constructor(@InjectModel(UserEntity) private readonly users: typeof UserEntity) {}

  /** Creates the user on first login; later logins refresh the profile and `lastLoginAt`. */
  async saveLogin(profile: TwitchUserProfile, at: Date): Promise<StoredUser> {
    const fields = {
      login: profile.login,
      displayName: profile.displayName,
      profileImageUrl: profile.profileImageUrl,
      email: profile.email,
      lastLoginAt: at,
    };
    const existing = await this.users.findOne({ where: { twitchId: profile.id } });
    const entity = existing
      ? await existing.update(fields)
      : await this.users.create({ ...fields, twitchId: profile.id, createdAt: at });
    return toStoredUser(entity);
  }

  async findById(id: number): Promise<StoredUser | null> {
    const entity = await this.users.findByPk(id);
    return entity ? toStoredUser(entity) : null;
  }
}
