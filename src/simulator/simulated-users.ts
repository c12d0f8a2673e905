import { SimulatorWorld } from './simulator-world';
import { BroadcasterType, Channel } from './world-model';

/** A Twitch account that can log in through the consent page. */
export interface SimulatedUser {
  readonly id: string;
  readonly login: string;
  readonly displayName: string;
  readonly broadcasterType: BroadcasterType;
  readonly description: string;
  readonly profileImageUrl: string;
  readonly email: string;
  /** ISO 8601. */
  readonly createdAt: string;
}

const EMAIL_DOMAIN = 'users.simulator.test';

/**
 * Fixed accounts for docs and tests, the same in every world. Their ids are below the generated channels'
 * range (10M and up) and no generated login starts with `sim`, so they never collide with a broadcaster.
 */
export const WELL_KNOWN_USERS: readonly SimulatedUser[] = [
  wellKnown('9000001', 'simviewer', 'SimViewer', 'A simulated viewer.', '2016-03-14'),
  wellKnown('9000002', 'simmod', 'SimMod', 'A simulated moderator.', '2015-09-01'),
  wellKnown('9000003', 'simadmin', 'SimAdmin', 'A simulated administrator of the product.', '2014-06-20'),
];

/** The account the consent page approves until told otherwise. */
export const DEFAULT_USER = WELL_KNOWN_USERS[0];

function wellKnown(
  id: string,
  login: string,
  displayName: string,
  description: string,
  createdOn: string,
): SimulatedUser {
  const createdAt = `${createdOn}T12:00:00.000Z`;
  return account({ id, login, displayName, broadcasterType: '', description, createdAt });
}

/** Every account's picture and e-mail follow from its id and login. */
function account(fields: Omit<SimulatedUser, 'profileImageUrl' | 'email'>): SimulatedUser {
  return { ...fields, profileImageUrl: profileImageUrl(fields.id), email: emailOf(fields.login) };
}

function profileImageUrl(id: string): string {
  return `https://static-cdn.jtvnw.net/jtv_user_pictures/${id}-profile_image-300x300.png`;
}

function emailOf(login: string): string {
  return `${login}@${EMAIL_DOMAIN}`;
}

function userFromChannel(channel: Channel): SimulatedUser {
  const { id, login, displayName, broadcasterType, description } = channel;
  const createdAt = new Date(channel.createdAt).toISOString();
  return account({ id, login, displayName, broadcasterType, description, createdAt });
}

/**
 * Every account of the world: the well-known ones and every channel's broadcaster. Broadcasters are built
 * on lookup, since a world may hold hundreds of thousands of channels and a request asks for a few.
 */
export class UserDirectory {
  private readonly byLogin = new Map(WELL_KNOWN_USERS.map((user) => [user.login, user]));
  private readonly byId = new Map(WELL_KNOWN_USERS.map((user) => [user.id, user]));

  constructor(private readonly world: SimulatorWorld) {}

  /** Case-insensitive, like Helix. */
  findByLogin(login: string): SimulatedUser | undefined {
    const wellKnownUser = this.byLogin.get(login.toLowerCase());
    if (wellKnownUser) return wellKnownUser;
    const channel = this.world.findChannelByLogin(login);
    return channel && userFromChannel(channel);
  }

  findById(id: string): SimulatedUser | undefined {
    const wellKnownUser = this.byId.get(id);
    if (wellKnownUser) return wellKnownUser;
    const channel = this.world.findChannelById(id);
    return channel && userFromChannel(channel);
  }
}
