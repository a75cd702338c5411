import { Type } from '@sinclair/typebox';
import { NoticeKind } from '../domain/notification/notice.model.js';
import { defineWorker } from './worker.js';

const kinds = Object.values(NoticeKind) as string[];
const Reasons = Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 50 });

/** Tells the applicant or the community; the notice header names which notice. */
export const notifyParty = defineWorker({
  type: 'notify-party',
  variables: Type.Object({
    applicationNumber: Type.String({ minLength: 1, maxLength: 64 }),
    missingMaterials: Type.Optional(Reasons),
    refusalReasons: Type.Optional(Reasons),
    notApprovedReasons: Type.Optional(Reasons),
    verifyMismatches: Type.Optional(Reasons),
    courierTrackingNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  }),
  async handle(v, { services, job, header }) {
    const kind = header('notice');
    if (!kinds.includes(kind)) throw new Error(`header notice=${kind} is not one of ${kinds.join(', ')}`);
    const notice = await services.notifications.notify(job.key, kind as NoticeKind, v.applicationNumber, {
      missingMaterials: v.missingMaterials,
      reasons: kind === NoticeKind.Refusal ? v.refusalReasons : v.notApprovedReasons,
      mismatches: v.verifyMismatches,
      courierTrackingNumber: v.courierTrackingNumber,
    }, await services.now());
    return { lastNotice: notice.kind };
  },
});
