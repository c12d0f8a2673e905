import { Field, ID, ObjectType } from '@nestjs/graphql';
import { PresenceSource } from '../presence-source';

@ObjectType('Migration', { description: 'A user who left one channel and joined another within the window.' })
export class MigrationModel {
  @Field(() => ID)
  id: string;

  @Field()
  userLogin: string;

  @Field()
  fromChannel: string;

  @Field()
  toChannel: string;

  @Field(() => Date)
  leftAt: Date;

  @Field(() => Date)
  joinedAt: Date;

  @Field({ description: 'The move came with a raid from fromChannel into toChannel.' })
  viaRaid: boolean;

  @Field(() => PresenceSource, { description: 'How the join was observed.' })
  source: PresenceSource;
}
