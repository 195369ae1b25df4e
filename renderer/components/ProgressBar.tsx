import type { Progress } from '../../shared/model';

/** Shows long work: determinate when the engine reports totals, an indeterminate sweep before. */
export function ProgressBar({ progress }: { progress: Progress | null }) {
  const fraction = progress && progress.total > 0 ? progress.done / progress.total : null;

  return (
    <div className="progress" data-testid="progress" role="status">
      <div
        className={fraction === null ? 'progress-track indeterminate' : 'progress-track'}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
      >
        <div
          className="progress-fill"
          style={fraction === null ? undefined : { width: `${(fraction * 100).toFixed(1)}%` }}
        />
      </div>
      <span className="progress-text">
        {progress ? `${progress.phase}: ${progress.message}` : 'Adding evidence…'}
      </span>
    </div>
  );
}
