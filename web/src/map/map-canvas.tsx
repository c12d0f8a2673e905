import { useEffect, useRef, useState } from 'react';
import Sigma, { DEFAULT_STYLES } from 'sigma';
import { extremityArrow, layerPlain, pathCurved, pathLine } from 'sigma/rendering';
import { formatInteger, formatShare } from '../common/format';
import {
  busiestNode,
  findChannel,
  type MapEdgeAttributes,
  type MapGraph,
  type MapNodeAttributes,
} from './graph-model';

type Hover = { kind: 'node'; key: string } | { kind: 'edge'; key: string } | null;

export interface MapCanvasProps {
  graph: MapGraph;
  /** The searched channel: highlighted with its neighbours, and zoomed to, when on the map. */
  search: string;
  onOpenChannel: (login: string) => void;
}

function cssVariable(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

/**
 * The WebGL drawing of the graph (sigma.js v4). One sigma per graph: a new answer from the API builds a
 * new graph and so a new renderer; the old one is killed, as is the last one when the view goes away.
 * Test hooks on the container: data-drawn-at (performance.now() after the first frame) and the viewport
 * position of the busiest channel (data-busiest, data-busiest-x, data-busiest-y, relative to the container).
 */
export function MapCanvas({ graph, search, onOpenChannel }: MapCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const [renderer, setRenderer] = useState<Sigma<MapNodeAttributes, MapEdgeAttributes> | null>(null);
  const [hover, setHover] = useState<Hover>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const openChannel = useRef(onOpenChannel);
  useEffect(() => {
    openChannel.current = onOpenChannel;
  }, [onOpenChannel]);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const text = cssVariable('--text', '#18181b');
    const panel = cssVariable('--panel', '#ffffff');
    let sigma: Sigma<MapNodeAttributes, MapEdgeAttributes>;
    try {
      sigma = new Sigma<MapNodeAttributes, MapEdgeAttributes>(graph, element, {
        primitives: {
          edges: {
            paths: [pathLine(), pathCurved()],
            extremities: [extremityArrow({ lengthRatio: 3.5, widthRatio: 3 })],
            layers: [layerPlain()],
          },
        },
        styles: {
          nodes: {
            ...DEFAULT_STYLES.nodes,
            color: { attribute: 'color' },
            size: { attribute: 'size' },
            labelColor: text,
            backdropColor: panel,
            opacity: (_attributes, state, graphState) =>
              graphState.hasHighlighted && !state.isHighlighted ? 0.15 : 1,
            labelVisibility: (_attributes, state, graphState) =>
              state.isHovered || (graphState.hasHighlighted && state.isHighlighted)
                ? 'visible'
                : graphState.hasHighlighted
                  ? 'hidden'
                  : 'auto',
            cursor: 'pointer',
          },
          edges: {
            ...DEFAULT_STYLES.edges,
            color: { attribute: 'color' },
            size: { attribute: 'size' },
            path: 'straight',
            parallelPath: 'curved',
            head: { attribute: 'head' },
            opacity: (_attributes, state, graphState) =>
              graphState.hasHighlighted && !state.isHighlighted ? 0.08 : 1,
          },
        },
        settings: {
          enableEdgeEvents: true,
          renderEdgeLabels: false,
          // While the camera moves (drag, zoom) only nodes are drawn: with 1,000 edges and their arrows,
          // edges are most of each frame's work.
          hideEdgesOnMove: true,
          hideLabelsOnMove: true,
          labelRenderedSizeThreshold: 8,
          stagePadding: 40,
        },
      });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
      return;
    }
    setFailure(null);

    // The constructor draws the first frame synchronously; later frames (camera moves) come through afterRender.
    const busiest = busiestNode(graph);
    const markDrawn = () => {
      element.dataset.drawnAt ??= String(performance.now());
      if (!busiest) return;
      const attributes = graph.getNodeAttributes(busiest);
      const point = sigma.graphToViewport({ x: attributes.x, y: attributes.y });
      element.dataset.busiest = busiest;
      element.dataset.busiestX = point.x.toFixed(1);
      element.dataset.busiestY = point.y.toFixed(1);
    };
    markDrawn();
    sigma.on('afterRender', markDrawn);
    sigma.on('enterNode', ({ node }) => setHover({ kind: 'node', key: node }));
    sigma.on('leaveNode', () => setHover(null));
    sigma.on('enterEdge', ({ edge }) => setHover({ kind: 'edge', key: edge }));
    sigma.on('leaveEdge', () => setHover(null));
    sigma.on('clickNode', ({ node }) => openChannel.current(node));
    setRenderer(sigma);
    return () => {
      setRenderer(null);
      setHover(null);
      delete element.dataset.drawnAt;
      delete element.dataset.busiest;
      sigma.kill();
    };
  }, [graph]);

  // The searched channel: it, its neighbours and its edges stand out; the camera goes to it.
  const found = findChannel(graph, search);
  useEffect(() => {
    if (!renderer) return;
    const nodes = found ? [found, ...graph.neighbors(found)] : [];
    const edges = found ? graph.edges(found) : [];
    renderer.setNodesState(graph.nodes(), { isHighlighted: false });
    renderer.setEdgesState(graph.edges(), { isHighlighted: false });
    if (found) {
      renderer.setNodesState(nodes, { isHighlighted: true });
      renderer.setEdgesState(edges, { isHighlighted: true });
      const display = renderer.getNodeDisplayData(found);
      if (display)
        void renderer.getCamera().animate({ x: display.x, y: display.y, ratio: 0.35 }, { duration: 400 });
    } else {
      void renderer.getCamera().animate({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }, { duration: 300 });
    }
  }, [renderer, graph, found]);

  return (
    <div className="map-stage">
      <div ref={container} className="map-canvas" data-testid="map-canvas" />
      {failure ? (
        <p className="state error map-overlay" role="alert">
          The map cannot be drawn in this browser (WebGL 2 is needed): {failure}
        </p>
      ) : null}
      <HoverPanel graph={graph} hover={hover} />
    </div>
  );
}

