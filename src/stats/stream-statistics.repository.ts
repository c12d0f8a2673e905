import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/sequelize';
import { Sequelize } from 'sequelize-typescript';
import { computeStreamStatisticsSql } from './sql-stream-statistics';
import type { SelectedStreamStatistics, StatisticsSelection } from './stream-statistics';

/** The DATABASE source: statistics of a stored snapshot computed by the SQL database itself. */
@Injectable()
export class StreamStatisticsRepository {
  constructor(@InjectConnection() private readonly sequelize: Sequelize) {}

  /** The selected parts of the statistics of a stored snapshot, computed by SQL on every call. */
  statisticsOf(snapshotId: number, selection: StatisticsSelection): Promise<SelectedStreamStatistics> {
    return computeStreamStatisticsSql(this.sequelize, snapshotId, selection);
  }
}
