import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('Stream', { description: 'A live stream as it stood in the latest snapshot.' })
export class StreamModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  userId: string;

  @Field()
  userLogin: string;

  @Field()
  userName: string;

  @Field(() => ID, { nullable: true })
  gameId: string | null;

  @Field(() => String, { nullable: true })
  gameName: string | null;

  @Field(() => String, { nullable: true })
  title: string | null;

  @Field(() => Int)
  viewerCount: number;

  @Field(() => String, { nullable: true })
  language: string | null;

  @Field(() => Date, { nullable: true })
  startedAt: Date | null;
}
