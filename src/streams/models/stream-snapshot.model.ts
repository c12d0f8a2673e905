import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('StreamSnapshot', { description: 'One complete fetch of the top live streams.' })
export class StreamSnapshotModel {
  @Field(() => ID)
  id: string;

  @Field()
  takenAt: Date;

  @Field(() => Int)
  streamCount: number;
}
