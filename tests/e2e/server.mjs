// Starts `hearth serve` for the end-to-end tests and stops it afterwards.
//   HEARTH_BINARY      the hearth binary (CTest passes it)
//   HEARTH_SHARED_DIR  ../shared (models and fixtures); default: the repo's sibling folder
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const sharedDir = process.env.HEARTH_SHARED_DIR ?? path.resolve(here, '../../../shared');
const binary = process.env.HEARTH_BINARY ?? path.resolve(here, '../../build/hearth');

export const apiKey = 'e2e-secret-key';

// Resolves to {url, stop()} once /health answers.
export async function startServer(extraArgs = []) {
  const port = 20000 + (process.pid % 20000);
  const args = ['serve', '--host', '127.0.0.1', '--port', String(port), '--models',
    path.join(sharedDir, 'models'), '--api-key', apiKey, '--parallel', '8', '--ctx-size', '2048',
    '--threads', '2', ...extraArgs];
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d.toString(); });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; ++i) {
    if (child.exitCode !== null) throw new Error(`hearth serve exited: ${log}`);
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
