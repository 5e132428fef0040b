import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { copySite, type SiteCopy } from './site-copy.ts';

// `astro preview` of dist/ on a free localhost port.

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`astro preview exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`astro preview did not answer at ${url}: ${String(lastError)}`);
}

export interface Preview {
  url: string;
  /** The dist/ directory being served. */
  distDir: string;
  stop(): Promise<void>;
}

/** A private copy of a built site (dist/ plus what `astro preview` reads), so a rebuild
 *  of the working tree during a test run cannot pull files from under the browser. */
export function snapshotSite(from: string): SiteCopy {
  return copySite(from, { extra: ['dist'], prefix: 'istio-guide-preview-' });
}

export async function startPreview(opts: { root?: string } = {}): Promise<Preview> {
  const root = opts.root ?? process.cwd();
  if (!existsSync(`${root}/dist/index.html`)) throw new Error('dist/ is missing: run `npm run build` first');
  const port = await freePort();
  // process.execPath: the Node 22 running the tests (the astro bin's shebang may find an older one).
  const astro = `${root}/node_modules/astro/bin/astro.mjs`;
  const child = spawn(process.execPath, [astro, 'preview', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}/`;
  try {
    // Generous: on a loaded machine (several builds and browsers at once) astro preview can take a minute to answer.
    await waitForHttp(url, child, 90_000);
  } catch (e) {
    child.kill('SIGTERM');
    throw new Error(`${(e as Error).message}\n${log}`);
  }
  return {
    url,
    distDir: join(root, 'dist'),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
