import { readFileSync } from 'node:fs';
import { loadConfig } from '../../config/index.js';
import { pino } from 'pino';
import { createAuditRepository } from '../../domain/audit/audit.repository.js';
import { createAuditService, verifyExport } from '../../domain/audit/audit.service.js';
import { connectStore, disconnectStore } from '../../infra/store.js';

const USAGE = `usage: npm run audit:verify              walk the audit chain in the store (MONGODB_URI, or the local store of npm start)
       npm run audit:verify -- FILE.json  check an export on its own, without the store`;

/** Exit 0: intact; 2: broken (the first broken link is printed); 1: could not check. */
async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args[0]) {
    const result = verifyExport(JSON.parse(readFileSync(args[0], 'utf8')));
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.exitCode = result.intact ? 0 : 2;
    return;
  }
  const config = loadConfig();
  // the report goes to stdout as JSON; the log stays on stderr out of its way
  const log = pino({ name: 'audit-verify', level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  try {
    await connectStore(config.store.uri, log);
    const audit = createAuditService({ repo: createAuditRepository(), retentionDays: config.audit.retentionDays, log });
    const report = await audit.verify();
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.exitCode = report.intact ? 0 : 2;
  } catch (err) {
    log.fatal({ err }, `could not check the audit trail at ${config.store.uri.replace(/\/\/[^@]*@/, '//***@')}; is the platform (npm start) or MONGODB_URI reachable?`);
    process.exitCode = 1;
  } finally {
    await disconnectStore();
  }
}

void main();
