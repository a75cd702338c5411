import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { AuditService } from '../../domain/audit/audit.service.js';

const DAY_MS = 86_400_000;

/**
 * Keeps the audit trail: writes the chain head down and logs it at intervals (so a rewritten or cut trail
 * shows), and removes entries once they are past the retention period, never sooner.
 */
export const auditKeeper = fp(async (app: FastifyInstance, { audit, headLogMinutes }: { audit: AuditService; headLogMinutes: number }) => {
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
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    await keep();
    timer = setInterval(() => void keep(), headLogMinutes * 60_000);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}, { name: 'audit-keeper' });
