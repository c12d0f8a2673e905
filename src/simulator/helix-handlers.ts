import { IssuedToken } from './auth-tokens';
import { buildPage, isReply, PageOverlap, parsePageWindow } from './helix-pagination';
import { toHelixGame, toHelixStream, toHelixUser } from './helix-shapes';
import { helixError, HttpReply, HttpRouter, json, queryList, RequestContext } from './http-router';
import { EMAIL_SCOPE } from './oauth-scopes';
import { SimulatedUser, UserDirectory } from './simulated-users';
import { SimulatorWorld } from './simulator-world';
import { Channel, Game } from './world-model';

/** A Helix request that passed authentication. */
export interface HelixContext extends RequestContext {
  readonly token: IssuedToken;
}

export interface HelixDependencies {
  world: SimulatorWorld;
  users: UserDirectory;
  overlap: PageOverlap;
}

const MAX_IDS = 100;

/** Helix endpoints under `/mock` (the Twitch CLI's mock API paths, which @twurple uses). */
export function registerHelixRoutes(router: HttpRouter<HelixContext>, deps: HelixDependencies): void {
  router.add('GET', '/mock/streams', (context) => getStreams(context, deps));
  router.add('GET', '/mock/users', (context) => getUsers(context, deps.users));
  router.add('GET', '/mock/games', (context) => getGames(context, deps.world));
  router.add('GET', '/mock/games/top', (context) => getTopGames(context, deps.world));
}

function getStreams({ query }: HelixContext, { world, overlap }: HelixDependencies): HttpReply {
  const userIds = queryList(query, 'user_id');
  const logins = queryList(query, 'user_login');
  const gameIds = queryList(query, 'game_id');
  const languages = queryList(query, 'language');
  for (const [name, values] of Object.entries({
    user_id: userIds,
    user_login: logins,
    game_id: gameIds,
    language: languages,
  })) {
    if (values.length > MAX_IDS) {
      return helixError(400, `The parameter "${name}" may be specified at most ${MAX_IDS} times`);
    }
  }
  const type = query.get('type');
  if (type !== null && type !== 'all' && type !== 'live') {
    return helixError(400, 'The parameter "type" was malformed: the value must be one of "all", "live"');
  }
  const window = parsePageWindow(query, overlap);
  if (isReply(window)) return window;
  const filtered = userIds.length > 0 || logins.length > 0;
  const selection = world.selectLiveStreams({
    channels: filtered ? findChannels(world, userIds, logins) : undefined,
    gameIds: gameIds.length > 0 ? new Set(gameIds) : undefined,
    languages:
      languages.length > 0 ? new Set(languages.map((language) => language.toLowerCase())) : undefined,
  });
  const page = buildPage(window, selection.length, (start, end) =>
    selection.slice(start, end).map(toHelixStream),
  );
  return json(200, page);
}

function getUsers({ query, token }: HelixContext, users: UserDirectory): HttpReply {
  const ids = queryList(query, 'id');
  const logins = queryList(query, 'login');
  if (ids.length + logins.length > MAX_IDS) {
    return helixError(400, `The combined number of "id" and "login" parameters must not exceed ${MAX_IDS}`);
  }
  // Twitch shows one email only: the token's own user's, and only with the scope for it.
  const emailOf = token.scopes.includes(EMAIL_SCOPE) ? token.userId : undefined;
  const toUser = (user: SimulatedUser) => toHelixUser(user, user.id === emailOf);
  if (ids.length === 0 && logins.length === 0) {
    const self = token.userId ? users.findById(token.userId) : undefined;
    if (!self) {
      return helixError(
        400,
        'The id or login query parameter is required unless the request uses a user access token',
      );
    }
    return json(200, { data: [toUser(self)] });
  }
  return json(200, { data: findUsers(users, ids, logins).map(toUser) });
}

function getGames({ query }: HelixContext, world: SimulatorWorld): HttpReply {
  const ids = queryList(query, 'id');
  const names = queryList(query, 'name');
  const igdbIds = new Set(queryList(query, 'igdb_id'));
  if (ids.length + names.length + igdbIds.size === 0) {
    return helixError(400, 'Missing required parameter "id", "name" or "igdb_id"');
  }
  if (ids.length + names.length + igdbIds.size > MAX_IDS) {
    return helixError(
      400,
      `The combined number of "id", "name" and "igdb_id" parameters must not exceed ${MAX_IDS}`,
    );
  }
  const found = new Set<Game>();
  for (const id of ids) addDefined(found, world.findGameById(id));
  for (const name of names) addDefined(found, world.findGameByName(name));
  if (igdbIds.size > 0) for (const game of world.games) if (igdbIds.has(game.igdbId)) found.add(game);
  return json(200, { data: [...found].map(toHelixGame) });
}

function getTopGames({ query }: HelixContext, world: SimulatorWorld): HttpReply {
  const window = parsePageWindow(query, undefined);
  if (isReply(window)) return window;
  const games = world.topGames();
  return json(
    200,
    buildPage(window, games.length, (start, end) =>
      games.slice(start, end).map(({ game }) => toHelixGame(game)),
    ),
  );
}

/** Unknown ids and logins are left out silently, as on Twitch; duplicates count once. */
function findChannels(world: SimulatorWorld, ids: string[], logins: string[]): Channel[] {
  const found = new Set<Channel>();
  for (const id of ids) addDefined(found, world.findChannelById(id));
  for (const login of logins) addDefined(found, world.findChannelByLogin(login));
  return [...found];
}

/** Like findChannels; users are built on lookup, so duplicates are told apart by id. */
function findUsers(users: UserDirectory, ids: string[], logins: string[]): SimulatedUser[] {
  const found = new Map<string, SimulatedUser>();
  const add = (user: SimulatedUser | undefined): void => {
    if (user) found.set(user.id, user);
  };
  for (const id of ids) add(users.findById(id));
  for (const login of logins) add(users.findByLogin(login));
  return [...found.values()];
}

function addDefined<T>(set: Set<T>, value: T | undefined): void {
  if (value !== undefined) set.add(value);
}
