import { AUDIENCE_JOIN, AUDIENCE_PART, AudienceLog } from './audience-log';
import { AudiencePresence } from './audience-presence';
import { AUDIENCE_BOTS, botIn } from './audience-users';
import { SimulatorWorld } from './simulator-world';

/**
 * Who is in a channel's room, as chat and Get Chatters see it: the present viewers and the channel's
 * bots (member `-1 - bot`). The past is read back from the audience log, so only as far as it keeps.
 */
export class AudienceRooms {
  constructor(
    private readonly world: SimulatorWorld,
    private readonly presence: AudiencePresence,
    private readonly log: AudienceLog,
  ) {}

  /** Present users (viewer indexes) and bots (`-1 - bot`), as of `at` (no earlier than the log keeps). */
  membersAt(channel: number, at: number): Int32Array {
    const { presence, log } = this;
    const present = new Set<number>();
    const count = presence.memberCount[channel];
    for (let i = 0; i < count; i++) present.add(presence.slotUser[presence.memberAt(channel, i)]);
    for (let seq = log.end - 1; seq >= log.start && log.time(seq) > at; seq--) {
      if (log.channel(seq) !== channel) continue;
      const kind = log.kind(seq);
      if (kind === AUDIENCE_JOIN) present.delete(log.subject(seq));
      else if (kind === AUDIENCE_PART) present.add(log.subject(seq));
    }
    const viewers = Int32Array.from(present).sort();
    if (viewers.length === 0 && this.world.viewersAt(channel) < 0) return viewers;
    const bots = AUDIENCE_BOTS.map((_, bot) => bot).filter((bot) =>
      botIn(this.world.options.seed, channel, bot),
    );
    const members = new Int32Array(bots.length + viewers.length);
    bots.forEach((bot, i) => (members[i] = -1 - bot));
    members.set(viewers, bots.length);
    return members;
  }

  /** Users present now, bots included. */
  roomSize(channel: number): number {
    if (this.world.viewersAt(channel) < 0) return this.presence.memberCount[channel];
    let bots = 0;
    for (let bot = 0; bot < AUDIENCE_BOTS.length; bot++)
      if (botIn(this.world.options.seed, channel, bot)) bots++;
    return this.presence.memberCount[channel] + bots;
  }
}
