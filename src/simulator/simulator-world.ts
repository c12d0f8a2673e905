import { Clock } from '../common/clock';
import { SeededRandom, WeightedPicker } from './seeded-random';
import { generateCatalog, generateTitle } from './world-catalog';
import { Channel, Game, GameAudience, LiveStream, StreamFilter, StreamSelection } from './world-model';
import { checkWorldOptions, WorldOptions } from './world-options';
import {
  allStreams,
  buildSortedView,
  materializeStream,
  rankGames,
  selectStreams,
  type Session,
  type SortedView,
} from './world-sorted-view';

/** Longest age of a stream already running when the world begins (Twitch cuts streams at 48 h). */
const MAX_INITIAL_AGE_MS = 47 * 3600 * 1000;
const MAX_TARGET = 200_000;
/** Per 10 s: how fast viewers approach the session's target, and the noise around it. */
const REVERSION_PER_10S = 0.02;
const NOISE_SHARE = 0.004;
const NOISE_SQRT = 0.25;

/**
 * A seeded fake Twitch: channels with Zipf-like popularity whose streams start, end and gain or lose
 * viewers. Time comes from the clock; the world steps lazily on a fixed grid from its origin, so its
 * state at a given time depends only on the seed and on the control actions applied, never on how
 * often it was looked at. Per-channel numbers live in typed arrays: a step over 200k channels takes a
 * few milliseconds, and the live list is sorted at most once per step.
 */
export class SimulatorWorld {
  readonly channels: readonly Channel[];
  readonly games: readonly Game[];
  readonly options: Required<WorldOptions>;
  readonly origin: number;
  private readonly random: SeededRandom;
  private readonly gamePicker: WeightedPicker;
  private readonly sessions: (Session | undefined)[];
  private readonly viewers: Float64Array;
  private readonly target: Float64Array;
  private readonly noise: Float64Array;
  /** Tick at which each channel next goes live or offline. */
  private readonly nextToggle: Float64Array;
  private readonly channelsByLogin = new Map<string, Channel>();
  private readonly channelsById = new Map<string, Channel>();
  private readonly gamesById = new Map<string, Game>();
  private readonly gamesByName = new Map<string, Game>();
  private tick = 0;
  private version = 0;
  private liveCount = 0;
  private nextStreamId: number;
  private view: SortedView | undefined;
  private counters = { streamsStarted: 0, streamsEnded: 0 };
  /** Run after every step with the new world time; they must not call methods that sync. */
  private readonly stepListeners: ((time: number) => void)[] = [];

  constructor(
    private readonly clock: Clock,
    options: WorldOptions = {},
  ) {
    this.options = checkWorldOptions(options);
    const { seed, channels, games } = this.options;
    this.random = new SeededRandom(seed);
    const catalog = generateCatalog(this.random, { channels, games });
    this.channels = catalog.channels;
    this.games = catalog.games;
    this.gamePicker = catalog.gamePicker;
    for (const channel of this.channels) {
      this.channelsByLogin.set(channel.login, channel);
      this.channelsById.set(channel.id, channel);
    }
    for (const game of this.games) {
      this.gamesById.set(game.id, game);
      if (game.name) this.gamesByName.set(game.name.toLowerCase(), game);
    }
    this.sessions = new Array<Session | undefined>(channels).fill(undefined);
    this.viewers = new Float64Array(channels);
    this.target = new Float64Array(channels);
    this.noise = new Float64Array(channels);
    this.nextToggle = new Float64Array(channels);
    this.origin = clock.now();
    this.nextStreamId = 39_000_000_000 + this.random.int(0, 999_999_999);
    this.populate();
  }

  /** World time: the last step at or before the clock's time. */
  get time(): number {
    return this.origin + this.tick * this.options.tickMs;
  }

  /** Starts and ends since the world began (the initial live set not included). */
  get stats(): { liveStreams: number; streamsStarted: number; streamsEnded: number } {
    this.sync();
    return { liveStreams: this.liveCount, ...this.counters };
  }

  /** Steps the world up to the clock's current time; every query calls it. */
  sync(): void {
    const target = Math.floor((this.clock.now() - this.origin) / this.options.tickMs);
    while (this.tick < target) this.step();
  }

  /**
   * Every live stream by viewer count, descending; ties by user id, numerically ascending. The array is
   * cached per world step, and its objects never change: compare it with what the product fetched.
   */
  liveStreams(): readonly LiveStream[] {
    return allStreams(this.sortedView(), this.channels);
  }

  /** The live streams matching `filter`, in the order of `liveStreams()`, without materializing the rest. */
  selectLiveStreams(filter: StreamFilter = {}): StreamSelection {
    return selectStreams(this.sortedView(), this.channels, filter);
  }

  liveStreamOf(channel: Channel): LiveStream | undefined {
    const view = this.sortedView();
    const rank = view.rankOf[channel.index];
    return rank < 0 ? undefined : materializeStream(view, this.channels, rank);
  }

  /** Games by current live viewers, descending; ties by popularity rank. */
  topGames(): readonly GameAudience[] {
    return rankGames(this.sortedView(), this.games);
  }

  findChannelByLogin(login: string): Channel | undefined {
    return this.channelsByLogin.get(login.toLowerCase());
  }

