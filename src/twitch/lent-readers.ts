import { Injectable, Logger } from '@nestjs/common';
import { ConfiguredTokenCredentials, type ModeratorGrant } from './moderator-credentials';

export type LentReaderListener = (credentials: ConfiguredTokenCredentials) => void;

/**
 * Reader accounts lent at run time: an administrator logs in at `/auth/twitch?reader=true` and chat is read
 * as them too, 100 more channels each, as with TWITCH_READER_TOKENS. Kept in memory (like the lent
 * moderator token): lend again after a restart. One grant per user: lending again changes nothing.
 */
@Injectable()
export class LentReaders {
  private readonly logger = new Logger(LentReaders.name);
  private readonly logins = new Set<string>();
  private readonly listeners = new Set<LentReaderListener>();

  get count(): number {
    return this.logins.size;
  }

  /** False when the user's chat is read already. */
  lend(login: string, grant: ModeratorGrant): boolean {
    if (this.logins.has(login)) return false;
    this.logins.add(login);
    const credentials = new ConfiguredTokenCredentials(grant);
    for (const listener of this.listeners) listener(credentials);
    this.logger.log(`Chat is also read as ${login} (lent by an administrator login)`);
    return true;
  }

  /** The chat port adds a reader for each grant lent from now on. */
  onLend(listener: LentReaderListener): void {
    this.listeners.add(listener);
  }
}
