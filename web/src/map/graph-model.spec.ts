import { describe, expect, it } from '@jest/globals';
import {
  assignGameColors,
  buildMigrationGraph,
  busiestNode,
  EDGE_SIZE,
  edgeSize,
  findChannel,
  GAME_PALETTE,
  gameColor,
  hashString,
  initialPosition,
  LARGE_GRAPH,
  layoutGraph,
  layoutIterations,
  layoutSettings,
  LEGEND_GAMES,
  NO_GAME_COLOR,
  NODE_SIZE,
  nodeSize,
  NOT_IN_SNAPSHOT_COLOR,
  OTHER_GAMES_COLOR,
} from './graph-model';
import type { MigrationGraphNode, MigrationGraphResult } from './migration-graph.query';

function node(
  channel: string,
  incoming: number,
  outgoing: number,
  gameName?: string | null,
): MigrationGraphNode {
  return {
    channel,
    incoming,
    outgoing,
    stream:
      gameName === undefined
        ? null
        : {
            id: `s-${channel}`,
            userLogin: channel,
            userName: channel.toUpperCase(),
            gameName,
            viewerCount: 100,
          },
  };
}

const sample: Pick<MigrationGraphResult, 'nodes' | 'edges'> = {
  nodes: [
    node('alpha', 3, 10, 'Chess'),
    node('bravo', 7, 2, 'Chess'),
    node('charlie', 2, 0, 'Minecraft'),
    node('delta', 0, 0, null),
    node('echo', 0, 0),
  ],
  edges: [
    { from: 'alpha', to: 'bravo', count: 7, shareOfSourceLeavers: 0.7, shareOfTargetJoiners: 1 },
    { from: 'bravo', to: 'alpha', count: 2, shareOfSourceLeavers: 1, shareOfTargetJoiners: 0.67 },
    { from: 'alpha', to: 'charlie', count: 2, shareOfSourceLeavers: 0.2, shareOfTargetJoiners: 1 },
    { from: 'alpha', to: 'alpha', count: 1, shareOfSourceLeavers: 0.1, shareOfTargetJoiners: 0.33 },
  ],
};

describe('colours', () => {
  it('gives a game the same colour every time, from the palette', () => {
    expect(gameColor('Chess')).toBe(gameColor('Chess'));
    expect(GAME_PALETTE).toContain(gameColor('Just Chatting'));
    expect(hashString('abc')).toBe(hashString('abc'));
    expect(hashString('abc')).not.toBe(hashString('abd'));
  });

  it('never gives two of the leading games the same colour while the palette lasts', () => {
    const games = Array.from({ length: GAME_PALETTE.length }, (_, index) => `Game ${index}`);
    const colors = assignGameColors(games);
    expect(new Set(colors.values()).size).toBe(GAME_PALETTE.length);
    // The most prominent game keeps its own hashed colour.
    expect(colors.get('Game 0')).toBe(gameColor('Game 0'));
    const more = assignGameColors([...games, 'One more']);
    expect(more.get('One more')).toBe(gameColor('One more'));
  });
});

describe('sizes', () => {
  it('scales node size by the square root of flow, within bounds', () => {
    expect(nodeSize(0, 100)).toBe(NODE_SIZE.min);
    expect(nodeSize(100, 100)).toBe(NODE_SIZE.max);
    expect(nodeSize(25, 100)).toBeCloseTo(NODE_SIZE.min + (NODE_SIZE.max - NODE_SIZE.min) * 0.5);
    expect(nodeSize(500, 100)).toBe(NODE_SIZE.max);
    expect(nodeSize(5, 0)).toBe(NODE_SIZE.min);
  });

  it('scales edge width by count, within bounds', () => {
    expect(edgeSize(1, 1)).toBe(EDGE_SIZE.max);
    expect(edgeSize(0, 10)).toBe(EDGE_SIZE.min);
    expect(edgeSize(1, 100)).toBeGreaterThan(EDGE_SIZE.min);
    expect(edgeSize(1, 100)).toBeLessThan(edgeSize(50, 100));
  });
});

