import { DataTypes } from 'sequelize';
import type { SchemaMigration } from '../schema-migration';

/**
 * The tracker's checkpoint (see TrackerCheckpointRepository): pending leaves and joins per user, presence per
 * channel, and one row of global facts, rewritten after every round so a crash loses no observed migration.
 */
export const createTrackerCheckpoint: SchemaMigration = {
  name: '0007-create-tracker-checkpoint',
  async up({ context: queryInterface }) {
    const dialect = queryInterface.sequelize.getDialect();
    // LONGTEXT on MySQL/MariaDB, whose TEXT stops at 64 KB (a channel of 100,000 chatters lists ~1.5 MB);
    // SQLite warns about the option and PostgreSQL ignores it.
    const text = dialect === 'mysql' || dialect === 'mariadb' ? DataTypes.TEXT('long') : DataTypes.TEXT;
    await queryInterface.createTable('tracker_checkpoint_users', {
      login: { type: DataTypes.STRING(64), primaryKey: true },
      state: { type: text, allowNull: false },
    });
    await queryInterface.createTable('tracker_checkpoint_channels', {
      channel: { type: DataTypes.STRING(64), primaryKey: true },
      kind: { type: DataTypes.STRING(8), allowNull: false },
      members: { type: text, allowNull: false },
    });
    await queryInterface.createTable('tracker_checkpoint', {
      id: { type: DataTypes.INTEGER, primaryKey: true },
      saved_at: { type: DataTypes.BIGINT, allowNull: false },
      meta: { type: text, allowNull: false },
    });
  },
  async down({ context: queryInterface }) {
    await queryInterface.dropTable('tracker_checkpoint');
    await queryInterface.dropTable('tracker_checkpoint_channels');
    await queryInterface.dropTable('tracker_checkpoint_users');
  },
};