  findChannelById(id: string): Channel | undefined {
    return this.channelsById.get(id);
  }

  findGameById(id: string): Game | undefined {
    return this.gamesById.get(id);
  }

  /** Case-insensitive, like Helix; games without a name cannot be found by name. */
  findGameByName(name: string): Game | undefined {
    return this.gamesByName.get(name.toLowerCase());
  }

  isLive(channel: Channel): boolean {
    this.sync();
    return this.sessions[channel.index] !== undefined;
  }

  /** Rounded viewers of a live channel, -1 when offline, as of the last step; never syncs. */
  viewersAt(index: number): number {
    return this.sessions[index] ? Math.round(this.viewers[index]) : -1;
  }

  onStep(listener: (time: number) => void): void {
    this.stepListeners.push(listener);
  }

  /** Starts a stream on the current step; `channel` defaults to a random offline one. */
  startStream(channel?: Channel): LiveStream {
    this.sync();
    const chosen = channel ?? this.randomOfflineChannel();
    if (this.sessions[chosen.index]) throw new Error(`${chosen.login} is already live`);
    this.begin(chosen, this.time, 0.1);
    this.version++;
    return this.liveStreamOf(chosen) as LiveStream;
  }

  endStream(channel: Channel): void {
    this.sync();
    if (!this.sessions[channel.index]) throw new Error(`${channel.login} is not live`);
    this.finish(channel.index);
    this.version++;
  }

  private populate(): void {
    const { liveShare } = this.options;
    const initial: Channel[] = [];
    const ages = new Float64Array(this.channels.length);
    for (const channel of this.channels) {
      if (this.random.chance(liveShare)) {
        initial.push(channel);
        ages[channel.index] = Math.min(this.random.exponential(channel.meanSessionMs), MAX_INITIAL_AGE_MS);
      } else {
        this.scheduleToggle(channel.index, this.meanOfflineMs(channel));
      }
    }
    // Stream ids grow with start time, as on Twitch.
    initial.sort((a, b) => ages[b.index] - ages[a.index] || a.index - b.index);
    for (const channel of initial) this.begin(channel, this.origin - Math.round(ages[channel.index]), 0.9);
    this.counters = { streamsStarted: 0, streamsEnded: 0 };
  }

  private step(): void {
    this.tick++;
    const { tickMs } = this.options;
    const reversion = Math.min(1, (REVERSION_PER_10S * tickMs) / 10_000);
    const { viewers, target, noise, nextToggle, sessions, random, tick } = this;
    for (let index = 0; index < sessions.length; index++) {
      const live = sessions[index] !== undefined;
      if (nextToggle[index] <= tick) {
        if (live) this.finish(index);
        else this.begin(this.channels[index], this.time, 0.1);
      } else if (live) {
        const next =
          viewers[index] +
          (target[index] - viewers[index]) * reversion +
          noise[index] * random.quickGaussian();
        viewers[index] = next > 0 ? next : 0;
      }
    }
    this.version++;
    for (const listener of this.stepListeners) listener(this.time);
  }

  /** `warmth` is the share of the target audience already there: fresh streams ramp up over minutes. */
  private begin(channel: Channel, startedAt: number, warmth: number): void {
    const { index } = channel;
    const game = this.random.chance(0.75)
      ? this.games[channel.mainGame]
      : this.games[this.gamePicker.pick(this.random)];
    const target = Math.min(MAX_TARGET, channel.audience * Math.exp(0.2 * this.random.gaussian()));
    this.nextStreamId += this.random.int(1, 3000);
    this.sessions[index] = {
      id: String(this.nextStreamId),
      game,
      title: generateTitle(this.random, channel, game),
      startedAt: new Date(startedAt).toISOString(),
    };
    this.target[index] = target;
    this.viewers[index] = target * warmth * (0.8 + 0.4 * this.random.next());
    this.noise[index] =
      (NOISE_SHARE * target + NOISE_SQRT * Math.sqrt(target)) * Math.sqrt(this.options.tickMs / 10_000);
    this.liveCount++;
    this.counters.streamsStarted++;
    this.scheduleToggle(index, channel.meanSessionMs);
  }

  private finish(index: number): void {
    this.sessions[index] = undefined;
    this.liveCount--;
    this.counters.streamsEnded++;
    this.scheduleToggle(index, this.meanOfflineMs(this.channels[index]));
  }

  /** Memoryless on/off periods with means chosen so that `liveShare` of channels are live on average. */
  private meanOfflineMs(channel: Channel): number {
    const { liveShare } = this.options;
    return (channel.meanSessionMs * (1 - liveShare)) / liveShare;
  }

  private scheduleToggle(index: number, meanMs: number): void {
    this.nextToggle[index] =
      this.tick + Math.max(1, Math.ceil(this.random.exponential(meanMs / this.options.tickMs)));
  }

  private randomOfflineChannel(): Channel {
    if (this.liveCount === this.channels.length) throw new Error('every channel is already live');
    for (;;) {
      const channel = this.random.pick(this.channels);
      if (!this.sessions[channel.index]) return channel;
    }
  }

  private sortedView(): SortedView {
    this.sync();
    if (this.view?.version !== this.version) {
      this.view = buildSortedView(this.version, this.sessions, this.viewers, this.liveCount);
    }
    return this.view;
  }
}
