import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/** Resolves with the first stdout line of a child that matches, or rejects if it exits first. */
export function waitForLine(
  child: ChildProcess | ChildProcessWithoutNullStreams,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buffered = '';

    const timer = setTimeout(
      () => finish(new Error(`no matching line in ${timeoutMs} ms`)),
      timeoutMs,
    );

    function finish(error: Error | null, match?: RegExpMatchArray) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else if (match) resolve(match);
    }

    function onData(chunk: Buffer) {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const match = line.match(pattern);
        if (match) return finish(null, match);
      }
    }

    function onExit(code: number | null) {
      finish(new Error(`the process exited with code ${code}`));
    }

    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}
