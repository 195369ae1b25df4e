import { BaseEdge, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import type { Point, Route } from './elkLayout';

export type ElkFlowEdge = Edge<{ route: Route | null }, 'elk'>;

/** An SVG path through the points, in straight segments. */
function polyline(points: Point[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  return `M ${first.x} ${first.y} ` + rest.map((p) => `L ${p.x} ${p.y}`).join(' ');
}

/** A link drawn along ELK's route, so that it passes around nodes; a curve when unrouted. */
export function ElkEdge(props: EdgeProps<ElkFlowEdge>) {
  const route = props.data?.route ?? null;
  const [curve, curveX, curveY] = getBezierPath(props);
  const middle = route?.points[Math.floor(route.points.length / 2)];
  const labelAt = route?.label ?? middle ?? { x: curveX, y: curveY };

  return (
    <BaseEdge
      path={route ? polyline(route.points) : curve}
      label={props.label}
      labelX={labelAt.x}
      labelY={labelAt.y}
      labelBgPadding={props.labelBgPadding}
      labelBgBorderRadius={props.labelBgBorderRadius}
      markerEnd={props.markerEnd}
      style={props.style}
      interactionWidth={14}
    />
  );
}
