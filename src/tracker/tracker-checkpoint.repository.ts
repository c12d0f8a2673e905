import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/sequelize';
import { QueryTypes, type Transaction } from 'sequelize';
import { Sequelize } from 'sequelize-typescript';
import type {
  ChannelCheckpoint,
  EngineCheckpoint,
  EngineCheckpointDelta,
  EngineMetaCheckpoint,
  PendingUserCheckpoint,
} from './engine-checkpoint';

const META_ROW = 1;
/** Rows per statement, and their bytes: under every dialect's parameter limit and MariaDB's 16 MB packets. */
const MAX_ROWS = 500;
const MAX_BYTES = 4 * 2 ** 20;

type Row = [key: string, ...values: string[]];

/**
 * How values reach a statement. Inline (escaped into the SQL text) for the many small user rows: Sequelize's
 * bound parameters cost ~6 µs each on SQLite, 3-5× the inline cost for 25,000 rows. Bound for channel
 * lists: escaping megabytes into the text costs twice what binding them does.
 */
type Values = 'inline' | 'bound';

/** JSON has no infinities: a watermark not set yet (−∞) is stored as null. */
function metaToJson(meta: EngineMetaCheckpoint): string {
  return JSON.stringify({ ...meta, watermark: Number.isFinite(meta.watermark) ? meta.watermark : null });
}

function metaFromJson(json: string): EngineMetaCheckpoint {
  const meta = JSON.parse(json) as Omit<EngineMetaCheckpoint, 'watermark'> & { watermark: number | null };
  // Checkpoints written before membershipUsed existed say nothing of it: the first membership event tells.
  return {
    ...meta,
    watermark: meta.watermark ?? Number.NEGATIVE_INFINITY,
    membershipUsed: meta.membershipUsed ?? false,
  };
}

/**
 * A channel's presence as one line per login (logins are [a-z0-9_]): a tenth of the time JSON takes for a
 * list of a thousand, which every round rewrites for every channel. Chat presence adds `\t<until>`.
 */
function membersText(presence: ChannelCheckpoint): string {
  if (presence.kind === 'list') return presence.logins.join('\n');
  return presence.members.map(([login, until]) => (until === null ? login : `${login}\t${until}`)).join('\n');
}

function channelFromRow(kind: string, members: string): ChannelCheckpoint {
  const lines = members === '' ? [] : members.split('\n');
  if (kind === 'list') return { kind, logins: lines };
  return {
    kind: 'events',
    members: lines.map((line) => {
      const [login, until] = line.split('\t');
      return [login, until === undefined ? null : Number(until)];
    }),
  };
}

