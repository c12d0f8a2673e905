import { Column, DataType, Model, Table } from 'sequelize-typescript';

/** One complete top-streams fetch; it becomes visible only when its transaction commits. */
@Table({ tableName: 'stream_snapshots', underscored: true, timestamps: false })
export class StreamSnapshotEntity extends Model {
  @Column({ type: DataType.INTEGER, primaryKey: true, autoIncrement: true })
  declare id: number;

  @Column({ type: DataType.DATE(3), allowNull: false })
  declare takenAt: Date;

  @Column({ type: DataType.INTEGER, allowNull: false })
  declare streamCount: number;

  @Column({ type: DataType.INTEGER, allowNull: false })
  declare pagesFetched: number;

  @Column({ type: DataType.INTEGER, allowNull: false })
  declare durationMs: number;
}
