import { Column, DataType, Model, Table } from 'sequelize-typescript';

/** A person who logged in with Twitch. Twitch tokens are not stored: the service needs none after login. */
@Table({ tableName: 'users', underscored: true, timestamps: false })
export class UserEntity extends Model {
  @Column({ type: DataType.INTEGER, primaryKey: true, autoIncrement: true })
  declare id: number;

  @Column({ type: DataType.STRING(32), allowNull: false, unique: true })
  declare twitchId: string;

  @Column({ type: DataType.STRING(64), allowNull: false })
  declare login: string;

  @Column({ type: DataType.STRING(128), allowNull: false })
  declare displayName: string;

  @Column({ type: DataType.STRING(512), allowNull: true })
  declare profileImageUrl: string | null;

  @Column({ type: DataType.STRING(320), allowNull: true })
  declare email: string | null;

  @Column({ type: DataType.DATE(3), allowNull: false })
  declare createdAt: Date;

  @Column({ type: DataType.DATE(3), allowNull: false })
  declare lastLoginAt: Date;
}
