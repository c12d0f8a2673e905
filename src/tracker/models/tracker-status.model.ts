import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('TrackerStatus')
export class TrackerStatusModel {
  @Field()
  running: boolean;

  @Field(() => Int, {
    description:
      'Channels monitored now: the top TRACKER_CHANNELS live channels, the pinned ones, and those kept ' +
      'while their audience leaves after going offline or out of the top (keptChannels); the ones not read ' +
      'now are counted too (unwatchedChannels).',
  })
  channels: number;

  @Field(() => Int, {
    description: 'Of `channels`, those whose raids arrive from EventSub channel.raid (see raidsFollowed).',
  })
  raidFollowedChannels: number;

  @Field(() => Int, { description: 'Of `channels`, those kept only while their audience leaves.' })
  keptChannels: number;

  @Field(() => Int, {
    description: 'Of `channels`, those not read now, each with its reason in `monitoredChannels`.',
  })
  unwatchedChannels: number;

  @Field(() => Int, {
    description:
      'The interval Get Chatters polls each CHATTERS channel at, ms: TRACKER_POLL_INTERVAL, or longer to ' +
      "keep within the moderator tokens' Helix budgets.",
  })
  pollIntervalMs: number;

  @Field(() => Int, {
    description:
      "The moderator tokens' Helix points per minute, added up (Twitch's Ratelimit-Limit of each; 800 for a " +
      'user token).',
  })
  helixPointsPerMinute: number;

  @Field(() => Int, {
    description:
      'Moderator tokens Get Chatters is read with (TWITCH_MODERATOR_TOKEN, comma-separated, or a lent one) that ' +
      'Twitch has not refused; each channel is polled with one whose user moderates it.',
  })
  moderatorTokens: number;

  @Field(() => Float, { description: 'Helix points per minute the polls at `pollIntervalMs` plan to spend.' })
  plannedHelixPointsPerMinute: number;

  @Field(() => Int)
  trackedUsers: number;

  @Field(() => Int, { description: 'Migrations stored since this process started.' })
  migrationsRecorded: number;

  @Field(() => Date, { nullable: true })
  lastRoundAt: Date | null;

  @Field(() => Float, { nullable: true, description: 'Duration of the last round, ms.' })
  lastRoundMs: number | null;
}
