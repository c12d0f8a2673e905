import { Column, DataType, Model, Table } from 'sequelize-typescript';
import type { PresenceSource } from '../../../presence-source';

/** One raw migration; kept for the retention period only (the hourly buckets outlive it). */
@Table({ tableName: 'migrations', underscored: true, timestamps: false })
export class MigrationEntity extends Model {
  @Column({ type: DataType.INTEGER, primaryKey: true, autoIncrement: true })
  declare id: number;

  @Column({ type: DataType.STRING(64), allowNull: false })
  declare userLogin: string;

  @Column({ type: DataType.STRING(64), allowNull: false })
  declare fromChannel: string;

  @Column({ type: DataType.STRING(64), allowNull: false })
  declare toChannel: string;

  @Column({ type: DataType.DATE(3), allowNull: false })
  declare leftAt: Date;

  @Column({ type: DataType.DATE(3), allowNull: false })
  declare joinedAt: Date;

  @Column({ type: DataType.BOOLEAN, allowNull: false })
  declare viaRaid: boolean;

  @Column({ type: DataType.STRING(16), allowNull: false })
  declare source: PresenceSource;
}
