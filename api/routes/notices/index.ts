import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import type { DomainServices } from '../../../domain/services.js';
import { Strict, problems } from '../../schemas/common.js';
import { principalOf } from '../../plugins/auth.js';

const Stamp = Type.String({ format: 'date-time' });
const MineNotice = Type.Object({
  kind: Type.String({ description: 'supplement-notice, refusal, pickup-notice, courier-dispatched, consultation-answered, appointment-confirmed…' }),
  at: Stamp, text: Type.String(), texted: Type.Boolean({ description: 'a text message went out to the phone number the person gave' }),
  applicationNumber: Type.Union([Type.String(), Type.Null()], { description: 'the case it is about, if it is about an application' }),
  subject: Type.Union([Type.Object({ kind: Type.String(), id: Type.String() }), Type.Null()], { description: 'what else it is about: a consultation, an appointment' }),
});

export const noticeRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  app.get('/api/notices/mine', {
    // the notices that concern an applicant, in the portal: those of their applications and those sent to them
    config: { access: { roles: [Role.Applicant, Role.ProxyAgent] } },
    schema: {
      tags: ['notices'], summary: 'My notices, newest first: receipts, supplement notices, refusals, pick-up and courier notices of my applications, consultation answers and appointment notices',
      querystring: Strict({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 100 })) }),
      response: { 200: Type.Object({ notices: Type.Array(MineNotice) }), ...problems(400, 401, 403) },
    },
  }, async (req) => {
    const me = principalOf(req);
    const mine = await services.applications.list(me, {}, 500);
    const list = await services.notifications.ofPerson(me.username, mine.map((a) => a.applicationNumber), req.query.limit ?? 100);
    return {
      notices: list.map((n) => ({
        kind: n.kind, at: n.createdAt.toISOString(), text: n.text, texted: n.sentAt !== null && (n.channel ?? '').startsWith('sms'),
        applicationNumber: n.applicationNumber ?? null, subject: n.subject ? { kind: n.subject.kind, id: n.subject.id } : null,
      })),
    };
  });
};
