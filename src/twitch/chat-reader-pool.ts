import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ChatJoinRefusedError, type ChatReading, TwitchChatPort } from './twitch-chat.port';

interface Reader {
  readonly chat: TwitchChatPort;
  /** Rooms it is in or joining. */
  readonly rooms: Set<string>;
  /** Its connection failed: it takes no room until the pool connects again. */
  failed: boolean;
}

/**
 * Chat read as several users at once (the moderator or an anonymous connection, and each account of
 * TWITCH_READER_TOKENS), as one TwitchChatPort: Twitch's concurrent join limit is per user, so each reader
 * adds its capacity. A room goes to a reader that moderates it (it costs that reader nothing), else to the
 * reader with the most room left; a reader Twitch refuses for its limit passes the room to the next one.
 */
export class ChatReaderPool extends TwitchChatPort implements OnApplicationShutdown {
  private readonly logger = new Logger(ChatReaderPool.name);
  private readonly readers: Reader[];
  private readonly roomOf = new Map<string, Reader>();

  constructor(chats: readonly TwitchChatPort[]) {
    super();
    if (chats.length === 0) throw new Error('A chat reader pool needs at least one reader');
    this.readers = [];
    for (const chat of chats) this.add(chat);
  }

  /**
   * A reader lent at run time. While the pool is connected, it is connected at once and takes rooms from
   * then on; otherwise with the pool. A reader that cannot connect is left out, as at start.
   */
  async addReader(chat: TwitchChatPort): Promise<void> {
    const reader = this.add(chat);
    if (!this.opened) return;
    reader.failed = true;
    try {
      await chat.connect();
      reader.failed = false;
    } catch (error) {
      this.logger.warn(`A lent chat reader could not connect: ${(error as Error).message}`);
    }
  }

  private add(chat: TwitchChatPort): Reader {
    const reader: Reader = { chat, rooms: new Set<string>(), failed: false };
    this.readers.push(reader);
    chat.subscribe((event) => this.emit(event));
    return reader;
  }

  /** Every reader that is in use is connected. */
  get connected(): boolean {
    const live = this.live().filter(({ chat }) => chat.opened);
    return live.length > 0 && live.every(({ chat }) => chat.connected);
  }

  get opened(): boolean {
    return this.readers.some(({ chat }) => chat.opened);
  }

  get channelCapacity(): number {
    return this.live().reduce((sum, { chat }) => sum + chat.channelCapacity, 0);
  }

  get readsMembership(): boolean {
    return this.readers[0].chat.readsMembership;
  }

  get exemptChannels(): ReadonlySet<string> {
    const live = this.live();
    if (live.length === 1) return live[0].chat.exemptChannels;
    return new Set(live.flatMap(({ chat }) => [...chat.exemptChannels]));
  }

  /** Connects every reader; one that fails is left out (with a warning) as long as another connected. */
  async connect(): Promise<void> {
    const answers = await Promise.allSettled(this.readers.map(({ chat }) => chat.connect()));
    answers.forEach((answer, index) => {
      const reader = this.readers[index];
      reader.failed = answer.status === 'rejected';
      if (answer.status === 'rejected' && this.readers.length > 1) {
        this.logger.warn(`A chat reader could not connect: ${(answer.reason as Error).message}`);
      }
    });
    const refusal = answers.find((answer) => answer.status === 'rejected');
    if (this.live().length === 0 && refusal?.status === 'rejected') throw refusal.reason;
    if (this.readers.length > 1) {
      this.logger.log(
        `Reading chat as ${this.live().length} users, ${this.channelCapacity} channels at once`,
      );
    }
  }

  /**
   * Joins with the reader that moderates the channel, else the one with the most room; Twitch's refusal
   * for a reader's limit passes the channel to the next reader with room.
   * @throws ChatJoinRefusedError CHANNEL_LIMIT when every reader is full.
   */
  async join(channel: string, reading: ChatReading): Promise<void> {
    if (this.roomOf.has(channel)) return;
    for (const reader of this.candidates(channel)) {
      reader.rooms.add(channel);
      this.roomOf.set(channel, reader);
      try {
        await reader.chat.join(channel, reading);
        return;
      } catch (error) {
        reader.rooms.delete(channel);
        if (this.roomOf.get(channel) === reader) this.roomOf.delete(channel);
        if (!(error instanceof ChatJoinRefusedError && error.refusal === 'CHANNEL_LIMIT')) throw error;
      }
    }
    throw new ChatJoinRefusedError(channel, 'CHANNEL_LIMIT');
  }

  part(channel: string): void {
    const reader = this.roomOf.get(channel);
    if (!reader) return;
    this.roomOf.delete(channel);
    reader.rooms.delete(channel);
    if (reader.chat.connected) reader.chat.part(channel);
  }

  async disconnect(): Promise<void> {
    this.roomOf.clear();
    for (const reader of this.readers) reader.rooms.clear();
    await Promise.all(this.readers.map(({ chat }) => chat.disconnect()));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.disconnect();
  }

  /** The readers in use: all until a connection fails (the tracker plans its slots before connecting). */
  private live(): Reader[] {
    return this.readers.filter((reader) => !reader.failed);
  }

  /** The readers to try for `channel`, best first: its moderators, then by room left; full ones left out. */
  private candidates(channel: string): Reader[] {
    const counted = ({ chat, rooms }: Reader) =>
      [...rooms].filter((room) => !chat.exemptChannels.has(room)).length;
    const room = (reader: Reader) => reader.chat.channelCapacity - counted(reader);
    const exempt = (reader: Reader) => reader.chat.exemptChannels.has(channel);
    return this.live()
      .filter((reader) => exempt(reader) || room(reader) > 0)
      .sort((a, b) => Number(exempt(b)) - Number(exempt(a)) || room(b) - room(a));
  }
}
