import Graph from 'graphology';
import forceAtlas2, { type ForceAtlas2Settings } from 'graphology-layout-forceatlas2';
import type { MigrationGraphEdge, MigrationGraphNode, MigrationGraphResult } from './migration-graph.query';

/* ---------- Colours ---------- */

/** Distinct on light and dark backgrounds; a game's slot comes from a hash of its name. */
export const GAME_PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#17becf',
  '#e377c2',
  '#bcbd22',
  '#393b79',
  '#00a087',
  '#d4a017',
  '#843c39',
] as const;
/** Channels that are not in the latest top-streams snapshot. */
export const NOT_IN_SNAPSHOT_COLOR = '#9ca3af';
/** Channels in the snapshot whose stream names no game. */
export const NO_GAME_COLOR = '#64748b';
/** Games beyond the legend's: one colour, so that no colour of the legend means two games. */
export const OTHER_GAMES_COLOR = '#c4a484';

/** FNV-1a, 32 bits: a stable number for a string. */
export function hashString(value: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < value.length; index++) {
    hash ^= value.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A game's colour on its own: the palette slot its name hashes to. */
export function gameColor(gameName: string): string {
  return GAME_PALETTE[hashString(gameName) % GAME_PALETTE.length];
}

/**
 * Colours for games, the most prominent first: each takes its hashed slot, or the next free one when a
 * more prominent game has it, so the games of the legend never share a colour (while there are slots).
 * Games beyond the palette's size keep their hashed slot.
 */
export function assignGameColors(rankedGames: readonly string[]): Map<string, string> {
  const colors = new Map<string, string>();
  const taken = new Set<number>();
  for (const game of rankedGames) {
    if (colors.has(game)) continue;
    let slot = hashString(game) % GAME_PALETTE.length;
    if (taken.size < GAME_PALETTE.length) {
      while (taken.has(slot)) slot = (slot + 1) % GAME_PALETTE.length;
      taken.add(slot);
    }
    colors.set(game, GAME_PALETTE[slot]);
  }
  return colors;
}

/** The game a node is coloured by: null when the channel is not in the snapshot, '' when its stream names none. */
export function nodeGame(node: Pick<MigrationGraphNode, 'stream'>): string | null {
  if (!node.stream) return null;
  return node.stream.gameName ?? '';
}

/* ---------- Sizes ---------- */

export const NODE_SIZE = { min: 3, max: 20 } as const;
export const EDGE_SIZE = { min: 0.8, max: 7 } as const;

/** Node radius by flow (incoming + outgoing): square-root scaled, so area follows flow, within bounds. */
export function nodeSize(flow: number, maxFlow: number): number {
  if (maxFlow <= 0 || flow <= 0) return NODE_SIZE.min;
  const ratio = Math.sqrt(Math.min(flow, maxFlow) / maxFlow);
  return NODE_SIZE.min + (NODE_SIZE.max - NODE_SIZE.min) * ratio;
}

/** Edge width by count: square-root scaled within bounds. */
export function edgeSize(count: number, maxCount: number): number {
  if (maxCount <= 0 || count <= 0) return EDGE_SIZE.min;
  const ratio = Math.sqrt(Math.min(count, maxCount) / maxCount);
  return EDGE_SIZE.min + (EDGE_SIZE.max - EDGE_SIZE.min) * ratio;
}

/* ---------- Graph ---------- */

export interface MapNodeAttributes {
  label: string;
  size: number;
  color: string;
  x: number;
  y: number;
  incoming: number;
  outgoing: number;
  /** null: not in the latest snapshot; '': in it, without a game. */
  game: string | null;
  viewers: number | null;
  displayName: string | null;
}

export interface MapEdgeAttributes {
  size: number;
  color: string;
  /** Sigma v4 draws the arrow named by the edge's `head` style: the map declares an "arrow" extremity. */
  head: 'arrow';
  count: number;
  shareOfSourceLeavers: number | null;
  shareOfTargetJoiners: number | null;
}

export type MapGraph = Graph<MapNodeAttributes, MapEdgeAttributes>;

export interface LegendEntry {
  label: string;
  color: string;
  /** Channels of the map in this entry. */
  channels: number;
}

export interface MapModel {
  graph: MapGraph;
  /** The top games by flow, then other games, channels without a game, channels out of the snapshot. */
  legend: LegendEntry[];
}

/** Games with a colour of their own (the most prominent by flow); at most the palette's size. */
export const LEGEND_GAMES = 10;

/**
 * A deterministic starting point for a channel: a point of the disc of radius `radius` picked by hashes of
 * its login, so the same data lays out the same way whatever order it comes in.
 */
export function initialPosition(login: string, radius: number): { x: number; y: number } {
  const angle = ((hashString(login) % 3600) / 3600) * 2 * Math.PI;
  const distance = radius * Math.sqrt((hashString(`r:${login}`) % 1000) / 1000 + 0.001);
  return { x: distance * Math.cos(angle), y: distance * Math.sin(angle) };
}

/** The edge's key in the graph, from and to being logins (which cannot contain '>'). */
export function edgeKey(edge: Pick<MigrationGraphEdge, 'from' | 'to'>): string {
  return `${edge.from}>${edge.to}`;
}

/** Hex colour with an alpha byte. */
function withAlpha(color: string, alpha: number): string {
  return `${color}${Math.round(alpha * 255)
    .toString(16)
    .padStart(2, '0')}`;
}

/**
 * The API's graph as a directed graphology graph for sigma: one node per channel (size by flow, colour by
 * game, position seeded from the login), one edge per migration edge (width by count, an arrow head,
 * the source's colour, half transparent). Edges naming a channel the nodes miss still get a node.
 */
export function buildMigrationGraph(result: Pick<MigrationGraphResult, 'nodes' | 'edges'>): MapModel {
  const graph: MapGraph = new Graph<MapNodeAttributes, MapEdgeAttributes>({ type: 'directed', multi: false });
  const nodes = new Map<string, MigrationGraphNode>();
  for (const node of result.nodes) nodes.set(node.channel, node);
  for (const edge of result.edges) {
    for (const channel of [edge.from, edge.to]) {
      if (!nodes.has(channel)) nodes.set(channel, { channel, incoming: 0, outgoing: 0, stream: null });
    }
  }
  const given = new Set(result.nodes.map((node) => node.channel));
  for (const edge of result.edges) {
    if (!given.has(edge.from)) nodes.get(edge.from)!.outgoing += edge.count;
    if (!given.has(edge.to)) nodes.get(edge.to)!.incoming += edge.count;
  }

  const flowByGame = new Map<string, { flow: number; channels: number }>();
  let maxFlow = 0;
  let noGame = 0;
  let outOfSnapshot = 0;
  for (const node of nodes.values()) {
    const flow = node.incoming + node.outgoing;
    maxFlow = Math.max(maxFlow, flow);
    const game = nodeGame(node);
    if (game === null) outOfSnapshot++;
    else if (game === '') noGame++;
    else {
      const entry = flowByGame.get(game) ?? { flow: 0, channels: 0 };
      entry.flow += flow;
      entry.channels += 1;
      flowByGame.set(game, entry);
    }
  }
  const rankedGames = Array.from(flowByGame.entries())
    .sort(([a, x], [b, y]) => y.flow - x.flow || (a < b ? -1 : a > b ? 1 : 0))
    .map(([game]) => game);
  const colors = assignGameColors(rankedGames.slice(0, LEGEND_GAMES));
  const colorOf = (game: string | null) =>
    game === null
      ? NOT_IN_SNAPSHOT_COLOR
      : game === ''
        ? NO_GAME_COLOR
        : (colors.get(game) ?? OTHER_GAMES_COLOR);

  const radius = 10 * Math.sqrt(Math.max(nodes.size, 1));
  for (const node of nodes.values()) {
    const game = nodeGame(node);
    graph.addNode(node.channel, {
      label: node.channel,
      size: nodeSize(node.incoming + node.outgoing, maxFlow),
      color: colorOf(game),
      ...initialPosition(node.channel, radius),
      incoming: node.incoming,
      outgoing: node.outgoing,
      game,
      viewers: node.stream?.viewerCount ?? null,
      displayName: node.stream?.userName ?? null,
    });
  }

  const maxCount = result.edges.reduce((max, edge) => Math.max(max, edge.count), 0);
  for (const edge of result.edges) {
    if (edge.from === edge.to || graph.hasEdge(edge.from, edge.to)) continue;
    graph.addDirectedEdgeWithKey(edgeKey(edge), edge.from, edge.to, {
      size: edgeSize(edge.count, maxCount),
      color: withAlpha(graph.getNodeAttribute(edge.from, 'color'), 0.55),
      head: 'arrow',
      count: edge.count,
      shareOfSourceLeavers: edge.shareOfSourceLeavers,
      shareOfTargetJoiners: edge.shareOfTargetJoiners,
    });
  }

  const legend: LegendEntry[] = rankedGames.slice(0, LEGEND_GAMES).map((game) => ({
    label: game,
    color: colorOf(game),
    channels: flowByGame.get(game)!.channels,
  }));
  const others = rankedGames
    .slice(LEGEND_GAMES)
    .reduce((sum, game) => sum + flowByGame.get(game)!.channels, 0);
  if (others > 0) legend.push({ label: 'Other games', color: OTHER_GAMES_COLOR, channels: others });
  if (noGame > 0) legend.push({ label: 'No game named', color: NO_GAME_COLOR, channels: noGame });
  if (outOfSnapshot > 0)
    legend.push({
      label: 'Not in the latest snapshot',
      color: NOT_IN_SNAPSHOT_COLOR,
      channels: outOfSnapshot,
    });
  return { graph, legend };
}

/**
 * Iterations of ForceAtlas2: fewer for larger graphs. Above 400 channels the settings of
 * `layoutSettings` (Barnes-Hut, no extra slow-down) make 40 iterations go further than 80 did with
 * ForceAtlas2's inferred slow-down (1 + ln n, 7.7 for 820 channels): on the benchmark's 820-channel map
 * the mean edge is shorter relative to the map's spread, in about a quarter of the time.
 */
export function layoutIterations(order: number): number {
  if (order <= 100) return 300;
  if (order <= 400) return 150;
  return 40;
}

/** Graphs above this many channels are laid out with the quicker settings. */
export const LARGE_GRAPH = 400;

/**
 * ForceAtlas2's settings: its inferred ones (strong gravity, scaling 10), without size adjustment; for
 * large graphs the Barnes-Hut approximation of repulsion (n log n rather than n²) and slow-down 1, so
 * that nodes take full steps (ForceAtlas2's adaptive speed still damps swinging ones).
 */
export function layoutSettings(order: number): ForceAtlas2Settings {
  const inferred = forceAtlas2.inferSettings(order);
  if (order <= LARGE_GRAPH) return { ...inferred, adjustSizes: false };
  return { ...inferred, adjustSizes: false, barnesHutOptimize: true, slowDown: 1 };
}

/**
 * Lays the graph out in place with a bounded number of ForceAtlas2 iterations, synchronously: the same
 * graph (same seeded positions) always gives the same picture. Edge weight is the migration count.
 */
export function layoutGraph(graph: MapGraph, iterations = layoutIterations(graph.order)): void {
  if (graph.order < 2) return;
  forceAtlas2.assign(graph, {
    iterations,
    getEdgeWeight: 'count',
    settings: layoutSettings(graph.order),
  });
}

/** The busiest channel (incoming + outgoing), ties by login: the first node of the API's answer. */
export function busiestNode(graph: MapGraph): string | undefined {
  let best: string | undefined;
  let bestFlow = -1;
  graph.forEachNode((node, attributes) => {
    const flow = attributes.incoming + attributes.outgoing;
    if (flow > bestFlow || (flow === bestFlow && best !== undefined && node < best)) {
      best = node;
      bestFlow = flow;
    }
  });
  return best;
}

/** The graph's channel whose login matches `search` (any case, surrounding spaces ignored). */
export function findChannel(graph: MapGraph, search: string): string | undefined {
  const wanted = search.trim().toLowerCase();
  if (!wanted) return undefined;
  return graph.findNode((node) => node.toLowerCase() === wanted);
}
