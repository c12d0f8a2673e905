import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('MigrationNode', { description: 'A channel of the returned edges.' })
export class MigrationNodeModel {
  @Field()
  channel: string;

  @Field(() => Int, { description: 'Sum of the counts of the returned edges leaving this channel.' })
  outgoing: number;

  @Field(() => Int, { description: 'Sum of the counts of the returned edges entering this channel.' })
  incoming: number;
}
