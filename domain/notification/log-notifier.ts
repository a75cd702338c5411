import type { Logger } from 'pino';
import type { Notifier } from './notification.service.js';

/** The default notifier: the domain stores every notice, this one writes it to the log; SMS or e-mail adapters replace it. */
export function createLogNotifier(log: Logger): Notifier {
  return {
    channel: 'log',
    async send(notice) {
      log.info({ applicationNumber: notice.applicationNumber, kind: notice.kind, to: notice.to, toUnit: notice.toUnit }, 'notice sent');
    },
  };
}
