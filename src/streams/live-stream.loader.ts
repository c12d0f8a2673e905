import type DataLoader from 'dataloader';
import { requestLoader } from '../common/graphql/request-loaders';
import type { StreamRecord } from './stream-record';
import type { StreamsService } from './streams.service';

/** Channels' streams in the latest snapshot by lower-case login, one query per request however many ask. */
export function liveStreamLoader(
  context: object,
  streams: StreamsService,
): DataLoader<string, StreamRecord | null> {
  return requestLoader(context, 'liveStreamByLogin', (logins: readonly string[]) =>
    streams.liveByLogins(logins),
  );
}
