import { CHAT_CHANNEL_LIMIT, type ChatReading, TwitchChatPort } from './twitch-chat.port';

/**
 * One user's chat read two ways (TWITCH_CHAT_TRANSPORT=eventsub-membership): rooms read for membership
 * over IRC, where JOIN/PART arrive (small rooms, where they mean something), every other room over EventSub
 * (`channel.chat.message`, Twitch's recommended transport). Twitch counts the user's channels over IRC and
 * EventSub together, so the two share one capacity.
 */
export class MembershipAndEventSubChat extends TwitchChatPort {
  /** Room → the transport that reads it. */
  private readonly rooms = new Map<string, TwitchChatPort>();

  constructor(
    private readonly irc: TwitchChatPort,
    private readonly eventSub: TwitchChatPort,
  ) {
    super();
    for (const chat of [irc, eventSub]) chat.subscribe((event) => this.emit(event));
  }

  get connected(): boolean {
    return this.irc.connected && this.eventSub.connected;
  }

  get opened(): boolean {
    return this.irc.opened || this.eventSub.opened;
  }

  get channelCapacity(): number {
    return CHAT_CHANNEL_LIMIT;
  }

  get readsMembership(): boolean {
    return true;
  }

  get exemptChannels(): ReadonlySet<string> {
    return this.eventSub.exemptChannels.size > 0 ? this.eventSub.exemptChannels : this.irc.exemptChannels;
  }

  /** Both, or neither: a user without `user:read:chat` cannot read the rooms it would read over EventSub. */
  async connect(): Promise<void> {
    try {
      await Promise.all([this.irc.connect(), this.eventSub.connect()]);
    } catch (error) {
      await this.disconnect();
      throw error;
    }
  }

  async join(channel: string, reading: ChatReading): Promise<void> {
    const chat = reading === 'membership' ? this.irc : this.eventSub;
    const current = this.rooms.get(channel);
    if (current === chat) return;
    if (current) this.part(channel);
    this.rooms.set(channel, chat);
    try {
      await chat.join(channel, reading);
    } catch (error) {
      if (this.rooms.get(channel) === chat) this.rooms.delete(channel);
      throw error;
    }
  }

  part(channel: string): void {
    const chat = this.rooms.get(channel);
    if (!chat) return;
    this.rooms.delete(channel);
    chat.part(channel);
  }

  async disconnect(): Promise<void> {
    this.rooms.clear();
    await Promise.all([this.irc.disconnect(), this.eventSub.disconnect()]);
  }
}
