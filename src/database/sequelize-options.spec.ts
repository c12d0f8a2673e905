import { describe, expect, it } from '@jest/globals';
import { parseDatabaseUrl } from '../config';
import { createSequelize } from './sequelize-options';

describe('createSequelize on sqlite::memory:', () => {
  it('keeps concurrent transactions apart: each commits its own rows', async () => {
    const sequelize = createSequelize({ ...parseDatabaseUrl('sqlite::memory:'), logging: false });
    try {
      await sequelize.query('CREATE TABLE rows (id INTEGER PRIMARY KEY, writer TEXT NOT NULL)');
      const write = (writer: string) =>
        sequelize.transaction(async (transaction) => {
          for (let i = 0; i < 5; i++) {
            await sequelize.query('INSERT INTO rows (writer) VALUES (?)', {
              replacements: [writer],
              transaction,
            });
          }
        });
      // A snapshot's write and a tracker round's write, as when the two meet right after start-up.
      await Promise.all([write('snapshot'), write('tracker'), write('checkpoint')]);
      const [counts] = await sequelize.query(
        'SELECT writer, COUNT(*) AS n FROM rows GROUP BY writer ORDER BY writer',
      );
      expect(counts).toEqual([
        { writer: 'checkpoint', n: 5 },
        { writer: 'snapshot', n: 5 },
        { writer: 'tracker', n: 5 },
      ]);
    } finally {
      await sequelize.close();
    }
  });
});
