import { DataTypes } from 'sequelize';
import type { SchemaMigration } from '../schema-migration';

export const createPinnedChannels: SchemaMigration = {
  name: '0004-create-pinned-channels',
  async up({ context: queryInterface }) {
    await queryInterface.createTable('pinned_channels', {
      login: { type: DataTypes.STRING(64), primaryKey: true },
      pinned_at: { type: DataTypes.DATE(3), allowNull: false },
      pinned_by: { type: DataTypes.STRING(64), allowNull: true },
    });
  },
  async down({ context: queryInterface }) {
    await queryInterface.dropTable('pinned_channels');
  },
};
