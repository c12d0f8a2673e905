import { DataTypes } from 'sequelize';
import type { SchemaMigration } from '../schema-migration';

export const createStreamSnapshots: SchemaMigration = {
  name: '0001-create-stream-snapshots',
  async up({ context: queryInterface }) {
    await queryInterface.createTable('stream_snapshots', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      taken_at: { type: DataTypes.DATE(3), allowNull: false },
      stream_count: { type: DataTypes.INTEGER, allowNull: false },
      pages_fetched: { type: DataTypes.INTEGER, allowNull: false },
      duration_ms: { type: DataTypes.INTEGER, allowNull: false },
    });
    await queryInterface.createTable('streams', {
      snapshot_id: {
        type: DataTypes.INTEGER,
        primaryKey: true,
        references: { model: 'stream_snapshots', key: 'id' },
        onDelete: 'CASCADE',
      },
      id: { type: DataTypes.STRING(32), primaryKey: true },
      user_id: { type: DataTypes.STRING(32), allowNull: false },
      user_login: { type: DataTypes.STRING(64), allowNull: false },
      user_name: { type: DataTypes.STRING(128), allowNull: false },
      game_id: { type: DataTypes.STRING(32), allowNull: true },
      game_name: { type: DataTypes.STRING(256), allowNull: true },
      title: { type: DataTypes.STRING(512), allowNull: true },
      viewer_count: { type: DataTypes.INTEGER, allowNull: false },
      language: { type: DataTypes.STRING(16), allowNull: true },
      started_at: { type: DataTypes.DATE, allowNull: true },
    });
    // Every stats and listing query is scoped to one snapshot and ordered or grouped by these.
    await queryInterface.addIndex('streams', ['snapshot_id', 'viewer_count'], {
      name: 'streams_snapshot_viewers',
    });
    await queryInterface.addIndex('streams', ['snapshot_id', 'game_id'], { name: 'streams_snapshot_game' });
  },
  async down({ context: queryInterface }) {
    await queryInterface.dropTable('streams');
    await queryInterface.dropTable('stream_snapshots');
  },
};
