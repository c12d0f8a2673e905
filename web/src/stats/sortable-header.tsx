import { ariaSort, type SortState } from './sort-rows';

/** A column header that sorts its table: a button in the `<th>`, which carries `aria-sort`. */
export function SortableHeader<K extends string>({
  column,
  label,
  sort,
  onSort,
  numeric = false,
}: {
  column: K;
  label: string;
  sort: SortState<K>;
  onSort: (column: K) => void;
  numeric?: boolean;
}) {
  const state = ariaSort(sort, column);
  const arrow = state === 'ascending' ? '▲' : state === 'descending' ? '▼' : '↕';
  return (
    <th scope="col" aria-sort={state} className={numeric ? 'num' : undefined}>
      <button type="button" onClick={() => onSort(column)} data-testid={`sort-${column}`}>
        {label} <span aria-hidden="true">{arrow}</span>
      </button>
    </th>
  );
}
