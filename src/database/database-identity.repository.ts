import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/sequelize';
import { QueryTypes } from 'sequelize';
import { Sequelize } from 'sequelize-typescript';

/**
 * The random id this database was given when it was created (migration 0006). Read once at start, after
 * the schema migrations; the row never changes, so a process keeps it for its lifetime.
 */
@Injectable()
export class DatabaseIdentityRepository {
  private id: string | null = null;

  constructor(@InjectConnection() private readonly sequelize: Sequelize) {}

  async load(): Promise<string> {
    const rows = await this.sequelize.query<{ id: string }>('SELECT id FROM database_identity', {
      type: QueryTypes.SELECT,
    });
    if (rows.length !== 1) {
      throw new Error(`database_identity holds ${rows.length} rows instead of one`);
    }
    this.id = rows[0].id;
    return this.id;
  }

  /** @throws before `load` (start-up reads it before any request is served). */
  get current(): string {
    if (this.id === null) throw new Error('The database identity has not been read yet');
    return this.id;
  }
}
