import {
  fromLocalInput,
  RANGE_LABELS,
  RANGE_PRESETS,
  type RangePreset,
  type TimeRange,
  toLocalInput,
} from './time-range';

export interface RangePatch {
  range?: RangePreset;
  since?: string;
  until?: string;
}

interface RangeControlsProps {
  range: RangePreset;
  since: string | undefined;
  until: string | undefined;
  /** The range on screen: a switch to "Custom" starts from it. */
  shown: TimeRange | undefined;
  /** `replace`: typing a date changes the URL without a history entry per keystroke. */
  onChange: (patch: RangePatch, options?: { replace?: boolean }) => void;
}

/** The time range of the map and the channel panel: a preset, or custom ends in UTC. */
export function RangeControls({ range, since, until, shown, onChange }: RangeControlsProps) {
  return (
    <>
      <label>
        Time range
        <select
          name="range"
          value={range}
          onChange={(event) => {
            const next = event.target.value as RangePreset;
            // A preset needs no dates in the link; a custom range starts as the one shown.
            onChange(
              next === 'custom'
                ? { range: next, ...shown }
                : { range: next, since: undefined, until: undefined },
            );
          }}
        >
          {RANGE_PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {RANGE_LABELS[preset]}
            </option>
          ))}
        </select>
      </label>
      {range === 'custom' ? (
        <>
          <label>
            From (UTC)
            <input
              type="datetime-local"
              name="since"
              value={toLocalInput(since)}
              onChange={(event) => onChange({ since: fromLocalInput(event.target.value) }, { replace: true })}
            />
          </label>
          <label>
            Until (UTC)
            <input
              type="datetime-local"
              name="until"
              value={toLocalInput(until)}
              onChange={(event) => onChange({ until: fromLocalInput(event.target.value) }, { replace: true })}
            />
          </label>
        </>
      ) : null}
    </>
  );
}
