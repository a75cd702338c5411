import { execFileSync, spawn } from 'node:child_process';
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStale, startServer } from '../../local/child.js';

function running(pattern: string): boolean {
  try {
    execFileSync('pgrep', ['-f', pattern]);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return condition();
}

describe('local servers never outlive the platform', () => {
  it('stop() ends the server and its guard', async () => {
    const marker = `30${Math.floor(Math.random() * 1e6)}`;
    const server = startServer('sleeper', 'sleep', [marker], { logFile: 'data/test/logs/sleeper.log' });
    expect(await until(() => running(`sleep ${marker}`), 5000)).to.equal(true);
    await server.stop(5000);
    expect(running(`sleep ${marker}`)).to.equal(false);
  });

  it('a server ends when the Node process that started it is killed outright', async () => {
    const marker = `31${Math.floor(Math.random() * 1e6)}`;
    const parent = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/start-guarded-sleep.ts', marker], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => parent.stdout.once('data', () => resolve()));
    expect(await until(() => running(`sleep ${marker}`), 5000)).to.equal(true);
    parent.kill('SIGKILL');
    expect(await until(() => !running(`sleep ${marker}`), 10_000), 'the server survived its parent').to.equal(true);
  });
});

describe('local builds are redone when their sources change', () => {
  it('calls a jar stale when it is missing or older than a source file, fresh otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stale-'));
    mkdirSync(join(dir, 'src', 'main'), { recursive: true });
    const source = join(dir, 'src', 'main', 'A.java');
    const jar = join(dir, 'a.jar');
    writeFileSync(source, 'class A {}');
    expect(isStale(jar, [join(dir, 'src')])).to.equal(true);
    writeFileSync(jar, 'built');
    utimesSync(source, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    expect(isStale(jar, [join(dir, 'src')])).to.equal(false);
    utimesSync(source, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    expect(isStale(jar, [join(dir, 'src')])).to.equal(true);
  });
});
