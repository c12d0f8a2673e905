import { Column, DataType, Model, Table } from 'sequelize-typescript';

@Table({ tableName: 'viewer_counts', underscored: true, timestamps: false })
export class ViewerCountEntity extends Model {
  @Column({ type: DataType.INTEGER, primaryKey: true, autoIncrement: true })
  declare id: number;

  @Column({ type: DataType.STRING(64), allowNull: false })
  declare channel: string;

  @Column({ type: DataType.DATE(3), allowNull: false })
  declare at: Date;

  @Column({ type: DataType.INTEGER, allowNull: true })
  declare viewers: number | null;

  @Column({ type: DataType.INTEGER, allowNull: true })
  declare chatters: number | null;
}
