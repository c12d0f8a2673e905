import { useEffect, useState, type KeyboardEvent } from 'react';
import type { ParamValues } from '../common/url-state';
import {
  fromLocalInput,
  RANGE_LABELS,
  RANGE_PRESETS,
  type RangePreset,
  toLocalInput,
} from '../common/time-range';
import { MAP_LIMIT_MAX, type MAP_PARAMS } from './map-url-state';

type MapParams = ParamValues<typeof MAP_PARAMS>;

/** A whole number typed in full before it counts: written on Enter or when the field is left. */
function CommittedNumber({
  label,
  name,
  value,
  min,
  max,
  onCommit,
}: {
  label: string;
  name: string;
  value: number;
  min: number;
  max: number;
  onCommit: (value: number) => void;
}) {
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);
  const commit = () => {
    const parsed = Number(draft);
    if (/^\d+$/.test(draft.trim()) && parsed >= min && parsed <= max) {
      if (parsed !== value) onCommit(parsed);
    } else setDraft(String(value));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') commit();
    if (event.key === 'Escape') setDraft(String(value));
  };
  return (
    <label>
      {label}
      <input
        type="number"
        name={name}
        inputMode="numeric"
        min={min}
        max={max}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={onKeyDown}
        className="map-number"
      />
    </label>
  );
}

export interface MapToolbarProps {
  params: MapParams;
  update: (patch: Partial<MapParams>, options?: { replace?: boolean }) => void;
  /** Logins on the map, offered as suggestions for the search. */
  channels: readonly string[];
  /** Start the preset range anew at the present moment. */
  onRefresh: () => void;
  refreshing: boolean;
}

export function MapToolbar({ params, update, channels, onRefresh, refreshing }: MapToolbarProps) {
  return (
    <div className="toolbar map-toolbar">
      <label>
        Time range
        <select
          name="range"
          value={params.range}
          onChange={(event) => {
            const range = event.target.value as RangePreset;
            update(range === 'custom' ? { range } : { range, since: undefined, until: undefined });
            onRefresh();
          }}
        >
          {RANGE_PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {RANGE_LABELS[preset]}
            </option>
          ))}
        </select>
      </label>
      {params.range === 'custom' ? (
        <>
          <label>
            From (UTC)
            <input
              type="datetime-local"
              name="since"
              value={toLocalInput(params.since)}
              onChange={(event) => update({ since: fromLocalInput(event.target.value) })}
            />
          </label>
          <label>
            Until (UTC)
            <input
              type="datetime-local"
              name="until"
              value={toLocalInput(params.until)}
              onChange={(event) => update({ until: fromLocalInput(event.target.value) })}
            />
          </label>
        </>
      ) : null}
      <CommittedNumber
        label="Min. migrations per edge"
        name="minCount"
        value={params.minCount}
        min={1}
        max={1_000_000}
        onCommit={(minCount) => update({ minCount })}
      />
      <CommittedNumber
        label={`Max. edges (1–${MAP_LIMIT_MAX})`}
        name="limit"
        value={params.limit}
        min={1}
        max={MAP_LIMIT_MAX}
        onCommit={(limit) => update({ limit })}
      />
      <label>
        Channel
        <input
          type="search"
          name="channel"
          list="map-channels"
          placeholder="login"
          autoComplete="off"
          spellCheck={false}
          value={params.channel}
          onChange={(event) => update({ channel: event.target.value }, { replace: true })}
        />
        <datalist id="map-channels">
          {channels.map((channel) => (
            <option key={channel} value={channel} />
          ))}
        </datalist>
      </label>
      <label className="map-check">
        <input
          type="checkbox"
          name="only"
          checked={params.only}
          disabled={!params.channel.trim() && !params.only}
          onChange={(event) => update({ only: event.target.checked })}
        />
        Only this channel’s edges
      </label>
      <button type="button" onClick={onRefresh} disabled={refreshing}>
        {refreshing ? 'Refreshing…' : 'Refresh'}
      </button>
    </div>
  );
}
