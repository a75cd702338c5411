import type { Logger } from 'pino';
import { maskPhone } from '../document/document.texts.js';
import type { Notifier } from './notification.service.js';
import type { SmsOutboxRepository } from './sms-outbox.repository.js';
import type { SmsGateway } from './sms.port.js';

export type { SmsGateway, SmsMessage } from './sms.port.js';

/**
 * The local gateway: every message goes to the store's outbox and to the log (the number masked), where an
 * operator or a test reads it. Nothing leaves the machine.
 */
export function createStoredSmsGateway(outbox: SmsOutboxRepository, log: Logger): SmsGateway {
  return {
    name: 'local',
    async send(message, at) {
      await outbox.add({ ref: message.ref, to: message.to, text: message.text, at });
      log.info({ to: maskPhone(message.to), ref: message.ref }, 'text message kept in the local outbox');
    },
  };
}

/**
 * Hands notices to people to the SMS gateway (the stored notice is what the portal shows); notices to a
 * community or a department go to their inbox in the platform and to the log only.
 */
export function createSmsNotifier(gateway: SmsGateway, log: Logger): Notifier {
  return {
    channel: 'log',
    async send(notice) {
      if (notice.phone) {
        await gateway.send({ to: notice.phone, text: notice.text, ref: notice.key }, notice.createdAt);
        return `sms:${gateway.name}`;
      }
      log.info({ applicationNumber: notice.applicationNumber, kind: notice.kind, to: notice.to, toUnit: notice.toUnit }, 'notice sent');
      return 'log';
    },
  };
}
