import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PresenceSource } from '../../migration/presence-source';
import { UnwatchedReason } from '../unwatched-reason';

@ObjectType('MonitoredChannel', { description: 'A channel the tracker watches now.' })
export class MonitoredChannelModel {
  @Field()
  login: string;

  @Field(() => PresenceSource)
  source: PresenceSource;

  @Field()
  pinned: boolean;

  @Field({ description: 'When monitoring started.' })
  since: Date;

  @Field(() => Date, { nullable: true })
  lastPolledAt: Date | null;

  @Field(() => Int, { nullable: true, description: 'Chatters in the last Get Chatters poll.' })
  chatters: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'How often Get Chatters reads the channel now, ms (CHATTERS channels): TRACKER_POLL_INTERVAL, or ' +
      "longer when polling every CHATTERS channel that often would exceed the moderator token's Helix budget.",
  })
  pollIntervalMs: number | null;

  @Field(() => UnwatchedReason, {
    nullable: true,
    description:
      'Why the channel is monitored but not read now (its chat could not be joined); null while it is read.',
  })
  unwatchedReason: UnwatchedReason | null;

  @Field({
    description:
      'Whether raids into the channel arrive from EventSub channel.raid (followed for every monitored ' +
      "channel, whatever its source); otherwise only from the channel's chat while it is read.",
  })
  raidsFollowed: boolean;

  @Field(() => Date, {
    nullable: true,
    description:
      'Set while a channel that went offline or left the top is still watched, so that its audience is ' +
      'seen leaving: monitoring stops then, or earlier once its chat is empty.',
  })
  keptUntil: Date | null;
}
