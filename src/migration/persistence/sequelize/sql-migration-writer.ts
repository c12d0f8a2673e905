import { Logger } from '@nestjs/common';
import { Op, type Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { chunks } from '../../../database/statement-chunks';
import { groupByEdgeHour, naturalKey, uniqueByNaturalKey } from '../../migration-batch';
import type { MigrationRecord, NewMigrationRecord } from '../../migration-record';
import { incrementBucketsSql } from './edge-sql';
import { MigrationEntity } from './entities/migration.entity';
import { toMigrationRecord } from './migration-row.mapper';
import { incrementRollupSql, rollupIncrements } from './rollups';

/**
 * Writes a tracker round: the raw rows, their hourly buckets and the daily rollups in one transaction, so a
 * bucket never counts a migration that is not stored.
 */
export class SqlMigrationWriter {
  private readonly logger = new Logger(SqlMigrationWriter.name);

  constructor(
    private readonly sequelize: Sequelize,
    private readonly migrations: typeof MigrationEntity,
  ) {}

  /** MigrationRepository.saveBatch: idempotent on the natural key, returns what it stored in input order. */
  async saveBatch(batch: readonly NewMigrationRecord[]): Promise<MigrationRecord[]> {
    const unique = uniqueByNaturalKey(batch);
    if (unique.length === 0) return [];
    return this.sequelize.transaction(async (transaction) => {
      const stored = new Set((await this.findByNaturalKeys(unique, transaction)).map(naturalKey));
      const fresh = unique.filter((m) => !stored.has(naturalKey(m)));
      if (fresh.length < batch.length) {
        this.logger.debug(`Skipped ${batch.length - fresh.length} migrations already stored or repeated`);
      }
      if (fresh.length === 0) return [];
      for (const chunk of chunks(fresh)) {
        await this.migrations.bulkCreate(
          chunk.map((m) => ({ ...m })),
          { transaction, validate: false },
        );
      }
      const dialect = this.sequelize.getDialect();
      for (const chunk of chunks(groupByEdgeHour(fresh))) {
        const { sql, replacements } = incrementBucketsSql(dialect, chunk);
        await this.sequelize.query(sql, { replacements, transaction });
      }
      for (const [rollup, rows] of rollupIncrements(fresh)) {
        for (const chunk of chunks(rows)) {
          const { sql, replacements } = incrementRollupSql(dialect, rollup, chunk);
          await this.sequelize.query(sql, { replacements, transaction });
        }
      }
      return this.readBack(fresh, transaction);
    });
  }

  /**
   * The rows just inserted, with their ids, in input order. Read back by natural key rather than trusting
   * the driver's ids: MySQL/MariaDB report only the first id of a multi-row INSERT (the rest depend on
   * `innodb_autoinc_lock_mode` and `auto_increment_increment`). The keys were absent before the insert
   * and are unique, so each one finds exactly the row this transaction wrote.
   */
  private async readBack(
    fresh: readonly NewMigrationRecord[],
    transaction: Transaction,
  ): Promise<MigrationRecord[]> {
    const byKey = new Map<string, MigrationEntity>();
    for (const row of await this.findByNaturalKeys(fresh, transaction, true)) byKey.set(naturalKey(row), row);
    return fresh.map((m) => {
      const row = byKey.get(naturalKey(m));
      if (!row) throw new Error(`Migration ${naturalKey(m).replaceAll('\n', ' ')} not found after insert`);
      return toMigrationRecord(row);
    });
  }

  /**
   * Stored rows sharing a user and the joinedAt span with the batch (looked up through the natural-key
   * index): a superset of the batch's stored natural keys. Only the key columns unless `wholeRows`.
   */
  private async findByNaturalKeys(
    batch: readonly NewMigrationRecord[],
    transaction: Transaction,
    wholeRows = false,
  ): Promise<MigrationEntity[]> {
    const times = batch.map((m) => m.joinedAt.getTime());
    // reduce, not Math.min(...times): a large round would overflow the argument list.
    const joinedAt = {
      [Op.gte]: new Date(times.reduce((a, b) => Math.min(a, b))),
      [Op.lte]: new Date(times.reduce((a, b) => Math.max(a, b))),
    };
    const rows: MigrationEntity[] = [];
    for (const logins of chunks([...new Set(batch.map((m) => m.userLogin))])) {
      const found = await this.migrations.findAll({
        attributes: wholeRows ? undefined : ['userLogin', 'fromChannel', 'toChannel', 'joinedAt'],
        where: { userLogin: { [Op.in]: logins }, joinedAt },
        transaction,
      });
      for (const row of found) rows.push(row);
    }
    return rows;
  }
}
