import { ObjectType } from '@nestjs/graphql';
import { Connection } from '../../common/graphql/connection';
import { MigrationModel } from './migration.model';

@ObjectType('MigrationConnection')
export class MigrationConnectionModel extends Connection(MigrationModel, 'Migration') {}
