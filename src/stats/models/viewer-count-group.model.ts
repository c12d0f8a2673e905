import { Field, Int, ObjectType } from '@nestjs/graphql';
import { perLimitCost } from '../../common/graphql/query-cost';
import { StreamModel } from '../../streams/models/stream.model';

@ObjectType('ViewerCountGroup', { description: 'Streams sharing one viewer count.' })
export class ViewerCountGroupModel {
  @Field(() => Int)
  viewerCount: number;

  // Priced as pairs, most groups' size: all the groups together never hold more than STREAMS_TOP_N streams.
  @Field(() => [StreamModel], { description: 'Ordered by id.', complexity: perLimitCost(2) })
  streams: readonly StreamModel[];
}
