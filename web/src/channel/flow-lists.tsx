import { useQuery } from '@apollo/client/react';
import { formatInteger, formatShare } from '../common/format';
import { EmptyState, ErrorState, Loading } from '../common/query-state';
import { CHANNEL_FLOWS, type FlowEdge } from './channel-flows.query';
import type { TimeRange } from '../common/time-range';
import { ChannelLink } from '../common/channel-link';

/** At most this many channels in each list. */
export const FLOWS_LIMIT = 20;

interface Props {
  channel: string;
  range: TimeRange;
  /** The query string links to other channels keep (the range). */
  linkSearch: string;
}

/** Where the channel's viewers came from and went to, as two ranked bar lists. */
export function FlowLists({ channel, range, linkSearch }: Props) {
  const { data, error, loading, refetch } = useQuery(CHANNEL_FLOWS, {
    variables: { channel, since: range.since, until: range.until, limit: FLOWS_LIMIT },
  });
  if (error)
    return (
      <div className="flows">
        <ErrorState error={error} retry={() => void refetch().catch(() => undefined)} />
      </div>
    );
  if (!data) return loading ? <Loading what="the flows" /> : null;
  const { incoming, outgoing } = data.channelFlows;
  // The range of the data shown, for tests comparing the page with the API.
  const shown = { 'data-testid': 'flows', 'data-since': range.since, 'data-until': range.until };
  if (incoming.length === 0 && outgoing.length === 0)
    return (
      <div className="flows" {...shown}>
        <EmptyState>
          No migrations out of or into {channel} in this range. Migrations become final a few minutes after
          they happen; try a longer range.
        </EmptyState>
      </div>
    );
  return (
    <div className="grid flows" {...shown}>
      <FlowList
        title="Came from"
        edges={incoming}
        direction="in"
        linkSearch={linkSearch}
        empty={`Nobody came to ${channel} from another tracked channel in this range.`}
      />
      <FlowList
        title="Left to"
        edges={outgoing}
        direction="out"
        linkSearch={linkSearch}
        empty={`Nobody left ${channel} for another tracked channel in this range.`}
      />
    </div>
  );
}

function FlowList({
  title,
  edges,
  direction,
  linkSearch,
  empty,
}: {
  title: string;
  edges: FlowEdge[];
  direction: 'in' | 'out';
  linkSearch: string;
  empty: string;
}) {
  const max = Math.max(1, ...edges.map((edge) => edge.count));
  return (
    <div className="panel">
      <h2>{title}</h2>
      {edges.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ol className="bars">
          {edges.map((edge) => {
            const other = direction === 'in' ? edge.from : edge.to;
            const share = direction === 'in' ? edge.shareOfTargetJoiners : edge.shareOfSourceLeavers;
            return (
              <li key={other} data-testid={`flow-${direction}`} data-channel={other} data-count={edge.count}>
                <ChannelLink login={other} search={linkSearch} />
                <span className="bar" aria-hidden="true">
                  <span style={{ width: `${(edge.count / max) * 100}%` }} />
                </span>
                <span className="num">{formatInteger(edge.count)}</span>
                <span
                  className="num muted"
                  title={direction === 'in' ? 'Share of everyone who joined' : 'Share of everyone who left'}
                >
                  {formatShare(share)}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
