import { Column, DataType, Model, Table } from 'sequelize-typescript';

/** A channel an administrator asked the tracker to monitor, live or not, in the top or not. */
@Table({ tableName: 'pinned_channels', underscored: true, timestamps: false })
export class PinnedChannelEntity extends Model {
  @Column({ type: DataType.STRING(64), primaryKey: true })
  declare login: string;

  @Column({ type: DataType.DATE(3), allowNull: false })
  declare pinnedAt: Date;

  /** The administrator's login; null when pinned by other means. */
  @Column({ type: DataType.STRING(64), allowNull: true })
  declare pinnedBy: string | null;
}
