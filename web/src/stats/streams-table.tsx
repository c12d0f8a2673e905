import type { ReactNode } from 'react';
import { formatAgo, formatDateTime, formatInteger } from '../common/format';
import type { StreamRow } from './top-streams.query';
import { ChannelLink } from '../common/channel-link';

/**
 * Streams as rows: channel (to its panel), title, game, viewers, language, start. `rank` adds a first
 * column; `viewersHeader` replaces the viewers header (the top 100 sorts there).
 */
export function StreamsTable({
  streams,
  rowTestId,
  now,
  rank,
  viewersHeader,
  caption,
}: {
  streams: readonly StreamRow[];
  rowTestId: string;
  now: number;
  rank?: (index: number) => number;
  viewersHeader?: ReactNode;
  caption?: ReactNode;
}) {
  return (
    <div className="table-scroll">
      <table className="streams-table">
        {caption ? <caption className="muted">{caption}</caption> : null}
        <thead>
          <tr>
            {rank ? (
              <th scope="col" className="num">
                Rank
              </th>
            ) : null}
            <th scope="col">Channel</th>
            <th scope="col">Title</th>
            <th scope="col">Game</th>
            {viewersHeader ?? (
              <th scope="col" className="num">
                Viewers
              </th>
            )}
            <th scope="col">Language</th>
            <th scope="col">Started</th>
          </tr>
        </thead>
        <tbody>
          {streams.map((stream, index) => (
            <tr key={stream.id} data-testid={rowTestId} data-login={stream.userLogin}>
              {rank ? <td className="num">{rank(index)}</td> : null}
              <td>
                <ChannelLink login={stream.userLogin}>{stream.userName}</ChannelLink>
                {stream.userName.toLowerCase() !== stream.userLogin.toLowerCase() ? (
                  <span className="muted"> ({stream.userLogin})</span>
                ) : null}
              </td>
              <td className="title">{stream.title ?? <span className="muted">—</span>}</td>
              <td>{stream.gameName ?? <span className="muted">—</span>}</td>
              <td className="num" data-value={stream.viewerCount}>
                {formatInteger(stream.viewerCount)}
              </td>
              <td>{stream.language ?? <span className="muted">—</span>}</td>
              <td title={formatDateTime(stream.startedAt)}>{formatAgo(stream.startedAt, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
