import { spawn, type ChildProcess } from 'node:child_process';
import { DEMO_PASSWORD } from '../../domain/demo/demo-data.js';

/** A whole platform (`npm start`) in a process group of its own, on its own port and data folder. */
export function spawnedPlatform(options: { port: number; storePort: number; dataDir: string; env?: Record<string, string> }) {
  const base = `http://127.0.0.1:${options.port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'fatal', DATA_DIR: options.dataDir, PORT: String(options.port), LOCAL_STORE_PORT: String(options.storePort), ENGINE_CLOCK_CONTROLLED: 'false', ...options.env };
  delete env.MONGODB_URI;
  let child: ChildProcess | undefined;

  async function api(method: string, path: string, token?: string, body?: unknown) {
    const res = await fetch(`${base}${path}`, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  }
  async function eventually<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 30_000): Promise<T> {
    const until = Date.now() + ms;
    for (;;) {
      const v = await probe().catch(() => undefined);
      if (v) return v;
      if (Date.now() > until) throw new Error(`waited ${ms / 1000}s for ${what}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return {
    base, api, eventually,
    /** the platform's store, for checks made behind the API */
    storeUri: `mongodb://127.0.0.1:${options.storePort}/gov_services`,
    async start(readyWithinMs = 90_000) {
      child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], { env, detached: true, stdio: 'ignore' });
      await eventually('the platform to be ready', async () => (await fetch(`${base}/ready`)).ok, readyWithinMs);
    },
    /** SIGKILL of the whole process group: API, workers, engine and store at once */
    kill() {
      if (child?.pid) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
      child = undefined;
    },
    login: async (username: string) => String((await api('POST', '/api/auth/login', undefined, { username, password: DEMO_PASSWORD })).json.accessToken),
    queueTask: (token: string, caseNumber: string, step: string, ms?: number) => eventually(`the ${step} task of ${caseNumber}`, async () => {
      const res = await api('GET', `/api/tasks?scope=queue&caseNumber=${caseNumber}`, token);
      return (res.json.tasks as { step: string; userTaskKey: string }[] | undefined)?.find((t) => t.step === step);
    }, ms),
  };
}
