import { Clock, ManualClock } from '../common/clock';
import { TrueMigration } from './migration-truth';
import { TruthProjection } from './audience-truth';
import { ControlError } from './control-handlers';
import { SimulatorWorld } from './simulator-world';
import { WorldAudience } from './world-audience';
import { Channel, LiveStream } from './world-model';

/**
 * What the controls can do to the world and its audience: move a manual clock, start and end streams,
 * raid, read the ground truth. Requests that cannot be carried out throw a ControlError (its HTTP status).
 */
export class WorldControls {
  constructor(
    private readonly clock: Clock,
    private readonly world: SimulatorWorld,
    private readonly audience: WorldAudience,
  ) {}

  advanceClock(ms: number): void {
    if (!(this.clock instanceof ManualClock)) {
      throw new ControlError(400, 'advanceClock needs a simulator built with a ManualClock');
    }
    this.clock.advance(ms);
    this.world.sync();
  }

  /** Starts `login`'s stream, or a random offline channel's. */
  startStream(login?: string): LiveStream {
    if (login === undefined) return this.world.startStream();
    const channel = this.channel(login);
    if (this.world.isLive(channel)) throw new ControlError(409, `${login} is already live`);
    return this.world.startStream(channel);
  }

  endStream(login: string): void {
    this.world.endStream(this.liveChannel(login));
  }

  /** Raids `to` from `from` now: both must be live; the USERNOTICE goes to `to`'s chat. */
  raid(from: string, to: string): void {
    const [raider, target] = [from, to].map((login) => this.liveChannel(login));
    if (raider === target) throw new ControlError(409, 'A channel cannot raid itself');
    this.audience.raid(raider.index, target.index, this.world.time);
  }

  /** True hops that completed in [since, until), epoch ms; projected onto channels with `projection`. */
  truthMigrations(since: number, until: number, projection?: TruthProjection): TrueMigration[] {
    this.world.sync();
    return this.audience.migrations(since, until, projection);
  }

  private channel(login: string): Channel {
    const channel = this.world.findChannelByLogin(login);
    if (!channel) throw new ControlError(404, `No channel ${login}`);
    return channel;
  }

  private liveChannel(login: string): Channel {
    const channel = this.channel(login);
    if (!this.world.isLive(channel)) throw new ControlError(409, `${login} is not live`);
    return channel;
  }
}
