import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('GameStats', { description: 'The streams of one game in a snapshot.' })
export class GameStatsModel {
  @Field(() => ID)
  gameId: string;

  @Field(() => String, { nullable: true, description: 'Null when none of its streams carries a name.' })
  gameName: string | null;

  @Field(() => Int)
  streamCount: number;

  @Field(() => Int)
  maxViewers: number;

  @Field(() => Int)
  totalViewers: number;
}
