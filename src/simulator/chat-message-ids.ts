import { randomBytes } from 'node:crypto';

/**
 * Ids of the audience's chat messages and raid notices, one per audience log entry, so that IRC's `id` tag
 * and EventSub's `message_id` agree for the same message, as on Twitch. UUID-shaped; the random part is drawn
 * once per simulator, so that ids stay unique across runs (a service may keep them in its database).
 */
export class ChatMessageIds {
  private readonly prefix: string;

  constructor() {
    const hex = randomBytes(10).toString('hex');
    const variant = (8 | (parseInt(hex[16], 16) & 3)).toString(16);
    this.prefix = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-`;
  }

  /** The id of the message or notice logged at `seq`. */
  of(seq: number): string {
    return this.prefix + seq.toString(16).padStart(12, '0');
  }
}
