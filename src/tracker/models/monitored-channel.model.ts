import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PresenceSource } from '../../migration/presence-source';

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

  @Field(() => Date, {
    nullable: true,
    description:
      'Set while a channel that went offline or left the top is still watched, so that its audience is ' +
      'seen leaving: monitoring stops then, or earlier once its chat is empty.',
  })
  keptUntil: Date | null;
}
