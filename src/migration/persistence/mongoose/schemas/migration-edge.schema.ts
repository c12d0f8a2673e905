import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { EDGE_HOURS_COLLECTION } from '../pipelines';

/** Migrations from one channel to another that joined within one UTC hour; grown by `$inc` upserts. */
@Schema({ collection: EDGE_HOURS_COLLECTION, versionKey: false })
export class MigrationEdgeDocument {
  @Prop({ required: true })
  from: string;

  @Prop({ required: true })
  to: string;

  @Prop({ required: true })
  hour: Date;

  @Prop({ required: true })
  count: number;
}

export const MigrationEdgeSchema = SchemaFactory.createForClass(MigrationEdgeDocument);
MigrationEdgeSchema.index({ from: 1, to: 1, hour: 1 }, { unique: true });
// Graph queries scan a range of hours; the pair and count make the index cover them.
MigrationEdgeSchema.index({ hour: 1, from: 1, to: 1, count: 1 });
