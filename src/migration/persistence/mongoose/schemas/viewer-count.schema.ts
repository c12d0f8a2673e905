import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { VIEWER_COUNTS_COLLECTION } from '../pipelines';

/** A time-series collection: samples bucketed per channel by the server, cheap to store and range-scan. */
@Schema({
  collection: VIEWER_COUNTS_COLLECTION,
  versionKey: false,
  timeseries: { timeField: 'at', metaField: 'channel', granularity: 'minutes' },
})
export class ViewerCountDocument {
  @Prop({ required: true })
  channel: string;

  @Prop({ required: true })
  at: Date;

  @Prop({ type: Number, default: null })
  viewers: number | null;

  @Prop({ type: Number, default: null })
  chatters: number | null;
}

export const ViewerCountSchema = SchemaFactory.createForClass(ViewerCountDocument);
