import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/sequelize';
import { Sequelize } from 'sequelize-typescript';
import { computeStreamStatisticsSql } from './sql-stream-statistics';
import type { StreamStatistics } from './stream-statistics';

/** The DATABASE source: statistics of a stored snapshot computed by the SQL database itself. */
@Injectable()
export class StreamStatisticsRepository {
  constructor(@InjectConnection() private readonly sequelize: Sequelize) {}

  statisticsOf(snapshotId: number): Promise<StreamStatistics> {
    return computeStreamStatisticsSql(this.sequelize, snapshotId);
  }
}
