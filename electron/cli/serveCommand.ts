import { Engine } from '../engine/Engine.js';
import { startServer } from '../server/startServer.js';
import { call, casePath, exitCodes } from './common.js';

/** `keytrail serve CASE`: browser mode on 127.0.0.1 until interrupted. */
export async function serveCommand(caseArg: string, options: { port?: number }): Promise<number> {
  const path = casePath(caseArg, false);
  const engine = new Engine();
  await call(engine, 'openCase', { path, create: true });
  const server = await startServer({ engine, port: options.port ?? 0 });

  process.stdout.write(`Keytrail is serving ${path} at ${server.url}\n`);
  process.stderr.write('Press Ctrl+C to stop.\n');

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  engine.close();
  return exitCodes.ok;
}
