import { Handle, Position, type NodeProps } from '@xyflow/react';
import { kindName } from '../../shared/nodeIds';
import { AnnotationMark } from '../annotations/AnnotationMark';
import { kindClass } from './kindClass';
import type { KeyFlowNode } from './toFlow';

/** Cut a long label in its middle: ARNs and object keys differ at their ends. */
function middleEllipsis(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = Math.ceil((max - 1) * 0.6);
  return `${text.slice(0, max - 1 - tail)}…${text.slice(-tail)}`;
}

/** A node of the path: kind colour, readable label, full id on hover; the start is outlined. */
export function KeyNode({ data, selected }: NodeProps<KeyFlowNode>) {
  const classes = ['key-node', data.isGroup ? 'k-group' : kindClass(data.kind)];
  if (data.isStart) classes.push('start');
  if (selected) classes.push('selected');
  if (data.lit) classes.push('lit');
  if (data.collapsed) classes.push('collapsed');

  return (
    <div
      className={classes.join(' ')}
      title={data.isGroup ? `${data.label}: click to draw each one` : data.nodeId}
      data-testid={data.isGroup ? 'graph-group' : 'graph-node'}
      data-node-id={data.nodeId}
      data-lit={data.lit ? 'true' : 'false'}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="key-node-kind">
        {data.isGroup ? 'group' : kindName(data.kind)}
        {data.collapsed && <span className="muted"> · collapsed</span>}
        <AnnotationMark annotation={data.annotation} />
      </div>
      <div className="key-node-label">{middleEllipsis(data.label, 24)}</div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}
