import type { Logger } from 'pino';
import { migrateStepDeadlineCaseFields } from './deadline/step-deadline.repository.js';
import { migrateCardCaseFields } from './escalation/card.repository.js';
import { migrateOperatorRecordCaseFields } from './escalation/operator-record.repository.js';
import { createRequisitionRepository } from './requisition/requisition.repository.js';
import { caseKindReader } from './shared/case-field-migration.js';
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
  // one reading of each case number's kind for all records that name it
  const kindOf = caseKindReader(async (n) => (await requisitions.get(n)) !== null);
  // every record that names a case, application or certificate requisition, kept it in `applicationNumber` before
  const moves = [
    { migration: 'tasks.caseNumber', what: 'task(s)', none: 'task', run: migrateTaskCaseFields },
    { migration: 'stepDeadlines.caseNumber', what: 'step deadline(s)', none: 'step deadline', run: migrateStepDeadlineCaseFields },
    { migration: 'cards.caseNumber', what: 'card(s)', none: 'card', run: migrateCardCaseFields },
    { migration: 'operatorRecords.caseNumber', what: 'operator record(s)', none: 'operator record', run: migrateOperatorRecordCaseFields },
  ];
  for (const m of moves) {
    const done = await m.run(kindOf);
    log.info({ migration: m.migration, ...done }, done.moved
      ? `store migration: ${done.moved} ${m.what} moved from applicationNumber to caseNumber + caseKind`
      : `store migration: no ${m.none} left with applicationNumber`);
  }
}
