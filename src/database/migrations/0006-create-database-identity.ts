import { randomUUID } from 'node:crypto';
import { DataTypes } from 'sequelize';
import type { SchemaMigration } from '../schema-migration';

/**
 * One row: a random id made when the database is created. Caches shared with other deployments (Redis)
 * key what they hold from this database by it, so a second database, or this one dropped and created
 * again, never reads figures cached from another (a URL cannot tell them apart).
 */
export const createDatabaseIdentity: SchemaMigration = {
  name: '0006-create-database-identity',
  async up({ context: queryInterface }) {
    await queryInterface.createTable('database_identity', {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await queryInterface.bulkInsert('database_identity', [{ id: randomUUID(), created_at: new Date() }]);
  },
  async down({ context: queryInterface }) {
    await queryInterface.dropTable('database_identity');
  },
};
