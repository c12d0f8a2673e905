import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('TrackerStatus')
export class TrackerStatusModel {
  @Field()
  running: boolean;

  @Field(() => Int)
  channels: number;

  @Field(() => Int)
  trackedUsers: number;

  @Field(() => Int, { description: 'Migrations stored since this process started.' })
  migrationsRecorded: number;

  @Field(() => Date, { nullable: true })
  lastRoundAt: Date | null;

  @Field(() => Float, { nullable: true, description: 'Duration of the last round, ms.' })
  lastRoundMs: number | null;
}
