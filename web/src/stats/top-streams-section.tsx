import { useQuery } from '@apollo/client/react';
import { Loading } from '../common/query-state';
import { QueryFailure } from './query-failure';
import { StreamsTable } from './streams-table';
import { type SortOrder, TOP_STREAMS } from './top-streams.query';

const TOP_LIMIT = 100;

/** The 100 most watched streams; the viewers header asks the API for the other order. */
export function TopStreamsSection({
  order,
  onOrder,
  now,
}: {
  order: SortOrder;
  onOrder: (order: SortOrder) => void;
  now: number;
}) {
  const { data, error, refetch } = useQuery(TOP_STREAMS, { variables: { limit: TOP_LIMIT, order } });
  const streams = data?.topStreams;
  const viewersHeader = (
    <th scope="col" className="num" aria-sort={order === 'DESC' ? 'descending' : 'ascending'}>
      <button
        type="button"
        data-testid="top-sort-viewers"
        onClick={() => onOrder(order === 'DESC' ? 'ASC' : 'DESC')}
        aria-label={`Viewers, ${order === 'DESC' ? 'most' : 'fewest'} first; switch order`}
      >
        Viewers <span aria-hidden="true">{order === 'DESC' ? '▼' : '▲'}</span>
      </button>
    </th>
  );
  let body;
  if (streams) {
    body = (
      <StreamsTable
        streams={streams}
        rowTestId="top-row"
        now={now}
        rank={(index) => (order === 'DESC' ? index + 1 : streams.length - index)}
        viewersHeader={viewersHeader}
        caption={
          order === 'DESC'
            ? 'The most watched first; rank is by viewers.'
            : `The same ${streams.length} streams, the least watched of them first.`
        }
      />
    );
  } else if (error) body = <QueryFailure error={error} retry={() => void refetch()} />;
  else body = <Loading what="the top 100 streams" />;
  return (
    <section aria-labelledby="top-heading">
      <h2 id="top-heading">Top 100 streams</h2>
      {error && streams ? <QueryFailure error={error} retry={() => void refetch()} /> : null}
      {body}
    </section>
  );
}
