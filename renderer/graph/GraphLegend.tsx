/** How to read the graph: line style is the kind of proof, colour the kind of node. */
export function GraphLegend() {
  return (
    <div className="legend" data-testid="graph-legend">
      <span className="legend-item">
        <svg width="28" height="8" aria-hidden="true">
          <line x1="0" y1="4" x2="28" y2="4" className="legend-exact" />
        </svg>
        exact
      </span>
      <span className="legend-item">
        <svg width="28" height="8" aria-hidden="true">
          <line x1="0" y1="4" x2="28" y2="4" className="legend-inferred" />
        </svg>
        inferred
      </span>
      <span className="legend-item">
        <span className="dot k-identity" /> identity
      </span>
      <span className="legend-item">
        <span className="dot k-cred" /> credential
      </span>
      <span className="legend-item">
        <span className="dot k-session" /> session
      </span>
      <span className="legend-item">
        <span className="dot k-secret" /> secret
      </span>
      <span className="legend-item">
        <span className="dot k-resource" /> resource
      </span>
      <span className="legend-item">
        <span className="dot k-ip" /> address
      </span>
    </div>
  );
}
