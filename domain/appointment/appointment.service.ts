import { AuditAction, ActorKind } from '../audit/audit-entry.model.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ApplicationRepository } from '../application/application.repository.js';
import type { UnitRepository } from '../organisation/unit.repository.js';
import { NoticeKind } from '../notification/notice.model.js';
import type { PersonNotice } from '../notification/notification.service.js';
import type { SequenceRepository } from '../sequence/sequence.repository.js';
import { ItemStatus } from '../service-item/service-item.model.js';
import type { ServiceItemRepository } from '../service-item/service-item.repository.js';
import { CaseKind, Post } from '../shared/constants.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { op } from '../shared/trusted.js';
import type { Actor, TaskService } from '../task/task.service.js';
import { ACTIVE_STATUSES, AppointmentStatus } from './appointment.model.js';
import type { AppointmentRecord, AppointmentRepository } from './appointment.repository.js';
import type { SlotPlan } from './appointment-slots.js';

export const APPOINTMENT_PROCESS = 'appointment';
/** the window's step on a booking: confirm it or move it, within 1 working hour (seed 001 §4(3)) */
export const HANDLE_STEP = 'handle';

export interface Booker { username: string; role: string }
export interface Applicant { type: 'individual' | 'enterprise' | 'organisation'; name: string; idNumber: string; phone: string }

export const AppointmentNotice = { Handled: 'handled', Reminder: 'reminder' } as const;
export type AppointmentNotice = (typeof AppointmentNotice)[keyof typeof AppointmentNotice];

const STATUS_WORDS: Record<string, { zh: string; en: string }> = {
  booked: { zh: '待窗口确认', en: 'waiting for the window' },
  confirmed: { zh: '已确认', en: 'confirmed' },
  moved: { zh: '已改约', en: 'moved by the window' },
  cancelled: { zh: '已取消', en: 'cancelled' },
  'checked-in': { zh: '已到窗口办理', en: 'checked in' },
  'no-show': { zh: '未到场', en: 'did not come' },
};
export const appointmentStatusWords = (status: string) => STATUS_WORDS[status] ?? { zh: status, en: status };

const HOUR = 3_600_000;

/**
 * 在线预约 (seed 001 §4(3), 004 §17): an applicant (or a proxy agent for them) books a slot at a community window for
 * an item; the window confirms or moves it within 1 working hour, a reminder goes out before the slot, and at the
 * window the booking is checked in and filed. Booking is never required: the window takes walk-ins just the same
 * (seed 004 §18).
 */
