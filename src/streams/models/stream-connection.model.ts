import { ObjectType } from '@nestjs/graphql';
import { Connection } from '../../common/graphql/connection';
import { StreamModel } from './stream.model';

@ObjectType('StreamConnection')
export class StreamConnectionModel extends Connection(StreamModel, 'Stream') {}