describe('buildMigrationGraph', () => {
  it('has one node per channel and one arrow per edge, leaving self-loops out', () => {
    const { graph } = buildMigrationGraph(sample);
    expect(graph.type).toBe('directed');
    expect(graph.order).toBe(5);
    expect(graph.size).toBe(3);
    expect(graph.hasDirectedEdge('alpha', 'bravo')).toBe(true);
    expect(graph.hasDirectedEdge('bravo', 'alpha')).toBe(true);
    expect(graph.getEdgeAttributes('alpha>bravo')).toMatchObject({
      head: 'arrow',
      count: 7,
      size: EDGE_SIZE.max,
      shareOfSourceLeavers: 0.7,
    });
    expect(graph.getEdgeAttribute('bravo>alpha', 'size')).toBeLessThan(EDGE_SIZE.max);
  });

  it('sizes nodes by flow and colours them by game, grey out of the snapshot', () => {
    const { graph } = buildMigrationGraph(sample);
    const alpha = graph.getNodeAttributes('alpha');
    expect(alpha).toMatchObject({
      label: 'alpha',
      size: NODE_SIZE.max,
      incoming: 3,
      outgoing: 10,
      game: 'Chess',
    });
    expect(alpha.viewers).toBe(100);
    expect(graph.getNodeAttribute('bravo', 'color')).toBe(alpha.color);
    expect(graph.getNodeAttribute('charlie', 'color')).not.toBe(alpha.color);
    expect(graph.getNodeAttribute('delta', 'color')).toBe(NO_GAME_COLOR);
    expect(graph.getNodeAttribute('echo', 'color')).toBe(NOT_IN_SNAPSHOT_COLOR);
    expect(graph.getNodeAttribute('echo', 'size')).toBe(NODE_SIZE.min);
    expect(graph.getNodeAttribute('echo', 'viewers')).toBeNull();
    // Edges take their source's colour, half transparent.
    expect(graph.getEdgeAttribute('alpha>bravo', 'color')).toMatch(new RegExp(`^${alpha.color}[0-9a-f]{2}$`));
  });

  it('lists the top games in the legend by flow, then the grey ones', () => {
    const { legend } = buildMigrationGraph(sample);
    expect(legend.map((entry) => [entry.label, entry.channels])).toEqual([
      ['Chess', 2],
      ['Minecraft', 1],
      ['No game named', 1],
      ['Not in the latest snapshot', 1],
    ]);
  });

  it('gives games beyond the legend one shared colour of their own', () => {
    const many = Array.from({ length: LEGEND_GAMES + 2 }, (_, index) =>
      node(`channel${index}`, 100 - index, 0, `Game ${index}`),
    );
    const { graph, legend } = buildMigrationGraph({ nodes: many, edges: [] });
    const legendColors = legend.slice(0, LEGEND_GAMES).map((entry) => entry.color);
    expect(new Set(legendColors).size).toBe(LEGEND_GAMES);
    expect(legend.slice(LEGEND_GAMES)).toEqual([
      { label: 'Other games', color: OTHER_GAMES_COLOR, channels: 2 },
    ]);
    expect(graph.getNodeAttribute(`channel${LEGEND_GAMES + 1}`, 'color')).toBe(OTHER_GAMES_COLOR);
    expect(legendColors).not.toContain(OTHER_GAMES_COLOR);
  });

  it('adds a node for an edge whose channel the nodes miss', () => {
    const { graph } = buildMigrationGraph({
      nodes: [],
      edges: [{ from: 'x', to: 'y', count: 4, shareOfSourceLeavers: null, shareOfTargetJoiners: null }],
    });
    expect(graph.order).toBe(2);
    expect(graph.getNodeAttributes('x')).toMatchObject({
      outgoing: 4,
      incoming: 0,
      color: NOT_IN_SNAPSHOT_COLOR,
    });
  });

  it('seeds positions from the logins, whatever the order of the answer', () => {
    const a = buildMigrationGraph(sample).graph;
    const b = buildMigrationGraph({
      nodes: [...sample.nodes].reverse(),
      edges: [...sample.edges].reverse(),
    }).graph;
    for (const channel of ['alpha', 'bravo', 'echo']) {
      expect(b.getNodeAttribute(channel, 'x')).toBe(a.getNodeAttribute(channel, 'x'));
    }
    const point = initialPosition('alpha', 10);
    expect(Math.hypot(point.x, point.y)).toBeLessThanOrEqual(10);
  });
});

