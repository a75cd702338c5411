import type { Logger } from 'pino';
import { createRequisitionRepository } from './requisition/requisition.repository.js';
import { migrateTaskCaseFields } from './task/task.repository.js';

/**
 * Brings documents stored by an earlier version to today's shape. Runs at every start, right after the store's
 * indexes are in place (infra/store `connectStore`), before anything reads or writes; each step is idempotent and
 * safe to run from several processes at once, and says what it did in the log.
 *
 * The audit trail is never migrated: its entries are hash-chained and stay exactly as stored (older entry formats
 * are read by their own version, see audit/audit-chain.ts).
 */
export async function migrateStore(log: Logger): Promise<void> {
  const requisitions = createRequisitionRepository();
  const tasks = await migrateTaskCaseFields(async (n) => (await requisitions.get(n)) !== null);
  log.info({ migration: 'tasks.caseNumber', ...tasks }, tasks.moved
    ? `store migration: ${tasks.moved} task(s) moved from applicationNumber to caseNumber + caseKind`
    : 'store migration: no task left with applicationNumber');
}
