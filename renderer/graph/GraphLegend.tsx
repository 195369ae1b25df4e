const proofs = [
  { className: 'legend-exact', label: 'exact' },
  { className: 'legend-inferred', label: 'inferred' },
  { className: 'legend-failed', label: 'failed calls only' },
  { className: 'legend-lit', label: 'touched by the open event' },
];

const kinds = [
  { className: 'k-identity', label: 'identity' },
  { className: 'k-cred', label: 'credential' },
  { className: 'k-session', label: 'session' },
  { className: 'k-secret', label: 'secret' },
  { className: 'k-resource', label: 'resource' },
  { className: 'k-ip', label: 'address' },
];

/** How to read the graph: line style is the kind of proof, colour the kind of node. */
export function GraphLegend() {
  return (
    <div className="legend" data-testid="graph-legend">
      {proofs.map((proof) => (
        <span className="legend-item" key={proof.label}>
          <svg width="28" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="28" y2="4" className={proof.className} />
          </svg>
          {proof.label}
        </span>
      ))}
      <span className="legend-item">
        <span className="mark-star">★</span> starred, <span className="mark-tags">#tag</span>
      </span>
      {kinds.map((kind) => (
        <span className="legend-item" key={kind.label}>
          <span className={`dot ${kind.className}`} /> {kind.label}
        </span>
      ))}
    </div>
  );
}
