import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { PresenceSource } from '../../../presence-source';
import { MIGRATIONS_COLLECTION } from '../pipelines';

/** One document per migration: never an array per channel pair, which would outgrow 16 MB. */
@Schema({ collection: MIGRATIONS_COLLECTION, versionKey: false })
export class MigrationDocument {
  @Prop({ required: true })
  userLogin: string;

  @Prop({ required: true })
  fromChannel: string;

  @Prop({ required: true })
  toChannel: string;

  @Prop({ required: true })
  leftAt: Date;

  @Prop({ required: true })
  joinedAt: Date;

  @Prop({ required: true })
  viaRaid: boolean;

  @Prop({ required: true, type: String })
  source: PresenceSource;
}

/** The schema with its indexes; raw migrations expire `retentionSeconds` after they joined. */
export function createMigrationSchema(retentionSeconds: number) {
  const schema = SchemaFactory.createForClass(MigrationDocument);
  schema.index({ joinedAt: 1 }, { expireAfterSeconds: retentionSeconds });
  schema.index({ userLogin: 1, fromChannel: 1, toChannel: 1, joinedAt: 1 }, { unique: true });
  schema.index({ fromChannel: 1, joinedAt: -1, _id: -1 });
  schema.index({ toChannel: 1, joinedAt: -1, _id: -1 });
  schema.index({ userLogin: 1, joinedAt: -1, _id: -1 });
  schema.index({ joinedAt: -1, _id: -1 });
  return schema;
}
