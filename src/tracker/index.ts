export { BotFilter, DEFAULT_BOT_LOGINS } from './bot-filter';
export type { BotFilterOptions, BotQuery, PresenceCounter } from './bot-filter';
export { MigrationDetector } from './migration-detector';
export type { DetectorStats, Migration, MigrationDetectorOptions } from './migration-detector';
export { ActivityPresence, PresenceDiffer, presenceEventsFromActivity } from './presence-differ';
export type { ActivityPresenceOptions, PresenceDifferOptions, SnapshotOptions } from './presence-differ';
export type { PresenceEvent, PresenceSource, SnapshotDiff } from './presence-event';
export { UserInterner } from './user-interner';
