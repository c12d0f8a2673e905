import { useEffect, useState, type KeyboardEvent } from 'react';
import type { ParamValues } from '../common/url-state';
import { RangeControls } from '../common/range-controls';
import type { TimeRange } from '../common/time-range';
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
  /** The range the map shows: a switch to "Custom" starts from it. */
  shown: TimeRange | undefined;
}

export function MapToolbar({ params, update, channels, onRefresh, refreshing, shown }: MapToolbarProps) {
  return (
    <div className="toolbar map-toolbar">
      <RangeControls
        range={params.range}
        since={params.since}
        until={params.until}
        shown={shown}
        onChange={(patch, options) => {
          update(patch, options);
          // A new preset ends now, not when the map was first opened.
          if (patch.range) onRefresh();
        }}
      />
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
