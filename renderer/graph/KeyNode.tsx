import { Handle, Position, type NodeProps } from '@xyflow/react';
import { kindName } from '../../shared/nodeIds';
import { kindClass } from './kindClass';
import type { KeyFlowNode } from './toFlow';

/** A node of the path: kind colour, readable label, full id on hover; the start is outlined. */
export function KeyNode({ data, selected }: NodeProps<KeyFlowNode>) {
  const classes = ['key-node', kindClass(data.kind)];
  if (data.isStart) classes.push('start');
  if (selected) classes.push('selected');

  return (
    <div
      className={classes.join(' ')}
      title={data.nodeId}
      data-testid="graph-node"
      data-node-id={data.nodeId}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="key-node-kind">{kindName(data.kind)}</div>
      <div className="key-node-label">{data.label}</div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}
