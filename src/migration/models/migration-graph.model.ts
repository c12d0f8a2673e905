import { Field, Int, ObjectType } from '@nestjs/graphql';
import { perLimitCost } from '../../common/graphql/query-cost';
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

  // Up to two nodes per edge of `migrationGraph(limit)`, which multiplies; edges are one per unit of it.
  @Field(() => [MigrationNodeModel], {
    description: 'Busiest first (outgoing + incoming), then by channel.',
    complexity: perLimitCost(2),
  })
  nodes: MigrationNodeModel[];

  @Field(() => [MigrationEdgeModel], { description: 'By count descending, then from, then to.' })
  edges: MigrationEdgeModel[];
}
