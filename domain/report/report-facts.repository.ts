import { ApplicationModel } from '../application/application.model.js';
import { AppointmentModel } from '../appointment/appointment.model.js';
import { ComplaintModel } from '../complaint/complaint.model.js';
import { ConsultationModel } from '../consultation/consultation.model.js';
import { CardModel } from '../escalation/card.model.js';
import { isBad, RatingModel, RectificationModel } from '../evaluation/evaluation.model.js';
import { CardLevel, CaseKind } from '../shared/constants.js';
import { op } from '../shared/trusted.js';

/** One fact of a period, already placed at the unit that answers for it (null: no unit known). */
export interface PeriodFacts {
  filed: { unitCode: string | null }[];
  closed: { unitCode: string | null; late: boolean; outcome: string | null }[];
  cards: { unitCode: string | null; level: string }[];
  complaints: { unitCode: string; outcome: string | null; answeredInTime: boolean | null }[];
  ratings: { unitCode: string | null; bad: boolean }[];
  rectifications: { unitCode: string | null; closed: boolean }[];
  consultations: { unitCode: string }[];
  appointments: { unitCode: string }[];
}

type AppRow = { applicationNumber: string; departmentCode: string; units?: Record<string, string>; outcome?: string | null; practice?: boolean };

/**
 * A read-only view over the stored cases for the periodic reports (seed 001 §30): it never writes. Practice cases
 * of operators in activation never count (seed 000 §19).
 */
export function createReportFactsRepository() {
  return {
    async between(from: Date, to: Date): Promise<PeriodFacts> {
      const range = op({ $gte: from, $lt: to });
      const notPractice = op({ $ne: true });
      const unitOf = (a: AppRow) => a.departmentCode;
      const fields = { _id: 0, applicationNumber: 1, departmentCode: 1, units: 1, outcome: 1, practice: 1 };
      const [filed, closed, cards, complaints, ratings, rectifications, consultations, appointments] = await Promise.all([
        ApplicationModel.find({ filedAt: range, practice: notPractice }, fields).lean<AppRow[]>(),
        ApplicationModel.find({ closedAt: range, practice: notPractice }, fields).lean<AppRow[]>(),
        CardModel.find({ at: range }, { _id: 0, level: 1, caseNumber: 1, caseKind: 1, step: 1, holder: 1 })
          .lean<{ level: string; caseNumber: string; caseKind: string; step: string; holder: string }[]>(),
        ComplaintModel.find({ filedAt: range }, { _id: 0, unitCode: 1, outcome: 1, answeredInTime: 1 })
          .lean<{ unitCode: string; outcome: string | null; answeredInTime: boolean | null }[]>(),
        RatingModel.find({ at: range }, { _id: 0, grade: 1, parties: 1, subject: 1 })
          .lean<{ grade: string; parties: { kind: string; unitCode: string }[]; subject: { kind: string; id: string } }[]>(),
        RectificationModel.find({ openedAt: range }, { _id: 0, handlingUnit: 1, responsibleUnits: 1, closedAt: 1 })
          .lean<{ handlingUnit: string | null; responsibleUnits: string[]; closedAt: Date | null }[]>(),
        ConsultationModel.find({ askedAt: range }, { _id: 0, departmentCode: 1 }).lean<{ departmentCode: string }[]>(),
        AppointmentModel.find({ bookedAt: range }, { _id: 0, communityCode: 1 }).lean<{ communityCode: string }[]>(),
      ]);
      // the cards' and ratings' cases: their units, and which are practice
      const numbers = [...new Set([...cards.filter((c) => c.caseKind === CaseKind.Application).map((c) => c.caseNumber),
        ...ratings.filter((r) => r.subject.kind === 'application').map((r) => r.subject.id)])];
      const cased = new Map((await ApplicationModel.find({ applicationNumber: op({ $in: numbers }) }, fields).lean<AppRow[]>()).map((a) => [a.applicationNumber, a]));
      const late = new Set(await CardModel.distinct('caseNumber', {
        caseNumber: op({ $in: closed.map((a) => a.applicationNumber) }), level: op({ $in: [CardLevel.Yellow, CardLevel.Red] }),
      }) as string[]);
      const practice = (kind: string, id: string) => (kind === CaseKind.Application || kind === 'application') && !!cased.get(id)?.practice;
      return {
        filed: filed.map((a) => ({ unitCode: unitOf(a) })),
        closed: closed.map((a) => ({ unitCode: unitOf(a), late: late.has(a.applicationNumber), outcome: a.outcome ?? null })),
        cards: cards.filter((c) => !practice(c.caseKind, c.caseNumber)).map((c) => {
          const app = c.caseKind === CaseKind.Application ? cased.get(c.caseNumber) : undefined;
          const queue = c.holder.includes(':') ? c.holder.split(':')[1]! : null;
          return { level: c.level, unitCode: (app?.units as Record<string, string> | undefined)?.[c.step] ?? queue ?? (app ? unitOf(app) : null) };
        }),
        complaints: complaints.map((c) => ({ unitCode: c.unitCode, outcome: c.outcome ?? null, answeredInTime: c.answeredInTime ?? null })),
        ratings: ratings.filter((r) => !practice(r.subject.kind, r.subject.id)).map((r) => ({
          bad: isBad(r.grade), unitCode: (r.parties.find((p) => p.kind === 'department') ?? r.parties[0])?.unitCode ?? null,
        })),
        rectifications: rectifications.map((r) => ({ unitCode: r.handlingUnit ?? r.responsibleUnits[0] ?? null, closed: !!r.closedAt })),
        consultations: consultations.map((c) => ({ unitCode: c.departmentCode })),
        appointments: appointments.map((a) => ({ unitCode: a.communityCode })),
      };
    },
  };
}
export type ReportFactsRepository = ReturnType<typeof createReportFactsRepository>;
