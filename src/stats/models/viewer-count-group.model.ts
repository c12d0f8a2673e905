import { Field, Int, ObjectType } from '@nestjs/graphql';
import { StreamModel } from '../../streams/models/stream.model';

@ObjectType('ViewerCountGroup', { description: 'Streams sharing one viewer count.' })
export class ViewerCountGroupModel {
  @Field(() => Int)
  viewerCount: number;

  @Field(() => [StreamModel], { description: 'Ordered by id.' })
  streams: readonly StreamModel[];
}
