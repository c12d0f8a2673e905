import { Column, DataType, Model, Table } from 'sequelize-typescript';

// TEXT here, LONGTEXT in the MySQL/MariaDB schema (migration 0007): the schema belongs to the migrations.

/** A user's pending leaves and joins, as JSON (PendingUserCheckpoint). */
@Table({ tableName: 'tracker_checkpoint_users', underscored: true, timestamps: false })
export class TrackerCheckpointUserEntity extends Model {
  @Column({ type: DataType.STRING(64), primaryKey: true })
  declare login: string;

  @Column({ type: DataType.TEXT, allowNull: false })
  declare state: string;
}

/** Who is present in a monitored channel, as JSON (ChannelCheckpoint). */
@Table({ tableName: 'tracker_checkpoint_channels', underscored: true, timestamps: false })
export class TrackerCheckpointChannelEntity extends Model {
  @Column({ type: DataType.STRING(64), primaryKey: true })
  declare channel: string;

  @Column({ type: DataType.TEXT, allowNull: false })
  declare state: string;
}

/** The single row of global facts (EngineMetaCheckpoint) and when the last round was saved. */
@Table({ tableName: 'tracker_checkpoint', underscored: true, timestamps: false })
export class TrackerCheckpointEntity extends Model {
  @Column({ type: DataType.INTEGER, primaryKey: true })
  declare id: number;

  @Column({ type: DataType.DATE(3), allowNull: false })
  declare savedAt: Date;

  @Column({ type: DataType.TEXT, allowNull: false })
  declare meta: string;
}
