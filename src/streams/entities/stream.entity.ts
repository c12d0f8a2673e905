import { Column, DataType, ForeignKey, Model, Table } from 'sequelize-typescript';
import { StreamSnapshotEntity } from './stream-snapshot.entity';

/** A live stream as it stood in one snapshot. */
@Table({ tableName: 'streams', underscored: true, timestamps: false })
export class StreamEntity extends Model {
  @ForeignKey(() => StreamSnapshotEntity)
  @Column({ type: DataType.INTEGER, primaryKey: true })
  declare snapshotId: number;

  @Column({ type: DataType.STRING(32), primaryKey: true })
  declare id: string;

  @Column({ type: DataType.STRING(32), allowNull: false })
  declare userId: string;

  @Column({ type: DataType.STRING(64), allowNull: false })
  declare userLogin: string;

  @Column({ type: DataType.STRING(128), allowNull: false })
  declare userName: string;

  @Column({ type: DataType.STRING(32), allowNull: true })
  declare gameId: string | null;

  @Column({ type: DataType.STRING(256), allowNull: true })
  declare gameName: string | null;

  @Column({ type: DataType.STRING(512), allowNull: true })
  declare title: string | null;

  @Column({ type: DataType.INTEGER, allowNull: false })
  declare viewerCount: number;

  @Column({ type: DataType.STRING(16), allowNull: true })
  declare language: string | null;

  @Column({ type: DataType.DATE, allowNull: true })
  declare startedAt: Date | null;
}
