import { Type } from '@sinclair/typebox';
import { defineWorker } from './worker.js';

/**
 * 日统计、周通报、月总结、季考核 (seed 001 §30): makes the reports due by the engine's clock on the working-day
 * calendar and says when to look next. A redelivered job finds the reports stored and makes none twice.
 */
export const generateDueReports = defineWorker({
  type: 'generate-due-reports',
  variables: Type.Object({}),
  async handle(_vars, { services, log }) {
    const r = await services.reports.runDue(await services.now());
    if (r.generated.length) log.info({ generated: r.generated, pending: r.pending }, 'supervision reports generated');
    return { nextRunAt: r.nextRunAt.toISOString(), scheduled: true };
  },
});
