import { dateParam, enumParam, intParam, type ParamSpec, stringParam } from '../common/url-state';
import { RANGE_PRESETS } from '../common/time-range';

/** A checkbox in the URL: "1" when on, left out when off. */
export function flagParam(): ParamSpec<boolean> {
  return {
    parse: (raw) => raw === '1',
    format: (value) => (value ? '1' : null),
  };
}

export const MAP_LIMIT_MAX = 1000;

/** The map's state in its URL: /map?range=1h&minCount=2&limit=500&channel=foo&only=1 */
export const MAP_PARAMS = {
  range: enumParam(RANGE_PRESETS, '24h'),
  since: dateParam(),
  until: dateParam(),
  minCount: intParam(1, 1, 1_000_000),
  limit: intParam(200, 1, MAP_LIMIT_MAX),
  /** The channel searched for (highlighted and zoomed to when on the map). */
  channel: stringParam(),
  /** Only the searched channel's edges (the query's `channels: [channel]`). */
  only: flagParam(),
};
