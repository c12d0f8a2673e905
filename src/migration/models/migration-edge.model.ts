import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('MigrationEdge', { description: 'Migrations from one channel to another in a time range.' })
export class MigrationEdgeModel {
  @Field()
  from: string;

  @Field()
  to: string;

  @Field(() => Int)
  count: number;

  @Field(() => Float, {
    nullable: true,
    description: 'count / all migrations out of `from` in the range.',
  })
  shareOfSourceLeavers: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'count / all migrations into `to` in the range.',
  })
  shareOfTargetJoiners: number | null;
}
