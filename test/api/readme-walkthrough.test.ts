import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { platform } from '../support/platform.js';

/** The README's curl walk-through, run as written against the test platform. */
describe('README: the curl walk-through works as written', function () {
  this.timeout(120_000);

  it('walks both categories to a handed-over certificate', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const blocks = [...readme.matchAll(/<!-- walkthrough -->\n```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).to.have.length(5);
    // asynchronous: the API answering curl runs in this very process
    const run = promisify(execFile)('bash', ['-euo', 'pipefail', '-c', blocks.join('\n')], {
      env: { ...process.env, BASE: `http://127.0.0.1:${platform().config.http.port}` }, encoding: 'utf8', timeout: 100_000,
    });
    const { stdout: out } = await run.catch((err: { stdout?: string; stderr?: string; code?: number }) => {
      throw new Error(`the walk-through stopped (exit ${err.code}):\n${err.stdout}\n${err.stderr}`);
    });
    const lines = out.trim().split('\n');
    expect(lines.filter((l) => l === '204'), out).to.have.length(9); // on-site 4 steps, online 5 (approve twice)
    expect(lines.filter((l) => l === '已办结，证件已发放'), out).to.have.length(2);
    expect(lines, 'the receipt printed as PDF').to.include('200 application/pdf');
    expect(out).to.include('supplement-received');
    expect(out).to.match(/warning|yellow|red/);
    expect(out).to.include('application.filed').and.include('task.completed').and.include('application.closed');
    expect(lines.filter((l) => l === 'true'), out).to.have.length(2); // the auditor's two checks
    // the office suspends an item through four eyes, applications are refused, and it is resumed
    expect(lines.slice(-5), out).to.deep.equal(['approved', 'ITEM_NOT_OPEN', '本事项已暂停受理，恢复受理前不接受新的申请；已受理的办件照常办理。', 'approved', 'DSZN 10个工作日']);
  });
});
