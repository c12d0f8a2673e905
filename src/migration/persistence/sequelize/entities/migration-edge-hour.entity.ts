import { Column, DataType, Model, Table } from 'sequelize-typescript';

/** Migrations from one channel to another that joined within one UTC hour. */
@Table({ tableName: 'migration_edge_hours', underscored: true, timestamps: false })
export class MigrationEdgeHourEntity extends Model {
  @Column({ type: DataType.STRING(64), primaryKey: true })
  declare fromChannel: string;

  @Column({ type: DataType.STRING(64), primaryKey: true })
  declare toChannel: string;

  @Column({ type: DataType.DATE(3), primaryKey: true })
  declare hour: Date;

  @Column({ type: DataType.INTEGER, allowNull: false })
  declare count: number;
}
