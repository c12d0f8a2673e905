import type { MigrationFields } from './migration.fragment';

/** How a migration was observed, with a badge when it came with a raid. */
export function MigrationSource({ migration }: { migration: Pick<MigrationFields, 'source' | 'viaRaid'> }) {
  return (
    <>
      {migration.source.toLowerCase()}
      {migration.viaRaid ? (
        <>
          {' '}
          <span className="badge">raid</span>
        </>
      ) : null}
    </>
  );
}
