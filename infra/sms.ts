import type { SmsGateway } from '../domain/notification/sms.port.js';

/**
 * A real SMS gateway over HTTP: each message is POSTed as JSON `{ to, text, ref }` with the configured bearer
 * token. A gateway that answers anything but 2xx fails the send, and the notice is sent again with its job.
 */
export function createHttpSmsGateway(options: { url: string; token?: string; timeoutMs?: number }): SmsGateway {
  return {
    name: 'http',
    async send(message) {
      const res = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (!res.ok) throw new Error(`the SMS gateway answered ${res.status} for notice ${message.ref}`);
    },
  };
}

/** The configured gateway: a real one when SMS_GATEWAY_URL is set, else none (the platform keeps messages locally). */
export function smsGatewayFor(config: { url: string | null; token: string | null }): SmsGateway | undefined {
  return config.url ? createHttpSmsGateway({ url: config.url, token: config.token ?? undefined }) : undefined;
}
