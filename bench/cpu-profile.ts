/** What a V8 `.cpuprofile` (written by `node --cpu-prof`) holds that the summary reads. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  name: string;
  /** Share of the window's busy samples (idle left out), 0–1. */
  share: number;
}

export interface ProfileSummary {
  busySamples: number;
  /** Self time by function, largest first. */
  functions: ProfileShare[];
  /** Self time by where the code lives: an npm package, Node's own code, the service, V8. */
  places: ProfileShare[];
  /** Time inside each of `watched` (inclusive: its callees count), by its name. */
  inclusive: ProfileShare[];
}

/** The npm package, Node's internals, the service's code or V8's pseudo-frames a frame belongs to. */
export function placeOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + '/node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (url.startsWith('node:')) return 'node (internals)';
  return '(service code)';
}

/**
 * Self and inclusive time of the samples taken in the profile's last `windowMs` (the load, not the start-up
 * before it). `watched` names functions whose inclusive time is wanted (e.g. `validate`).
 */
export function summarizeProfile(
  profile: CpuProfile,
  windowMs: number,
  watched: readonly string[] = [],
): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const from = profile.endTime - windowMs * 1000;
  const self = new Map<string, number>();
  const places = new Map<string, number>();
  const inside = new Map<string, number>();
  let time = profile.startTime;
  let busy = 0;
  profile.samples.forEach((id, index) => {
    time += profile.timeDeltas[index];
    const node = byId.get(id);
    if (time < from || !node || node.callFrame.functionName === '(idle)') return;
    busy += 1;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*\/dist\//, '');
    const name = `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
    self.set(name, (self.get(name) ?? 0) + 1);
    const place = placeOf(url, functionName);
    places.set(place, (places.get(place) ?? 0) + 1);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at)!.callFrame.functionName;
      if (watched.includes(frame) && !seen.has(frame)) {
        seen.add(frame);
        inside.set(frame, (inside.get(frame) ?? 0) + 1);
      }
    }
  });
  const shares = (counts: Map<string, number>) =>
    [...counts]
      .map(([name, count]) => ({ name, share: count / Math.max(1, busy) }))
      .sort((a, b) => b.share - a.share);
  return { busySamples: busy, functions: shares(self), places: shares(places), inclusive: shares(inside) };
}
