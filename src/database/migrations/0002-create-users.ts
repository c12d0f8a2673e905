import { DataTypes } from 'sequelize';
import type { SchemaMigration } from '../schema-migration';

export const createUsers: SchemaMigration = {
  name: '0002-create-users',
  async up({ context: queryInterface }) {
    await queryInterface.createTable('users', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      twitch_id: { type: DataTypes.STRING(32), allowNull: false, unique: true },
      login: { type: DataTypes.STRING(64), allowNull: false },
      display_name: { type: DataTypes.STRING(128), allowNull: false },
      profile_image_url: { type: DataTypes.STRING(512), allowNull: true },
      email: { type: DataTypes.STRING(320), allowNull: true },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
      last_login_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await queryInterface.addIndex('users', ['login'], { name: 'users_login' });
  },
  async down({ context: queryInterface }) {
    await queryInterface.dropTable('users');
  },
};
