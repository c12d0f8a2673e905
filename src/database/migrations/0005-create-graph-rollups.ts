import { DataTypes, type QueryInterface } from 'sequelize';
import type { SchemaMigration } from '../schema-migration';

/** Start of the UTC day of an hour-bucket timestamp, in the column's own storage format. */
function dayOfHour(dialect: string): string {
  switch (dialect) {
    case 'sqlite':
      // Sequelize stores 'YYYY-MM-DD HH:MM:SS.mmm +00:00'.
      return `substr(hour, 1, 10) || ' 00:00:00.000 +00:00'`;
    case 'postgres':
      return `date_trunc('day', hour AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;
    default:
      return 'CAST(DATE(hour) AS DATETIME(3))';
  }
}

/** Fills the (empty) rollups from the hourly edge buckets; exported for the test that compares both ways. */
export async function backfillGraphRollups(queryInterface: QueryInterface): Promise<void> {
  const { sequelize } = queryInterface;
  const day = dayOfHour(sequelize.getDialect());
  await sequelize.query(`
    INSERT INTO migration_edge_days (from_channel, to_channel, day, count)
    SELECT from_channel, to_channel, ${day}, SUM(count) FROM migration_edge_hours
    GROUP BY from_channel, to_channel, ${day}`);
  await sequelize.query(`
    INSERT INTO migration_channel_hours (channel, hour, outgoing, incoming)
    SELECT channel, hour, SUM(outgoing), SUM(incoming) FROM (
      SELECT from_channel AS channel, hour, count AS outgoing, 0 AS incoming FROM migration_edge_hours
      UNION ALL SELECT to_channel, hour, 0, count FROM migration_edge_hours
    ) edges GROUP BY channel, hour`);
  await sequelize.query(`
    INSERT INTO migration_channel_days (channel, day, outgoing, incoming)
    SELECT channel, ${day}, SUM(outgoing), SUM(incoming) FROM migration_channel_hours
    GROUP BY channel, ${day}`);
}

/**
 * Rollups for graph queries over millions of migrations (docs/benchmarks.md): pair counts per UTC day
 * with indexes that list a day's (or a channel's day's) busiest pairs first, and per-channel totals per
 * hour and per day. The adapter keeps them in step with the hourly buckets, in the same transaction;
 * existing buckets are rolled up here. Also an index that counts one pair's raw migrations in a range.
 */
export const createGraphRollups: SchemaMigration = {
  name: '0005-create-graph-rollups',
  async up({ context: queryInterface }) {
    await queryInterface.createTable('migration_edge_days', {
      from_channel: { type: DataTypes.STRING(64), primaryKey: true },
      to_channel: { type: DataTypes.STRING(64), primaryKey: true },
      day: { type: DataTypes.DATE(3), primaryKey: true },
      count: { type: DataTypes.INTEGER, allowNull: false },
    });
    await queryInterface.createTable('migration_channel_hours', {
      channel: { type: DataTypes.STRING(64), primaryKey: true },
      hour: { type: DataTypes.DATE(3), primaryKey: true },
      outgoing: { type: DataTypes.INTEGER, allowNull: false },
      incoming: { type: DataTypes.INTEGER, allowNull: false },
    });
    await queryInterface.createTable('migration_channel_days', {
      channel: { type: DataTypes.STRING(64), primaryKey: true },
      day: { type: DataTypes.DATE(3), primaryKey: true },
      outgoing: { type: DataTypes.INTEGER, allowNull: false },
      incoming: { type: DataTypes.INTEGER, allowNull: false },
    });
    await backfillGraphRollups(queryInterface);
    // The busiest pairs of a day, and those above a threshold, straight from the index.
    await queryInterface.addIndex('migration_edge_days', ['day', 'count', 'from_channel', 'to_channel'], {
      name: 'migration_edge_days_top',
    });
    // The same for the pairs leaving, or entering, one channel (the channels filter).
    await queryInterface.addIndex('migration_edge_days', ['from_channel', 'day', 'count', 'to_channel'], {
      name: 'migration_edge_days_from',
    });
    await queryInterface.addIndex('migration_edge_days', ['to_channel', 'day', 'count', 'from_channel'], {
      name: 'migration_edge_days_to',
    });
    // One pair's counts over a range of days or hours, without reading the table rows (covering).
    await queryInterface.addIndex('migration_edge_days', ['from_channel', 'to_channel', 'day', 'count'], {
      name: 'migration_edge_days_pair',
    });
    await queryInterface.addIndex('migration_edge_hours', ['from_channel', 'to_channel', 'hour', 'count'], {
      name: 'migration_edge_hours_pair',
    });
    // totalMigrations: one range scan over all channels' outgoing counts.
    await queryInterface.addIndex('migration_channel_hours', ['hour', 'outgoing'], {
      name: 'migration_channel_hours_hour',
    });
    await queryInterface.addIndex('migration_channel_days', ['day', 'outgoing'], {
      name: 'migration_channel_days_day',
    });
    await queryInterface.addIndex('migrations', ['from_channel', 'to_channel', 'joined_at'], {
      name: 'migrations_pair_joined',
    });
  },
  async down({ context: queryInterface }) {
    await queryInterface.removeIndex('migrations', 'migrations_pair_joined');
    await queryInterface.removeIndex('migration_edge_hours', 'migration_edge_hours_pair');
    await queryInterface.dropTable('migration_channel_days');
    await queryInterface.dropTable('migration_channel_hours');
    await queryInterface.dropTable('migration_edge_days');
  },
};