describe('layout', () => {
  it('gives the same picture for the same data, with finite positions', () => {
    const a = buildMigrationGraph(sample).graph;
    const b = buildMigrationGraph(sample).graph;
    layoutGraph(a);
    layoutGraph(b);
    a.forEachNode((channel, attributes) => {
      expect(Number.isFinite(attributes.x) && Number.isFinite(attributes.y)).toBe(true);
      expect(b.getNodeAttribute(channel, 'x')).toBe(attributes.x);
      expect(b.getNodeAttribute(channel, 'y')).toBe(attributes.y);
    });
  });

  it('runs fewer, Barnes-Hut iterations at full step for graphs above 400 channels', () => {
    expect(layoutIterations(50)).toBe(300);
    expect(layoutIterations(400)).toBe(150);
    expect(layoutIterations(820)).toBe(40);
    expect(layoutSettings(LARGE_GRAPH)).toMatchObject({ adjustSizes: false, strongGravityMode: true });
    expect(layoutSettings(LARGE_GRAPH).barnesHutOptimize).toBe(false);
    expect(layoutSettings(LARGE_GRAPH).slowDown).toBeCloseTo(1 + Math.log(LARGE_GRAPH));
    expect(layoutSettings(820)).toMatchObject({ barnesHutOptimize: true, slowDown: 1, adjustSizes: false });
  });

  it('draws a large graph (a ring of 600 channels) with neighbours close together', () => {
    const channels = Array.from({ length: 600 }, (_, index) => `c${index}`);
    const { graph } = buildMigrationGraph({
      nodes: [],
      edges: channels.map((from, index) => ({
        from,
        to: channels[(index + 1) % channels.length],
        count: 1 + (index % 5),
        shareOfSourceLeavers: null,
        shareOfTargetJoiners: null,
      })),
    });
    layoutGraph(graph);
    const at = (channel: string) => graph.getNodeAttributes(channel);
    const distance = (a: string, b: string) => Math.hypot(at(a).x - at(b).x, at(a).y - at(b).y);
    const mean = (pairs: [string, string][]) =>
      pairs.reduce((sum, [a, b]) => sum + distance(a, b), 0) / pairs.length;
    const neighbours = mean(channels.map((channel, index) => [channel, channels[(index + 1) % 600]]));
    const farApart = mean(channels.map((channel, index) => [channel, channels[(index + 300) % 600]]));
    expect(neighbours * 5).toBeLessThan(farApart);
  });

  it('moves connected channels closer together than from an isolated one', () => {
    const { graph } = buildMigrationGraph(sample);
    layoutGraph(graph);
    const position = (channel: string) => graph.getNodeAttributes(channel);
    const distance = (a: string, b: string) =>
      Math.hypot(position(a).x - position(b).x, position(a).y - position(b).y);
    expect(distance('alpha', 'bravo')).toBeLessThan(distance('alpha', 'echo'));
  });
});

describe('lookups', () => {
  it('finds the busiest channel and a channel by login in any case', () => {
    const { graph } = buildMigrationGraph(sample);
    expect(busiestNode(graph)).toBe('alpha');
    expect(findChannel(graph, '  BRAVO ')).toBe('bravo');
    expect(findChannel(graph, 'nobody')).toBeUndefined();
    expect(findChannel(graph, '')).toBeUndefined();
  });
});
