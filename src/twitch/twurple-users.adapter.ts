import { Injectable } from '@nestjs/common';
import { ApiClient } from '@twurple/api';
import { TwitchCalls } from './twitch-calls';
import { type TwitchUser, TwitchUsersPort } from './twitch-users.port';
import { asTwitchRequestError } from './twurple-errors';

@Injectable()
export class TwurpleUsersAdapter extends TwitchUsersPort {
  constructor(
    private readonly api: ApiClient,
    private readonly calls: TwitchCalls,
  ) {
    super();
  }

  async findByLogin(login: string): Promise<TwitchUser | null> {
    const user = await this.calls
      .run('Get Users', () => this.api.users.getUserByName(login))
      .catch((error: unknown) => {
        throw asTwitchRequestError(error);
      });
    return user ? { id: user.id, login: user.name, displayName: user.displayName } : null;
  }
}
