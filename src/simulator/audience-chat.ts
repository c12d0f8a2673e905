import { AUDIENCE_MESSAGE, AudienceLog } from './audience-log';
import { AudiencePresence } from './audience-presence';
import { SeededRandom } from './seeded-random';

export interface AudienceChatRates {
  chatterShare: number;
  messagesPerChatterPerMinute: number;
  tickMs: number;
}

/**
 * The audience's chat messages, logged per step. Only chatty users speak (the rest lurk), and only in
 * channels someone watches over chat: nobody would read the others. Its own random stream, so that chat
 * traffic never changes who goes where.
 */
export class AudienceChat {
  private readonly observed: Int32Array;

  constructor(
    private readonly presence: AudiencePresence,
    private readonly log: AudienceLog,
    /** 1 for users who chat, per user. */
    private readonly chatty: Uint8Array,
    private readonly random: SeededRandom,
    private readonly rates: AudienceChatRates,
  ) {
    this.observed = new Int32Array(presence.memberCount.length);
  }

  /** A chat connection joined (1) or left (-1) the channel. */
  observe(channel: number, delta: 1 | -1): void {
    this.observed[channel] += delta;
  }

  /** Messages of one step, from chatters present in the channel. */
  step(channel: number, time: number): void {
    if (this.observed[channel] <= 0) return;
    const { presence, random } = this;
    const { chatterShare, messagesPerChatterPerMinute, tickMs } = this.rates;
    const count = presence.memberCount[channel];
    if (count === 0) return;
    const rate = (count * chatterShare * messagesPerChatterPerMinute * tickMs) / 60_000;
    const messages = random.poisson(rate);
    for (let i = 0; i < messages; i++) {
      // Lurkers never chat: draw again among those present until a chatter turns up.
      for (let attempt = 0; attempt < 8; attempt++) {
        const user = presence.slotUser[presence.memberAt(channel, (random.next() * count) | 0)];
        if (!this.chatty[user]) continue;
        this.log.push(AUDIENCE_MESSAGE, time, channel, user, random.int(0, 1 << 30));
        break;
      }
    }
  }
}
