import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import { maskIdNumber, type Principal } from '../../../domain/account/account.service.js';
import { appointmentStatusWords, type Applicant } from '../../../domain/appointment/appointment.service.js';
import type { AppointmentRecord } from '../../../domain/appointment/appointment.repository.js';
import type { DomainServices } from '../../../domain/services.js';
import { DomainError, ErrorKind } from '../../../domain/shared/domain-error.js';
import { principalOf } from '../../plugins/auth.js';
import { AppointmentNumber, ApplicationNumber, ItemCode, Strict, UnitCode, problems } from '../../schemas/common.js';
import { maskPhone } from '../../../domain/document/document.texts.js';

const bookers = { roles: [Role.Applicant, Role.ProxyAgent] };
const window = { roles: [Role.WindowStaff] };
// the slots are read by anyone, so they are rate-limited like the other public routes
const publicAccess = { access: 'public' as const, rateLimit: { max: 60, timeWindow: '1 minute' } };

const Words = Type.Object({ zh: Type.String(), en: Type.String() });
const Instant = Type.String({ format: 'date-time' });
const Person = Strict({
  type: Type.Union([Type.Literal('individual'), Type.Literal('enterprise'), Type.Literal('organisation')]),
  name: Type.String({ minLength: 2, maxLength: 100 }),
  idNumber: Type.String({ pattern: '^[0-9A-Z]{15,18}$', description: 'resident ID (18) or unified social credit code (18)' }),
  phone: Type.String({ pattern: '^1\\d{10}$|^0\\d{2,3}-?\\d{7,8}$' }),
});
const Appointment = Type.Object({
  appointmentNumber: Type.String(), itemCode: Type.String(), itemName: Type.String(), communityCode: Type.String(), communityName: Type.String(),
  slotStart: Instant, slotEnd: Instant, status: Type.String(), statusText: Words,
  applicant: Type.Object({ type: Type.String(), name: Type.String(), idNumber: Type.String({ description: 'masked unless the window files it' }), phone: Type.String({ description: 'masked unless the window files it' }) }),
  bookedBy: Type.String(), bookedAt: Instant,
  handledBy: Type.Union([Type.String(), Type.Null()]), handledAt: Type.Union([Instant, Type.Null()]),
  moves: Type.Array(Type.Object({ fromStart: Instant, toStart: Instant, reason: Type.String(), at: Instant })),
  checkedInAt: Type.Union([Instant, Type.Null()]), applicationNumber: Type.Union([Type.String(), Type.Null()]),
}, { description: '在线预约 a booked slot at a community window' });
const Slots = Type.Object({
  item: Type.Object({ code: Type.String(), name: Type.String() }), community: Type.Object({ code: Type.String(), name: Type.String() }),
  capacity: Type.Integer(), slotMinutes: Type.Integer(),
  days: Type.Array(Type.Object({ date: Type.String(), work: Type.Boolean(), reason: Words, slots: Type.Array(Type.Object({ start: Instant, end: Instant, free: Type.Integer() })) })),
});
const Number_ = Strict({ appointmentNumber: AppointmentNumber });

function view(a: AppointmentRecord, full = false) {
  const applicant = a.applicant!;
  return {
    appointmentNumber: a.appointmentNumber, itemCode: a.itemCode, itemName: a.itemName, communityCode: a.communityCode, communityName: a.communityName,
    slotStart: a.slotStart.toISOString(), slotEnd: a.slotEnd.toISOString(), status: a.status, statusText: appointmentStatusWords(a.status),
    applicant: { type: applicant.type, name: applicant.name, idNumber: full ? applicant.idNumber : maskIdNumber(applicant.idNumber), phone: full ? applicant.phone : maskPhone(applicant.phone) },
    bookedBy: a.bookedBy, bookedAt: a.bookedAt.toISOString(), handledBy: a.handledBy ?? null, handledAt: a.handledAt?.toISOString() ?? null,
    moves: a.moves.map((m) => ({ fromStart: m.fromStart!.toISOString(), toStart: m.toStart!.toISOString(), reason: m.reason ?? '', at: m.at!.toISOString() })),
    checkedInAt: a.checkedInAt?.toISOString() ?? null, applicationNumber: a.applicationNumber ?? null,
  };
}
const actor = (p: Principal) => ({ username: p.username, unitCode: p.unitCode ?? '', posts: p.posts, activated: p.activated, role: p.role });

