import { Fragment } from 'react';
import { Link } from 'react-router-dom';
import { formatInteger } from '../common/format';
import { EmptyState } from '../common/query-state';
import type { ViewerCountGroupRow } from './stream-stats.query';
import { ChannelLink } from '../common/channel-link';

/** Viewer counts that several streams share, largest groups first, with the channels sharing each. */
export function DuplicateGroupsTable({ groups }: { groups: readonly ViewerCountGroupRow[] }) {
  if (groups.length === 0)
    return <EmptyState>No two streams of the snapshot share a viewer count.</EmptyState>;
  return (
    <div className="table-scroll tall">
      <table data-testid="groups-table">
        <thead>
          <tr>
            <th scope="col" className="num">
              Viewers
            </th>
            <th scope="col" className="num">
              Streams
            </th>
            <th scope="col">Channels</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={group.viewerCount} data-testid="group-row" data-viewer-count={group.viewerCount}>
              <td className="num">
                <Link to={`/streams?viewerCount=${group.viewerCount}`}>
                  {formatInteger(group.viewerCount)}
                </Link>
              </td>
              <td className="num">{formatInteger(group.streams.length)}</td>
              <td className="logins">
                {group.streams.map((stream, index) => (
                  <Fragment key={stream.id}>
                    {index > 0 ? ', ' : null}
                    <ChannelLink login={stream.userLogin} />
                  </Fragment>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