/** Slices of rows small enough for one statement, made as they are written (a round's lists weigh 15 MB). */
function* statements(rows: Iterable<Row>): Generator<Row[]> {
  let chunk: Row[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = row.reduce((sum, value) => sum + value.length, 0);
    if (chunk.length > 0 && (chunk.length >= MAX_ROWS || bytes + size > MAX_BYTES)) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(row);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * The tracker's checkpoint, always in the SQL store (beside the pins, whatever stores migrations): one
 * transaction per round applies what changed, so the stored state is always that of a completed round.
 * Plain SQL: a round rewrites every monitored channel's list, 15 MB at a thousand channels of a thousand
 * viewers, plus tens of thousands of users, and model instances cost more than the writing itself.
 * One tracker per database: two would overwrite each other's rows.
 */
@Injectable()
export class TrackerCheckpointRepository {
  constructor(@InjectConnection() private readonly sequelize: Sequelize) {}

  async save(delta: EngineCheckpointDelta, savedAt: Date): Promise<void> {
    const users = rowsOf(delta.users, (state) => [JSON.stringify(state)]);
    const channels = rowsOf(delta.channels, (state) => [state.kind, membersText(state)]);
    const meta: Row = [String(META_ROW), String(savedAt.getTime()), metaToJson(delta.meta)];
    await this.sequelize.transaction(async (transaction) => {
      const upsert = (table: string, columns: string[], rows: Iterable<Row>, values: Values) =>
        this.upsert(table, columns, rows, values, transaction);
      const remove = (table: string, key: string, ids: string[]) => this.remove(table, key, ids, transaction);
      await upsert('tracker_checkpoint_users', ['login', 'state'], users.upserts, 'inline');
      await remove('tracker_checkpoint_users', 'login', users.deletes);
      await upsert('tracker_checkpoint_channels', ['channel', 'kind', 'members'], channels.upserts, 'bound');
      await remove('tracker_checkpoint_channels', 'channel', channels.deletes);
      await upsert('tracker_checkpoint', ['id', 'saved_at', 'meta'], [meta], 'bound');
    });
  }

  /** The whole checkpoint; null when none was ever saved. */
  async load(): Promise<EngineCheckpoint | null> {
    const select = <T extends object>(sql: string) =>
      this.sequelize.query<T>(sql, { type: QueryTypes.SELECT });
    const [meta] = await select<{ saved_at: number | string; meta: string }>(
      `SELECT saved_at, meta FROM tracker_checkpoint WHERE id = ${META_ROW}`,
    );
    if (!meta) return null;
    const [users, channels] = await Promise.all([
      select<{ login: string; state: string }>('SELECT login, state FROM tracker_checkpoint_users'),
      select<{ channel: string; kind: string; members: string }>(
        'SELECT channel, kind, members FROM tracker_checkpoint_channels',
      ),
    ]);
    return {
      users: new Map(users.map((row) => [row.login, JSON.parse(row.state) as PendingUserCheckpoint])),
      channels: new Map(channels.map((row) => [row.channel, channelFromRow(row.kind, row.members)])),
      meta: metaFromJson(meta.meta),
      // BIGINT comes back as a string on PostgreSQL.
      savedAt: Number(meta.saved_at),
    };
  }

  private async upsert(
    table: string,
    columns: string[],
    rows: Iterable<Row>,
    values: Values,
    transaction: Transaction,
  ): Promise<void> {
    const [key, ...updated] = columns;
    const dialect = this.sequelize.getDialect();
    const update =
      dialect === 'mysql' || dialect === 'mariadb'
        ? `ON DUPLICATE KEY UPDATE ${updated.map((column) => `${column} = VALUES(${column})`).join(', ')}`
        : `ON CONFLICT (${key}) DO UPDATE SET ${updated.map((column) => `${column} = excluded.${column}`).join(', ')}`;
    for (const chunk of statements(rows)) {
      let bound = 0;
      const placeholder = () => (values === 'bound' ? `$${++bound}` : '?');
      const tuples = chunk.map((row) => `(${row.map(placeholder).join(', ')})`).join(', ');
      await this.sequelize.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples} ${update}`, {
        ...(values === 'bound' ? { bind: chunk.flat() } : { replacements: chunk.flat() }),
        transaction,
      });
    }
  }

  private async remove(table: string, key: string, ids: string[], transaction: Transaction): Promise<void> {
    for (const chunk of statements(ids.map((id): Row => [id]))) {
      await this.sequelize.query(`DELETE FROM ${table} WHERE ${key} IN (:ids)`, {
        replacements: { ids: chunk.flat() },
        transaction,
      });
    }
  }
}

/** A delta's rows to write (key first, made when iterated) and keys to delete. */
function rowsOf<T>(
  changes: ReadonlyMap<string, T | null>,
  values: (state: T) => string[],
): { upserts: Iterable<Row>; deletes: string[] } {
  const deletes = [...changes].filter(([, state]) => state === null).map(([key]) => key);
  function* upserts(): Generator<Row> {
    for (const [key, state] of changes) if (state !== null) yield [key, ...values(state)];
  }
  return { upserts: upserts(), deletes };
}
