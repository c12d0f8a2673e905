import { Field, Int, ObjectType } from '@nestjs/graphql';
import { MigrationEdgeModel } from './migration-edge.model';
import { MigrationNodeModel } from './migration-node.model';

@ObjectType('MigrationGraph')
export class MigrationGraphModel {
  @Field(() => Date)
  since: Date;

  @Field(() => Date)
  until: Date;

  @Field(() => Int, { description: 'All migrations in the range, before minCount, limit and channels.' })
  totalMigrations: number;

  @Field(() => [MigrationNodeModel], { description: 'Busiest first (outgoing + incoming), then by channel.' })
  nodes: MigrationNodeModel[];

  @Field(() => [MigrationEdgeModel], { description: 'By count descending, then from, then to.' })
  edges: MigrationEdgeModel[];
}
