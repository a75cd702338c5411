import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);
/** Entry points start the platform when loaded; what they import is loaded below, module by module. */
const ENTRY_POINTS = new Set(['api/server.js', 'workers/main.js', 'local/start.ts', 'local/start.js', 'local/demo.js', 'api/cli/audit-verify.js']);

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsFiles(path) : path.endsWith('.js') ? [path] : [];
  });
}

// The production image installs with `npm ci --omit=dev` and runs the built code: whatever the built code
// imports must be a production dependency.
describe('production build: every module loads with production dependencies only', function () {
  this.timeout(300_000);
  let dir: string | undefined;
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('builds, installs with --omit=dev into a fresh folder, and imports every module there', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gov-prod-'));
    cpSync('package.json', join(dir, 'package.json'));
    cpSync('package-lock.json', join(dir, 'package-lock.json'));
    cpSync('processes', join(dir, 'processes'), { recursive: true });
    await run('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', join(dir, 'dist')], { maxBuffer: 16 * 1024 * 1024 });
    await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    const modules = jsFiles(join(dir, 'dist')).map((f) => relative(join(dir!, 'dist'), f)).filter((f) => !ENTRY_POINTS.has(f) && !f.startsWith('local/'));
    expect(modules.length).to.be.greaterThan(100);
    expect(modules).to.include.members(['api/app.js', 'domain/services.js', 'workers/index.js', 'infra/engine/index.js', 'infra/engine/embedded/embedded-engine.js', 'infra/engine/camunda8/camunda8-engine.js', 'domain/process-model/lint-worker.js']);
    const script = `for (const m of ${JSON.stringify(modules)}) { try { await import('./dist/' + m); } catch (e) { console.log('FAILED ' + m + ': ' + e.message); } } console.log('LOADED');`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, env: { ...process.env, NODE_ENV: 'production' }, maxBuffer: 16 * 1024 * 1024 })
      .catch((err: { stdout?: string; stderr?: string; code?: number; signal?: string }) => {
        throw new Error(`loading the built modules failed (exit ${err.code ?? err.signal}): ${err.stdout ?? ''}${(err.stderr ?? '').slice(0, 2000)}`);
      });
    expect(stdout.split('\n').filter((l) => l.startsWith('FAILED'))).to.deep.equal([]);
    expect(stdout).to.include('LOADED');
  });
});
