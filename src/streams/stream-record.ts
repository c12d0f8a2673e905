/** A stream as the domain sees it: plain data, free of ORM and GraphQL types. */
export interface StreamRecord {
  id: string;
  userId: string;
  userLogin: string;
  userName: string;
  gameId: string | null;
  gameName: string | null;
  title: string | null;
  viewerCount: number;
  language: string | null;
  startedAt: Date | null;
}

export interface SnapshotRecord {
  id: number;
  takenAt: Date;
  streamCount: number;
}
