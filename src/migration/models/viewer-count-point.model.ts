import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ViewerCountPoint', {
  description: "One sample of a channel's audience; either figure may be unknown.",
})
export class ViewerCountPointModel {
  @Field(() => Date)
  at: Date;

  @Field(() => Int, { nullable: true })
  viewers: number | null;

  @Field(() => Int, { nullable: true })
  chatters: number | null;
}
