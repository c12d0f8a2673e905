import { DataTypes } from 'sequelize';
import type { SchemaMigration } from '../schema-migration';

export const createMigrations: SchemaMigration = {
  name: '0003-create-migrations',
  async up({ context: queryInterface }) {
    await queryInterface.createTable('migrations', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      user_login: { type: DataTypes.STRING(64), allowNull: false },
      from_channel: { type: DataTypes.STRING(64), allowNull: false },
      to_channel: { type: DataTypes.STRING(64), allowNull: false },
      left_at: { type: DataTypes.DATE(3), allowNull: false },
      joined_at: { type: DataTypes.DATE(3), allowNull: false },
      via_raid: { type: DataTypes.BOOLEAN, allowNull: false },
      source: { type: DataTypes.STRING(16), allowNull: false },
    });
    // The natural key makes a retried flush a no-op.
    await queryInterface.addIndex('migrations', ['user_login', 'from_channel', 'to_channel', 'joined_at'], {
      name: 'migrations_natural_key',
      unique: true,
    });
    // Listings filter by one of these and page by joined_at; purge and partial-hour counts range over it.
    await queryInterface.addIndex('migrations', ['joined_at'], { name: 'migrations_joined' });
    await queryInterface.addIndex('migrations', ['from_channel', 'joined_at'], {
      name: 'migrations_from_joined',
    });
    await queryInterface.addIndex('migrations', ['to_channel', 'joined_at'], {
      name: 'migrations_to_joined',
    });
    await queryInterface.addIndex('migrations', ['user_login', 'joined_at'], {
      name: 'migrations_user_joined',
    });

    await queryInterface.createTable('migration_edge_hours', {
      from_channel: { type: DataTypes.STRING(64), primaryKey: true },
      to_channel: { type: DataTypes.STRING(64), primaryKey: true },
      hour: { type: DataTypes.DATE(3), primaryKey: true },
      count: { type: DataTypes.INTEGER, allowNull: false },
    });
    // Graph queries scan a range of hours; covering the pair and count lets them skip the table itself.
    await queryInterface.addIndex('migration_edge_hours', ['hour', 'from_channel', 'to_channel', 'count'], {
      name: 'migration_edge_hours_hour',
    });

    await queryInterface.createTable('viewer_counts', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      channel: { type: DataTypes.STRING(64), allowNull: false },
      at: { type: DataTypes.DATE(3), allowNull: false },
      viewers: { type: DataTypes.INTEGER, allowNull: true },
      chatters: { type: DataTypes.INTEGER, allowNull: true },
    });
    await queryInterface.addIndex('viewer_counts', ['channel', 'at'], { name: 'viewer_counts_channel_at' });
  },
  async down({ context: queryInterface }) {
    await queryInterface.dropTable('viewer_counts');
    await queryInterface.dropTable('migration_edge_hours');
    await queryInterface.dropTable('migrations');
  },
};
