import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { AuditService } from '../../domain/audit/audit.service.js';

const DAY_MS = 86_400_000;

/**
 * Keeps the audit trail: writes the chain head down and logs it at intervals (so a rewritten or cut trail
 * shows), removes entries once they are past the retention period, never sooner, and mends the entries of
 * actions a stop interrupted (checked at start and then every `mendAfterSeconds`).
 */
export const auditKeeper = fp(async (app: FastifyInstance, options: { audit: AuditService; headLogMinutes: number; mendAfterSeconds: number; now: () => Date | Promise<Date> }) => {
  const { audit, headLogMinutes, mendAfterSeconds } = options;
  let lastPrune = 0;
  const keep = async () => {
    try {
      const head = await audit.checkpoint(new Date());
      app.log.info({ auditHead: head }, 'audit chain head');
      if (Date.now() - lastPrune >= DAY_MS) {
        lastPrune = Date.now();
        await audit.prune(new Date());
      }
    } catch (err) {
      app.log.error({ err }, 'audit keeping failed; it is tried again at the next interval');
    }
  };
  let mending = false;
  const mend = async () => {
    if (mending) return;
    mending = true;
    try {
      await audit.mendInterrupted(await options.now(), mendAfterSeconds * 1000);
    } catch (err) {
      app.log.error({ err }, 'mending interrupted actions failed; it is tried again at the next interval');
    } finally {
      mending = false;
    }
  };
  let timer: NodeJS.Timeout | undefined;
  let mender: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    await keep();
    timer = setInterval(() => void keep(), headLogMinutes * 60_000);
    timer.unref();
    void mend();
    mender = setInterval(() => void mend(), mendAfterSeconds * 1000);
    mender.unref();
  });
  app.addHook('onClose', async () => { clearInterval(timer); clearInterval(mender); });
}, { name: 'audit-keeper' });
