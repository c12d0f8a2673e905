import { SeededRandom } from './seeded-random';

/** Random faults on Helix calls. */
export interface FaultSettings {
  /** Share of Helix requests answered 500 or 503. */
  errorRate: number;
  /** Added before every Helix and OAuth response. */
  latencyMs: number;
  /** Share of Helix requests whose connection is destroyed without a response. */
  dropRate: number;
}

export type ScriptedStatus = 429 | 500 | 503;
export const SCRIPTED_STATUSES: readonly ScriptedStatus[] = [429, 500, 503];

/** "Fail the next `count` Helix requests (under `pathPrefix`) with `status`, after letting `skip` through." */
export interface ScriptedFault {
  count: number;
  status: ScriptedStatus;
  /** Helix path such as `/streams`, with or without the `/mock` prefix; all Helix paths when absent. */
  pathPrefix?: string;
  skip?: number;
}

export type FaultDecision = { kind: 'drop' } | { kind: 'status'; status: number } | undefined;

const NO_FAULTS: FaultSettings = { errorRate: 0, latencyMs: 0, dropRate: 0 };

export class FaultInjector {
  private current: FaultSettings;
  private readonly scripted: Required<ScriptedFault>[] = [];

  constructor(
    private readonly random: SeededRandom,
    settings: Partial<FaultSettings> = {},
  ) {
    this.current = { ...NO_FAULTS };
    this.set(settings);
  }

  get settings(): FaultSettings {
    return { ...this.current };
  }

  get pending(): readonly ScriptedFault[] {
    return this.scripted.map((fault) => ({ ...fault }));
  }

  /** Absent (or undefined) fields keep their value. */
  set(settings: Partial<FaultSettings>): void {
    const {
      errorRate = this.current.errorRate,
      latencyMs = this.current.latencyMs,
      dropRate = this.current.dropRate,
    } = settings;
    this.current = FaultInjector.validate({ errorRate, latencyMs, dropRate });
  }

  failNext(fault: ScriptedFault): void {
    const { count, status, skip = 0 } = fault;
    if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
    if (!SCRIPTED_STATUSES.includes(status)) {
      throw new RangeError(`status must be one of ${SCRIPTED_STATUSES.join(', ')}`);
    }
    if (!Number.isInteger(skip) || skip < 0) throw new RangeError('skip must be a non-negative integer');
    const path = `/${fault.pathPrefix ?? ''}`.replace(/^\/+/, '/');
    this.scripted.push({ count, status, pathPrefix: path.replace(/^\/mock(?=\/|$)/, '') || '/', skip });
  }

  clear(): void {
    this.current = { ...NO_FAULTS };
    this.scripted.length = 0;
  }

  /**
   * Decides the fate of one Helix request (`helixPath` without `/mock`). Scripted faults come first, in
   * the order they were added; a rule still skipping counts the request and lets it through.
   */
  decide(helixPath: string): FaultDecision {
    for (let i = 0; i < this.scripted.length; i++) {
      const fault = this.scripted[i];
      if (!helixPath.startsWith(fault.pathPrefix)) continue;
      if (fault.skip > 0) {
        fault.skip--;
        continue;
      }
      if (--fault.count === 0) this.scripted.splice(i, 1);
      return { kind: 'status', status: fault.status };
    }
    const { dropRate, errorRate } = this.current;
    if (dropRate > 0 && this.random.chance(dropRate)) return { kind: 'drop' };
    if (errorRate > 0 && this.random.chance(errorRate)) {
      return { kind: 'status', status: this.random.chance(0.5) ? 500 : 503 };
    }
    return undefined;
  }

  private static validate(settings: FaultSettings): FaultSettings {
    const { errorRate, latencyMs, dropRate } = settings;
    if (!(errorRate >= 0 && errorRate <= 1)) throw new RangeError('errorRate must be between 0 and 1');
    if (!(dropRate >= 0 && dropRate <= 1)) throw new RangeError('dropRate must be between 0 and 1');
    if (!(latencyMs >= 0 && Number.isFinite(latencyMs))) {
      throw new RangeError('latencyMs must be a non-negative number');
    }
    return { errorRate, latencyMs, dropRate };
  }
}