export const appointmentRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  const appointments = services.appointments;

  app.get('/api/appointments/slots', {
    config: publicAccess,
    schema: {
      tags: ['appointments'], summary: '在线预约: the bookable slots of a community window for an item, with free seats, for the days ahead (office hours of working days only)', security: [],
      querystring: Strict({ itemCode: ItemCode, communityCode: UnitCode }),
      response: { 200: Slots, ...problems(400, 404, 409, 429) },
    },
  }, async (req) => appointments.availability(req.query.itemCode, req.query.communityCode, await services.now()));

  app.post('/api/appointments', {
    config: { access: bookers },
    schema: {
      tags: ['appointments'],
      summary: 'Book a slot: an applicant for themself, a proxy agent for a client (applicant). Booking is never required: the window takes walk-ins (seed 004 §18)',
      body: Strict({ itemCode: ItemCode, communityCode: UnitCode, slotStart: Instant, applicant: Type.Optional(Person) }),
      response: { 201: Appointment, ...problems(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const me = principalOf(req);
    let applicant: Applicant | undefined = req.body.applicant;
    if (me.role === Role.Applicant) {
      const account = await services.accounts.get(me.username);
      applicant = { type: (account.applicantType ?? 'individual') as Applicant['type'], name: account.realName, idNumber: account.idNumber, phone: account.phone };
    } else if (!applicant) {
      throw new DomainError('APPLICANT_REQUIRED', ErrorKind.Validation, { zh: '代办预约须填写申请人的姓名、身份证号和电话（applicant）', en: 'a proxy booking needs the applicant’s name, ID number and phone (applicant)' });
    }
    const booked = await appointments.book({ itemCode: req.body.itemCode, communityCode: req.body.communityCode, slotStart: new Date(req.body.slotStart), applicant, by: { username: me.username, role: me.role } }, await services.now());
    return reply.code(201).send(view(booked));
  });

  app.get('/api/appointments/mine', {
    config: { access: bookers },
    schema: { tags: ['appointments'], summary: 'The bookings I made (newest slot first); personal data masked', response: { 200: Type.Object({ appointments: Type.Array(Appointment) }), ...problems(401, 403) } },
  }, async (req) => {
    const me = principalOf(req);
    return { appointments: (await appointments.mine({ username: me.username, role: me.role })).map((a) => view(a)) };
  });

  app.post('/api/appointments/:appointmentNumber/cancel', {
    config: { access: bookers },
    schema: {
      tags: ['appointments'], summary: 'The booker cancels before the slot begins; the seat is free again',
      params: Number_, body: Strict({ reason: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
      response: { 200: Appointment, ...problems(400, 401, 403, 404, 409) },
    },
  }, async (req) => {
    const me = principalOf(req);
    return view(await appointments.cancel(req.params.appointmentNumber, { username: me.username, role: me.role }, req.body.reason, await services.now()));
  });

  app.get('/api/appointments/window', {
    config: { access: window },
    schema: {
      tags: ['appointments'], summary: 'My window’s bookings for some days from a date (today when not given), nearest slot first; personal data masked',
      querystring: Strict({ from: Type.Optional(Type.String({ format: 'date', maxLength: 10, description: 'office date YYYY-MM-DD' })), days: Type.Optional(Type.Integer({ minimum: 1, maximum: 31, default: 7 })) }),
      response: {
        200: Type.Object({ appointments: Type.Array(Appointment), today: Type.String({ description: 'the office date now' }), now: Instant }),
        ...problems(400, 401, 403),
      },
    },
  }, async (req) => {
    const me = principalOf(req);
    const now = await services.now();
    const list = me.unitCode ? await appointments.ofWindow(me.unitCode, req.query.from, req.query.days ?? 7, now) : [];
    return { appointments: list.map((a) => view(a)), today: appointments.plan.dateOf(now), now: now.toISOString() };
  });

  app.get('/api/appointments/:appointmentNumber', {
    config: { access: window },
    schema: {
      tags: ['appointments'], summary: 'One booking of my window with the applicant’s full data, to file it at the window: every such read is logged',
      params: Number_, response: { 200: Appointment, ...problems(400, 401, 403, 404) },
    },
  }, async (req) => {
    const me = principalOf(req);
    return view(await appointments.forFiling(req.params.appointmentNumber, { username: me.username, role: me.role, unitCode: me.unitCode }, await services.now()), true);
  });

  app.post('/api/appointments/:appointmentNumber/confirm', {
    config: { access: window },
    schema: { tags: ['appointments'], summary: 'The window confirms the booked slot (within 1 working hour, seed 001 §4(3)); the booker is told', params: Number_, response: { 200: Appointment, ...problems(400, 401, 403, 404, 409) } },
  }, async (req) => view(await appointments.confirm(req.params.appointmentNumber, actor(principalOf(req)), await services.now())));

  app.post('/api/appointments/:appointmentNumber/move', {
    config: { access: window },
    schema: {
      tags: ['appointments'], summary: 'The window moves the booking to another slot, with the reason the booker is told',
      params: Number_, body: Strict({ slotStart: Instant, reason: Type.String({ minLength: 2, maxLength: 200 }) }),
      response: { 200: Appointment, ...problems(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => view(await appointments.move(req.params.appointmentNumber, actor(principalOf(req)), new Date(req.body.slotStart), req.body.reason, await services.now())));

  app.post('/api/appointments/:appointmentNumber/check-in', {
    config: { access: window },
    schema: { tags: ['appointments'], summary: 'The applicant is at the window on the slot’s day: check in, then file the application', params: Number_, response: { 200: Appointment, ...problems(400, 401, 403, 404, 409) } },
  }, async (req) => {
    const me = principalOf(req);
    return view(await appointments.checkIn(req.params.appointmentNumber, { username: me.username, role: me.role, unitCode: me.unitCode }, await services.now()));
  });

  app.post('/api/appointments/:appointmentNumber/no-show', {
    config: { access: window },
    schema: { tags: ['appointments'], summary: 'After the slot has ended: nobody came', params: Number_, response: { 200: Appointment, ...problems(400, 401, 403, 404, 409) } },
  }, async (req) => {
    const me = principalOf(req);
    return view(await appointments.noShow(req.params.appointmentNumber, { username: me.username, role: me.role, unitCode: me.unitCode }, await services.now()));
  });

  app.put('/api/appointments/:appointmentNumber/application', {
    config: { access: window },
    schema: {
      tags: ['appointments'], summary: 'Records the application filed at the window for a checked-in booking',
      params: Number_, body: Strict({ applicationNumber: ApplicationNumber }), response: { 200: Appointment, ...problems(400, 401, 403, 404, 409, 422) },
    },
  }, async (req) => {
    const me = principalOf(req);
    return view(await appointments.recordApplication(req.params.appointmentNumber, req.body.applicationNumber, { username: me.username, unitCode: me.unitCode }));
  });
};