export function createAppointmentService(deps: {
  appointments: AppointmentRepository; plan: SlotPlan; capacityOf(communityCode: string): number; reminderHours: number;
  items: ServiceItemRepository; units: UnitRepository; applications: ApplicationRepository; sequences: SequenceRepository;
  engine: { startInstance(processId: string, variables: Record<string, unknown>, businessKey?: string): Promise<string>; cancelInstance(processInstanceKey: string): Promise<void> };
  tasks: TaskService; audit: AuditService;
  /** a notice to the booker (notifications.notifyPerson): shown in their portal, texted to the applicant's phone */
  notify(notice: PersonNotice, now: Date): Promise<unknown>;
}) {
  const { appointments, plan, items, units, sequences, engine, tasks, audit } = deps;
  const about = (a: AppointmentRecord) => ({ target: { kind: 'appointment', id: a.appointmentNumber }, caseNumber: a.appointmentNumber, caseKind: CaseKind.Appointment, itemCode: a.itemCode, unit: a.communityCode });
  const user = (u: { username: string; role?: string | null }) => ({ kind: ActorKind.User, id: u.username, role: u.role ?? null });

  async function mustGet(appointmentNumber: string): Promise<AppointmentRecord> {
    const a = await appointments.get(appointmentNumber);
    if (!a) throw new DomainError('APPOINTMENT_NOT_FOUND', ErrorKind.NotFound, { zh: `预约 ${appointmentNumber} 不存在`, en: `appointment ${appointmentNumber} does not exist` });
    return a;
  }
  async function community(code: string) {
    const unit = await units.get(code);
    if (!unit || unit.kind !== 'community') throw new DomainError('COMMUNITY_NOT_FOUND', ErrorKind.NotFound, { zh: `社区 ${code} 不存在或没有办事窗口`, en: `community ${code} does not exist or has no window` });
    return unit;
  }
  async function accepting(itemCode: string) {
    const item = await items.latest(itemCode);
    if (!item) throw new DomainError('ITEM_NOT_FOUND', ErrorKind.NotFound, { zh: `事项 ${itemCode} 不存在`, en: `item ${itemCode} does not exist` });
    if (item.status !== ItemStatus.Published) throw new DomainError('ITEM_NOT_ACCEPTING', ErrorKind.Conflict, { zh: `事项 ${itemCode} 当前不受理申请，不能预约`, en: `item ${itemCode} takes no applications now, so it cannot be booked` });
    return item;
  }
  /** Window staff work the bookings of their own community only. */
  function ofMyWindow(a: AppointmentRecord, staff: { username: string; unitCode: string | null }) {
    if (staff.unitCode !== a.communityCode) {
      throw new DomainError('NOT_YOUR_WINDOW', ErrorKind.Forbidden, { zh: `预约 ${a.appointmentNumber} 属于 ${a.communityName}（${a.communityCode}），不是 ${staff.username} 所在的窗口`, en: `appointment ${a.appointmentNumber} is for ${a.communityCode}, not the window of ${staff.username}` });
    }
  }
  function mustBe(a: AppointmentRecord, allowed: readonly string[], action: { zh: string; en: string }) {
    if (!allowed.includes(a.status)) {
      const s = appointmentStatusWords(a.status);
      throw new DomainError('APPOINTMENT_STATE', ErrorKind.Conflict, { zh: `预约 ${a.appointmentNumber} ${s.zh}，不能${action.zh}`, en: `appointment ${a.appointmentNumber} is ${s.en}; it cannot be ${action.en}` });
    }
  }
  async function seatIn(communityCode: string, start: Date, appointmentNumber: string) {
    const capacity = deps.capacityOf(communityCode);
    const seat = await appointments.takeSeat(communityCode, start, capacity, appointmentNumber);
    if (seat === null) {
      throw new DomainError('SLOT_FULL', ErrorKind.Conflict, { zh: `时段 ${plan.label(start)} 已约满（每个时段 ${capacity} 人），请选择其他时段`, en: `the slot ${plan.label(start)} is full (${capacity} per slot); choose another` });
    }
  }
  /** The window's open task on the booking, claimed for the operator (so the completion is theirs). */
  async function handleTask(a: AppointmentRecord, staff: Actor) {
    const task = a.processInstanceKey ? await tasks.openTaskOf(a.processInstanceKey, HANDLE_STEP) : null;
    if (!task) throw new DomainError('APPOINTMENT_TASK_NOT_READY', ErrorKind.Conflict, { zh: `预约 ${a.appointmentNumber} 的窗口处理任务尚未生成，请稍后再试`, en: `the window task of appointment ${a.appointmentNumber} is not there yet; try again shortly` });
    await tasks.claim(task.userTaskKey, staff);
    return task;
  }
  const reminderAt = (slotStart: Date, now: Date) => new Date(Math.max(now.getTime(), slotStart.getTime() - deps.reminderHours * HOUR)).toISOString();

  async function started(a: AppointmentRecord): Promise<AppointmentRecord> {
    if (a.processInstanceKey) return a;
    const processInstanceKey = await engine.startInstance(APPOINTMENT_PROCESS, {
      appointmentNumber: a.appointmentNumber, itemCode: a.itemCode, communityCode: a.communityCode, slotStart: a.slotStart.toISOString(), units: { [HANDLE_STEP]: a.communityCode },
    }, `appointment:${a.appointmentNumber}`);
    const withKey = (await appointments.update(a.appointmentNumber, { $set: { processInstanceKey } }))!;
    await tasks.attachCase(processInstanceKey);
    return withKey;
  }
  audit.settleWith(AuditAction.AppointmentBooked, async (input) => {
    const a = await appointments.get(input.target.id);
    if (!a) return { done: false, why: 'the booking was never stored' };
    return { done: true, after: { status: (await started(a)).status } };
  });

  const noticeText = (a: AppointmentRecord, kind: AppointmentNotice): { text: string } => {
    const head = `【${a.itemName}】预约 ${a.appointmentNumber}：`;
    if (kind === AppointmentNotice.Reminder) {
      return { text: `${head}您预约了 ${plan.label(a.slotStart)} 在${a.communityName}窗口办理，请携带身份证件和申请材料按时到场。` };
    }
    const last = a.moves.at(-1);
    if (a.status === AppointmentStatus.Moved && last) {
      return { text: `${head}窗口将您的预约改到 ${plan.label(a.slotStart)}（原 ${plan.label(last.fromStart!)}），原因：${last.reason}。如不方便可取消后重新预约。` };
    }
    return { text: `${head}已确认，请于 ${plan.label(a.slotStart)} 到${a.communityName}窗口办理，请携带身份证件和申请材料。` };
  };

  const service = {
    plan,

    /** Public: the slots of a window for the days ahead, each with its free seats. */
    async availability(itemCode: string, communityCode: string, now: Date) {
      const item = await accepting(itemCode);
      const unit = await community(communityCode);
      const days = plan.days(now);
      const capacity = deps.capacityOf(communityCode);
      const from = days[0]!.slots[0]?.start ?? now;
      const held = await appointments.seatsHeld(communityCode, new Date(Math.min(from.getTime(), now.getTime())), new Date(now.getTime() + (plan.settings.daysAhead + 1) * 24 * HOUR));
      return {
        item: { code: item.code, name: item.name }, community: { code: unit.code, name: unit.name }, capacity, slotMinutes: plan.settings.slotMinutes,
        days: days.map((d) => ({
          date: d.date, work: d.work, reason: { zh: d.reasonZh, en: d.reason },
          slots: d.slots.map((s) => {
            const taken = held.get(s.start.toISOString()) ?? 0;
            return { start: s.start.toISOString(), end: s.end.toISOString(), free: Math.max(capacity - taken, 0) };
          }),
        })),
      };
    },

    /** Books a slot: the slot is checked (working day, office hours, ahead), a seat is taken, the process starts. */
    async book(input: { itemCode: string; communityCode: string; slotStart: Date; applicant: Applicant; by: Booker }, now: Date): Promise<AppointmentRecord> {
      const item = await accepting(input.itemCode);
      const unit = await community(input.communityCode);
      const slot = plan.check(input.slotStart, now);
      const same = await appointments.list({ bookedBy: input.by.username, status: ACTIVE_STATUSES });
      const twice = same.find((a) => a.itemCode === item.code && a.applicant?.idNumber === input.applicant.idNumber);
      if (twice) {
        throw new DomainError('ALREADY_BOOKED', ErrorKind.Conflict, { zh: `${input.applicant.name} 已预约办理 ${item.name}（${item.code}，预约 ${twice.appointmentNumber}，${plan.label(twice.slotStart)}），请先取消再重新预约`, en: `${input.applicant.name} already has appointment ${twice.appointmentNumber} for ${item.code} at ${plan.label(twice.slotStart)}; cancel it first` });
      }
      const year = now.getUTCFullYear();
      const appointmentNumber = `YY${year}${String(await sequences.next(`appointment:${year}`)).padStart(6, '0')}`;
      await seatIn(unit.code, slot.start, appointmentNumber);
      const entry = await audit.intend({ at: now, actor: user(input.by), action: AuditAction.AppointmentBooked, target: { kind: 'appointment', id: appointmentNumber }, caseNumber: appointmentNumber, caseKind: CaseKind.Appointment, itemCode: item.code, unit: unit.code, detail: { slotStart: slot.start } });
      let stored: AppointmentRecord;
      try {
        stored = await appointments.insert({
          appointmentNumber, itemCode: item.code, itemName: item.name, communityCode: unit.code, communityName: unit.name, slotStart: slot.start, slotEnd: slot.end,
          applicant: { ...input.applicant }, bookedBy: input.by.username, bookedByRole: input.by.role, bookedAt: now, status: AppointmentStatus.Booked,
        });
      } catch (err) {
        await appointments.releaseSeat(unit.code, slot.start, appointmentNumber);
        await audit.forget(entry);
        throw err;
      }
      const booked = await started(stored);
      await audit.record({ ...entry, ...about(booked), after: { status: booked.status, slotStart: booked.slotStart } });
      return booked;
    },

    /** The booker cancels before the slot; the seat is free again and the window's task goes away. */
    async cancel(appointmentNumber: string, by: Booker, reason: string | undefined, now: Date): Promise<AppointmentRecord> {
      const a = await mustGet(appointmentNumber);
      if (a.bookedBy !== by.username) throw new DomainError('NOT_YOUR_APPOINTMENT', ErrorKind.Forbidden, { zh: `预约 ${appointmentNumber} 不是 ${by.username} 预约的`, en: `appointment ${appointmentNumber} was not booked by ${by.username}` });
      mustBe(a, ACTIVE_STATUSES, { zh: '取消', en: 'cancelled' });
      if (a.slotStart <= now) throw new DomainError('SLOT_STARTED', ErrorKind.Conflict, { zh: `预约 ${appointmentNumber} 的时段 ${plan.label(a.slotStart)} 已开始，不能再取消`, en: `the slot ${plan.label(a.slotStart)} of appointment ${appointmentNumber} has begun; it can no longer be cancelled` });
      const cancelled = await appointments.update(appointmentNumber, { $set: { status: AppointmentStatus.Cancelled, cancelledAt: now, cancelReason: reason ?? null } }, { status: op({ $in: [...ACTIVE_STATUSES] }) });
      if (!cancelled) return mustBe(await mustGet(appointmentNumber), [], { zh: '取消', en: 'cancelled' }) as never;
      await appointments.releaseSeat(a.communityCode, a.slotStart, appointmentNumber);
      if (a.processInstanceKey) await engine.cancelInstance(a.processInstanceKey).catch(() => undefined); // already ended: nothing to stop
      await audit.record({ at: now, actor: user(by), action: AuditAction.AppointmentCancelled, ...about(a), before: { status: a.status }, after: { status: cancelled.status }, detail: { reason: reason ?? null }, key: `appointment:${appointmentNumber}:cancelled` });
      return cancelled;
    },

    /** The bookings an applicant or a proxy agent made, newest slot first. */
    async mine(by: Booker): Promise<AppointmentRecord[]> {
      return appointments.list({ bookedBy: by.username });
    },

    /** A window's bookings of `days` office days from `fromDate` (today when not given), nearest slot first. */
    async ofWindow(communityCode: string, fromDate: string | undefined, days: number, now: Date): Promise<AppointmentRecord[]> {
      const from = plan.dayStart(fromDate ?? plan.dateOf(now));
      return (await appointments.list({ communityCode, from, to: new Date(from.getTime() + days * 24 * HOUR) }, 500)).reverse();
    },

    async get(appointmentNumber: string) {
      return mustGet(appointmentNumber);
    },

    /** For the window's filing: the booking with the applicant's full data, read by its window staff and logged. */
    async forFiling(appointmentNumber: string, staff: { username: string; role: string; unitCode: string | null }, now: Date) {
      const a = await mustGet(appointmentNumber);
      ofMyWindow(a, staff);
      await audit.record({ at: now, actor: user(staff), action: AuditAction.PersonalDataRead, ...about(a), unit: staff.unitCode, detail: { fields: ['applicant.idNumber', 'applicant.phone'], purpose: 'filing at the window' } });
      return a;
    },

    /** The window confirms the booked slot (the handle step, 1 working hour). */
    async confirm(appointmentNumber: string, staff: Actor, now: Date): Promise<AppointmentRecord> {
      const a = await mustGet(appointmentNumber);
      ofMyWindow(a, staff);
      mustBe(a, [AppointmentStatus.Booked], { zh: '确认', en: 'confirmed' });
      const task = await handleTask(a, staff);
      const confirmed = await appointments.update(appointmentNumber, { $set: { status: AppointmentStatus.Confirmed, handledBy: staff.username, handledAt: now } }, { status: AppointmentStatus.Booked });
      if (!confirmed) return mustBe(await mustGet(appointmentNumber), [], { zh: '确认', en: 'confirmed' }) as never;
      await tasks.complete(task.userTaskKey, staff, { handled: 'confirmed', reminderAt: reminderAt(confirmed.slotStart, now) }, now);
      await audit.record({ at: now, actor: user(staff), action: AuditAction.AppointmentConfirmed, ...about(a), post: Post.Acceptor, before: { status: a.status }, after: { status: confirmed.status }, key: `appointment:${appointmentNumber}:confirmed` });
      return confirmed;
    },

    /** The window moves the booking to another slot, with the reason the booker is told. */
    async move(appointmentNumber: string, staff: Actor, to: Date, reason: string, now: Date): Promise<AppointmentRecord> {
      const a = await mustGet(appointmentNumber);
      ofMyWindow(a, staff);
      mustBe(a, [AppointmentStatus.Booked], { zh: '改约', en: 'moved' });
      const slot = plan.check(to, now);
      if (slot.start.getTime() === a.slotStart.getTime()) throw new DomainError('SAME_SLOT', ErrorKind.Validation, { zh: `预约 ${appointmentNumber} 已在 ${plan.label(to)}，请选择另一个时段`, en: `appointment ${appointmentNumber} is already at ${plan.label(to)}; choose another slot` });
      const task = await handleTask(a, staff);
      await seatIn(a.communityCode, slot.start, appointmentNumber);
      const moved = await appointments.update(appointmentNumber, {
        $set: { status: AppointmentStatus.Moved, slotStart: slot.start, slotEnd: slot.end, handledBy: staff.username, handledAt: now },
        $push: { moves: { fromStart: a.slotStart, toStart: slot.start, reason, by: staff.username, at: now } },
      }, { status: AppointmentStatus.Booked });
      if (!moved) {
        await appointments.releaseSeat(a.communityCode, slot.start, appointmentNumber);
        return mustBe(await mustGet(appointmentNumber), [], { zh: '改约', en: 'moved' }) as never;
      }
      await appointments.releaseSeat(a.communityCode, a.slotStart, appointmentNumber);
      await tasks.complete(task.userTaskKey, staff, { handled: 'moved', reminderAt: reminderAt(slot.start, now) }, now);
      await audit.record({ at: now, actor: user(staff), action: AuditAction.AppointmentMoved, ...about(a), post: Post.Acceptor, before: { status: a.status, slotStart: a.slotStart }, after: { status: moved.status, slotStart: moved.slotStart }, detail: { reason }, key: `appointment:${appointmentNumber}:moved:${moved.moves.length}` });
      return moved;
    },

    /** The applicant is at the window on the slot's day: the booking is checked in and goes on to filing. */
    async checkIn(appointmentNumber: string, staff: { username: string; role: string; unitCode: string | null }, now: Date): Promise<AppointmentRecord> {
      const a = await mustGet(appointmentNumber);
      ofMyWindow(a, staff);
      mustBe(a, [AppointmentStatus.Confirmed, AppointmentStatus.Moved], { zh: '签到（须先确认）', en: 'checked in (confirm it first)' });
      const slotDay = plan.label(a.slotStart).slice(0, 10);
      if (plan.label(now).slice(0, 10) !== slotDay) {
        throw new DomainError('NOT_SLOT_DAY', ErrorKind.Conflict, { zh: `预约 ${appointmentNumber} 在 ${slotDay}，只能当天签到`, en: `appointment ${appointmentNumber} is on ${slotDay}; check-in is on that day only` });
      }
      const done = await appointments.update(appointmentNumber, { $set: { status: AppointmentStatus.CheckedIn, checkedInAt: now, checkedInBy: staff.username } }, { status: a.status });
      if (!done) return mustBe(await mustGet(appointmentNumber), [], { zh: '签到', en: 'checked in' }) as never;
      await audit.record({ at: now, actor: user(staff), action: AuditAction.AppointmentCheckedIn, ...about(a), before: { status: a.status }, after: { status: done.status }, key: `appointment:${appointmentNumber}:checked-in` });
      return done;
    },

    /** After the slot has ended, the window marks a booking nobody came for. */
    async noShow(appointmentNumber: string, staff: { username: string; role: string; unitCode: string | null }, now: Date): Promise<AppointmentRecord> {
      const a = await mustGet(appointmentNumber);
      ofMyWindow(a, staff);
      mustBe(a, ACTIVE_STATUSES, { zh: '记为未到场', en: 'marked as a no-show' });
      if (a.slotEnd > now) throw new DomainError('SLOT_NOT_OVER', ErrorKind.Conflict, { zh: `预约 ${appointmentNumber} 的时段到 ${plan.label(a.slotEnd)} 才结束，结束后才能记为未到场`, en: `the slot of appointment ${appointmentNumber} ends at ${plan.label(a.slotEnd)}; mark a no-show after that` });
      const done = await appointments.update(appointmentNumber, { $set: { status: AppointmentStatus.NoShow, noShowAt: now, noShowBy: staff.username } }, { status: a.status });
      if (!done) return mustBe(await mustGet(appointmentNumber), [], { zh: '记为未到场', en: 'marked as a no-show' }) as never;
      if (a.processInstanceKey) await engine.cancelInstance(a.processInstanceKey).catch(() => undefined); // the reminder may still wait
      await audit.record({ at: now, actor: user(staff), action: AuditAction.AppointmentNoShow, ...about(a), before: { status: a.status }, after: { status: done.status }, key: `appointment:${appointmentNumber}:no-show` });
      return done;
    },

    /** The window's step worked from the to-do list's form: the same confirm or move. */
    async handleStep(appointmentNumber: string, staff: Actor, body: { decision: string; slotStart?: string; reason?: string }, now: Date): Promise<AppointmentRecord> {
      if (body.decision === 'moved') return service.move(appointmentNumber, staff, new Date(body.slotStart!), body.reason!, now);
      return service.confirm(appointmentNumber, staff, now);
    },

    /** The application filed at the window for a checked-in booking. */
    async recordApplication(appointmentNumber: string, applicationNumber: string, staff: { username: string; unitCode: string | null }): Promise<AppointmentRecord> {
      const a = await mustGet(appointmentNumber);
      ofMyWindow(a, staff);
      mustBe(a, [AppointmentStatus.CheckedIn], { zh: '关联办件（须先签到）', en: 'linked to an application (check it in first)' });
      const app = await deps.applications.get(applicationNumber);
      if (!app || app.communityCode !== a.communityCode || app.itemCode !== a.itemCode) {
        throw new DomainError('APPLICATION_MISMATCH', ErrorKind.Validation, { zh: `办件 ${applicationNumber} 不是 ${a.communityName}（${a.communityCode}）办理 ${a.itemName}（${a.itemCode}）的办件，不能关联到预约 ${appointmentNumber}`, en: `application ${applicationNumber} is not one of ${a.communityCode} for ${a.itemCode}; it cannot be linked to appointment ${appointmentNumber}` });
      }
      const done = await appointments.update(appointmentNumber, { $set: { applicationNumber } }, { applicationNumber: null });
      if (!done) {
        const now = await mustGet(appointmentNumber);
        if (now.applicationNumber === applicationNumber) return now;
        throw new DomainError('APPOINTMENT_ALREADY_FILED', ErrorKind.Conflict, { zh: `预约 ${appointmentNumber} 已关联办件 ${now.applicationNumber}`, en: `appointment ${appointmentNumber} is already linked to application ${now.applicationNumber}` });
      }
      return done;
    },

    /** A notice from the process: the window's answer (confirmed or moved), or the reminder before the slot. */
    async sendNotice(jobKey: string, appointmentNumber: string, kind: AppointmentNotice, now: Date): Promise<{ sent: boolean }> {
      const a = await mustGet(appointmentNumber);
      // cancelled or already at the window meanwhile: a reminder would only confuse
      if (!ACTIVE_STATUSES.includes(a.status as AppointmentStatus) || a.status === AppointmentStatus.Booked) return { sent: false };
      const words = noticeText(a, kind);
      const noticeKind = kind === AppointmentNotice.Reminder ? NoticeKind.AppointmentReminder : a.status === AppointmentStatus.Moved ? NoticeKind.AppointmentMoved : NoticeKind.AppointmentConfirmed;
      // to the booker's portal (the applicant, or the proxy agent who booked for them), and by text to the applicant's phone
      await deps.notify({
        key: `appointment:${jobKey}`, kind: noticeKind, username: a.bookedBy, phone: a.applicant?.phone ?? null,
        subject: { kind: 'appointment', id: a.appointmentNumber }, text: words.text, itemCode: a.itemCode, unit: a.communityCode,
      }, now);
      return { sent: true };
    },

    /** For the evaluation of service (好差评, seed 004 §35): who served the booker, and when the booking ended. */
    async forEvaluation(id: string): Promise<{ itemCode: string; askerUsername: string; parties: { kind: 'operator' | 'department'; id: string; unitCode: string }[]; endedAt: Date | null } | null> {
      const a = await appointments.get(id);
      if (!a) return null;
      const operators = [...new Set([a.handledBy, a.checkedInBy, a.noShowBy].filter((u): u is string => !!u))];
      return {
        itemCode: a.itemCode, askerUsername: a.bookedBy,
        parties: [...operators.map((u) => ({ kind: 'operator' as const, id: u, unitCode: a.communityCode })), { kind: 'department' as const, id: a.communityCode, unitCode: a.communityCode }],
        endedAt: a.checkedInAt ?? a.noShowAt ?? null,
      };
    },
  };
  return service;
}
export type AppointmentService = ReturnType<typeof createAppointmentService>;