function HoverPanel({ graph, hover }: { graph: MapGraph; hover: Hover }) {
  if (!hover) return null;
  if (hover.kind === 'node' && graph.hasNode(hover.key)) {
    const node = graph.getNodeAttributes(hover.key);
    return (
      <aside className="map-hover panel" aria-live="polite" data-testid="map-hover" data-channel={hover.key}>
        <strong>{node.displayName ?? hover.key}</strong>
        {node.displayName && node.displayName.toLowerCase() !== hover.key ? (
          <span className="muted"> {hover.key}</span>
        ) : null}
        <dl>
          <dt>Joined from others</dt>
          <dd>{formatInteger(node.incoming)}</dd>
          <dt>Left to others</dt>
          <dd>{formatInteger(node.outgoing)}</dd>
          <dt>Game</dt>
          <dd>{node.game === null ? 'not in the latest snapshot' : node.game || 'none named'}</dd>
          <dt>Viewers</dt>
          <dd>{formatInteger(node.viewers)}</dd>
        </dl>
        <span className="muted">Click to open the channel</span>
      </aside>
    );
  }
  if (hover.kind === 'edge' && graph.hasEdge(hover.key)) {
    const edge = graph.getEdgeAttributes(hover.key);
    return (
      <aside className="map-hover panel" aria-live="polite" data-testid="map-hover">
        <strong>
          {graph.source(hover.key)} → {graph.target(hover.key)}
        </strong>
        <dl>
          <dt>Migrations</dt>
          <dd>{formatInteger(edge.count)}</dd>
          <dt>Of those leaving {graph.source(hover.key)}</dt>
          <dd>{formatShare(edge.shareOfSourceLeavers)}</dd>
          <dt>Of those joining {graph.target(hover.key)}</dt>
          <dd>{formatShare(edge.shareOfTargetJoiners)}</dd>
        </dl>
      </aside>
    );
  }
  return null;
}
