import { expect } from 'chai';
import { auditEntries, call, login } from '../support/api.js';
import { platform } from '../support/platform.js';
import { eventually, openTask } from '../support/staff.js';

type Slot = { start: string; end: string; free: number };
type Day = { date: string; work: boolean; reason: { zh: string; en: string }; slots: Slot[] };

const slotsOf = async (itemCode: string, communityCode: string): Promise<{ capacity: number; days: Day[] }> => {
  const res = await call('GET', `/api/appointments/slots?itemCode=${itemCode}&communityCode=${communityCode}`);
  expect(res.statusCode, res.body).to.equal(200);
  return res.json();
};
/** A free slot on the n-th working day ahead (1 = the next working day), at the given index of the day. */
async function freeSlot(itemCode: string, communityCode: string, nthDay: number, index: number): Promise<Slot> {
  const { days, capacity } = await slotsOf(itemCode, communityCode);
  const working = days.filter((d) => d.work && d.slots.length === 14).slice(nthDay - 1);
  for (const d of working) {
    const s = d.slots.slice(index).find((x) => x.free === capacity);
    if (s) return s;
  }
  throw new Error('no free slot');
}
let idSeq = 0;
/** A distinct applicant for a proxy booking. */
const client = (name: string) => {
  idSeq += 1;
  return { type: 'individual', name, idNumber: `4207001990${String(Date.now() % 100000).padStart(5, '0')}${String(idSeq).padStart(3, '0')}`, phone: '13912345678' };
};
const bj = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('api: online appointments at the community windows (在线预约)', function () {
  this.timeout(180_000);

  it('shows anyone the bookable slots: working days inside office hours only, with free seats', async () => {
    const { capacity, days } = await slotsOf('DSZN', 'COM-BINHU');
    expect(capacity).to.equal(platform().config.appointments.capacity);
    expect(days).to.have.length(platform().config.appointments.daysAhead);
    const weekend = days.find((d) => !d.work)!;
    expect(weekend.slots).to.deep.equal([]);
    expect(weekend.reason.zh).to.match(/周末|假期|节/);
    for (const d of days.filter((x) => x.work)) {
      for (const s of d.slots) {
        const hm = bj(s.start).slice(11);
        expect(hm >= '09:00' && (hm < '12:00' || hm >= '13:30') && hm < '17:30', `${s.start} inside office hours`).to.equal(true);
      }
    }
    const unknown = await call('GET', '/api/appointments/slots?itemCode=DSZN&communityCode=DEPT-HEALTH');
    expect(unknown.statusCode).to.equal(404);
    expect(unknown.json().message.zh).to.include('DEPT-HEALTH');
  });

  it('refuses a slot in the past, on a weekend or outside office hours, in both languages', async () => {
    const citizen = await login('citizen.wang');
    const { days } = await slotsOf('LNYD', 'COM-BINHU');
    const book = (slotStart: string) => call('POST', '/api/appointments', { token: citizen, body: { itemCode: 'LNYD', communityCode: 'COM-BINHU', slotStart } });
    const past = await book(new Date((await platform().services.now()).getTime() - 3600_000).toISOString());
    expect(past.statusCode).to.equal(422);
    expect(past.json().code).to.equal('SLOT_IN_PAST');
    const weekend = days.find((d) => !d.work)!;
    const closed = await book(new Date(`${weekend.date}T10:00:00+08:00`).toISOString());
    expect(closed.statusCode).to.equal(422);
    expect(closed.json().code).to.equal('SLOT_NOT_WORKING_DAY');
    expect(closed.json().message.zh).to.include(weekend.date);
    expect(closed.json().message.en).to.include(weekend.date);
    const workday = days.filter((d) => d.work).at(-1)!;
    const lunch = await book(new Date(`${workday.date}T12:30:00+08:00`).toISOString());
    expect(lunch.statusCode).to.equal(422);
    expect(lunch.json().code).to.equal('SLOT_OUTSIDE_OFFICE_HOURS');
    expect(lunch.json().message.zh).to.include('12:30');
    expect(lunch.json().message.en).to.include('12:30');
    const proxy = await call('POST', '/api/appointments', { token: await login('proxy.li'), body: { itemCode: 'LNYD', communityCode: 'COM-BINHU', slotStart: workday.slots[0]!.start } });
    expect(proxy.statusCode, 'a proxy agent names the applicant').to.equal(422);
    expect(proxy.json().code).to.equal('APPLICANT_REQUIRED');
  });

  it('never books a slot beyond its capacity, even when bookings arrive at the same moment', async () => {
    const proxy = await login('proxy.li');
    const slot = await freeSlot('JYSY', 'COM-DUSHAN', 2, 3);
    const capacity = platform().config.appointments.capacity;
    const tries = Array.from({ length: capacity + 4 }, (_, i) => call('POST', '/api/appointments', {
      token: proxy, body: { itemCode: 'JYSY', communityCode: 'COM-DUSHAN', slotStart: slot.start, applicant: client(`并发${i}号`) },
    }));
    const answers = await Promise.all(tries);
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201), codes.join(',')).to.have.length(capacity);
    const refused = answers.filter((r) => r.statusCode === 409);
    expect(refused).to.have.length(4);
    for (const r of refused) {
      expect(r.json().code).to.equal('SLOT_FULL');
      expect(r.json().message.zh).to.include(bj(slot.start));
    }
    const after = (await slotsOf('JYSY', 'COM-DUSHAN')).days.flatMap((d) => d.slots).find((s) => s.start === slot.start)!;
    expect(after.free).to.equal(0);
    // a cancelled booking frees its seat for the next
    const one = answers.find((r) => r.statusCode === 201)!.json();
    const cancelled = await call('POST', `/api/appointments/${one.appointmentNumber}/cancel`, { token: proxy, body: { reason: '行程有变' } });
    expect(cancelled.statusCode, cancelled.body).to.equal(200);
    expect(cancelled.json().status).to.equal('cancelled');
    const freed = (await slotsOf('JYSY', 'COM-DUSHAN')).days.flatMap((d) => d.slots).find((s) => s.start === slot.start)!;
    expect(freed.free).to.equal(1);
  });

  it('the citizen books, the window of that community confirms, the citizen sees it confirmed; the window can move a booking with a reason', async () => {
    const citizen = await login('citizen.wang');
    const window = await login('binhu.acceptor');
    const slot = await freeSlot('DSZN', 'COM-BINHU', 3, 2);
    const booked = await call('POST', '/api/appointments', { token: citizen, body: { itemCode: 'DSZN', communityCode: 'COM-BINHU', slotStart: slot.start } });
    expect(booked.statusCode, booked.body).to.equal(201);
    const a = booked.json();
    expect(a).to.include({ status: 'booked', itemCode: 'DSZN', communityCode: 'COM-BINHU', slotStart: slot.start });
    expect(a.applicant.name).to.equal('王小明');
    expect(a.applicant.idNumber).to.match(/^\d{3}\*+\d{4}$/);
    const again = await call('POST', '/api/appointments', { token: citizen, body: { itemCode: 'DSZN', communityCode: 'COM-BINHU', slotStart: slot.start } });
    expect(again.statusCode).to.equal(409);
    expect(again.json().message.zh).to.include(a.appointmentNumber);

    const list = (await call('GET', `/api/appointments/window?from=${bj(slot.start).slice(0, 10)}&days=1`, { token: window })).json().appointments;
    expect(list.map((x: { appointmentNumber: string }) => x.appointmentNumber)).to.include(a.appointmentNumber);
    // another community's window neither sees nor handles it
    const other = await login('dushan.acceptor');
    expect((await call('GET', `/api/appointments/window?from=${bj(slot.start).slice(0, 10)}&days=1`, { token: other })).json().appointments.map((x: { appointmentNumber: string }) => x.appointmentNumber)).not.to.include(a.appointmentNumber);
    const foreign = await call('POST', `/api/appointments/${a.appointmentNumber}/confirm`, { token: other });
    expect(foreign.statusCode).to.equal(403);
    expect(foreign.json().message.zh).to.include('COM-BINHU');

    const confirmed = await eventually('the window task to be ready', async () => {
      const r = await call('POST', `/api/appointments/${a.appointmentNumber}/confirm`, { token: window });
      return r.statusCode === 200 ? r : null;
    });
    expect(confirmed.json()).to.include({ status: 'confirmed', handledBy: 'binhu.acceptor' });
    const mine = (await call('GET', '/api/appointments/mine', { token: citizen })).json().appointments;
    expect(mine.find((x: { appointmentNumber: string }) => x.appointmentNumber === a.appointmentNumber)).to.deep.include({ status: 'confirmed', statusText: { zh: '已确认', en: 'confirmed' } });
    const twice = await call('POST', `/api/appointments/${a.appointmentNumber}/confirm`, { token: window });
    expect(twice.statusCode).to.equal(409);
    expect(twice.json().message.zh).to.include('已确认');
    // not the slot's day yet, and the slot has not ended
    const early = await call('POST', `/api/appointments/${a.appointmentNumber}/check-in`, { token: window });
    expect(early.statusCode).to.equal(409);
    expect(early.json().code).to.equal('NOT_SLOT_DAY');
    expect((await call('POST', `/api/appointments/${a.appointmentNumber}/no-show`, { token: window })).json().code).to.equal('SLOT_NOT_OVER');
    // somebody else's booking cannot be cancelled
    const notMine = await call('POST', `/api/appointments/${a.appointmentNumber}/cancel`, { token: await login('proxy.li'), body: {} });
    expect(notMine.statusCode).to.equal(403);

    // a proxy booking the window moves to another slot, with a reason
    const proxy = await login('proxy.li');
    const first = await freeSlot('CJRZ', 'COM-BINHU', 3, 4);
    const later = await freeSlot('CJRZ', 'COM-BINHU', 4, 6);
    const proxyBooked = (await call('POST', '/api/appointments', { token: proxy, body: { itemCode: 'CJRZ', communityCode: 'COM-BINHU', slotStart: first.start, applicant: client('赵代约') } })).json();
    const noReason = await call('POST', `/api/appointments/${proxyBooked.appointmentNumber}/move`, { token: window, body: { slotStart: later.start } });
    expect(noReason.statusCode).to.equal(400);
    const moved = await eventually('the move', async () => {
      const r = await call('POST', `/api/appointments/${proxyBooked.appointmentNumber}/move`, { token: window, body: { slotStart: later.start, reason: '当天窗口人员外出培训' } });
      return r.statusCode === 200 ? r : null;
    });
    expect(moved.json()).to.deep.include({ status: 'moved', slotStart: later.start });
    expect(moved.json().moves[0]).to.include({ fromStart: first.start, toStart: later.start, reason: '当天窗口人员外出培训' });
    const movedNotice = await eventually('the move notice to the proxy agent who booked', async () => ((await call('GET', '/api/notices/mine', { token: proxy })).json().notices as { kind: string; text: string; subject: { id: string } | null }[])
      .find((n) => n.subject?.id === proxyBooked.appointmentNumber && n.kind === 'appointment-moved'));
    expect(movedNotice.text).to.include('当天窗口人员外出培训').and.include(bj(later.start));
    const seats = (await slotsOf('CJRZ', 'COM-BINHU')).days.flatMap((d) => d.slots);
    expect(seats.find((s) => s.start === first.start)!.free, 'the old seat is free again').to.equal(platform().config.appointments.capacity);

    // worked from the to-do list's form instead: the same confirmation
    const third = await freeSlot('JZZ', 'COM-BINHU', 5, 1);
    const viaTodo = (await call('POST', '/api/appointments', { token: proxy, body: { itemCode: 'JZZ', communityCode: 'COM-BINHU', slotStart: third.start, applicant: client('孙待办') } })).json();
    const task = await openTask(viaTodo.appointmentNumber, 'handle');
    expect((await call('POST', `/api/tasks/${task.userTaskKey}/claim`, { token: window })).statusCode).to.equal(200);
    const done = await call('POST', `/api/tasks/${task.userTaskKey}/complete`, { token: window, body: { decision: 'confirmed' } });
    expect(done.statusCode, done.body).to.be.within(200, 204);
    expect((await platform().services.appointments.get(viaTodo.appointmentNumber)).status).to.equal('confirmed');

    const entries = await auditEntries({ caseNumber: a.appointmentNumber });
    expect(entries.map((e) => e.action)).to.include.members(['appointment.booked', 'appointment.confirmed']);
    expect(entries.find((e) => e.action === 'appointment.confirmed')!.actor.id).to.equal('binhu.acceptor');
    expect((await auditEntries({ caseNumber: proxyBooked.appointmentNumber })).map((e) => e.action)).to.include.members(['appointment.booked', 'appointment.moved']);
  });
});
