import type { Progress } from '../../shared/model.js';

/**
 * Progress of long work on standard error: one line rewritten in place on a terminal; in a log
 * or pipe, a line when the phase changes and at most one every few seconds otherwise.
 */
export function progressLine(stream: NodeJS.WriteStream = process.stderr) {
  let lastPhase = '';
  let lastAt = 0;
  let shown = false;

  const text = (p: Progress) =>
    `${p.task} ${p.phase}${p.total > 0 ? ` ${p.done}/${p.total}` : ''}: ${p.message}`;

  return {
    update(p: Progress): void {
      if (stream.isTTY) {
        const columns = stream.columns ?? 100;
        stream.write(
          `\r${text(p)
            .slice(0, columns - 1)
            .padEnd(columns - 1)}`,
        );
        shown = true;
        return;
      }
      const key = `${p.task}:${p.phase}`;
      const now = Date.now();
      if (key !== lastPhase || now - lastAt > 5000) {
        stream.write(`${text(p)}\n`);
        lastPhase = key;
        lastAt = now;
      }
    },
    /** Clear the in-place line before the result is printed. */
    end(): void {
      if (shown) stream.write(`\r${' '.repeat((stream.columns ?? 100) - 1)}\r`);
      shown = false;
    },
  };
}
