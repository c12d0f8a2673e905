import { Field, ObjectType } from '@nestjs/graphql';
import { MigrationEdgeModel } from './migration-edge.model';

@ObjectType('ChannelFlows', { description: 'Where the viewers of one channel came from and went to.' })
export class ChannelFlowsModel {
  @Field()
  channel: string;

  @Field(() => [MigrationEdgeModel], { description: 'Edges into the channel, largest first.' })
  incoming: MigrationEdgeModel[];

  @Field(() => [MigrationEdgeModel], { description: 'Edges out of the channel, largest first.' })
  outgoing: MigrationEdgeModel[];
}
