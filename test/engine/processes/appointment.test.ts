import { expect } from 'chai';
import { auditEntries, call, login } from '../../support/api.js';
import { platform } from '../../support/platform.js';
import { eventually, openTask, operator } from '../../support/staff.js';

/** Beijing local time → instant */
const bj = (s: string) => new Date(`${s}:00+08:00`);
const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);
const nextDate = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

// The engine clock only ever moves forward (a backward jump stops the broker's timer checks).
describe('appointment process on the engine clock: 1 working hour for the window, then the reminder (seed 001 §4(3))', function () {
  this.timeout(180_000);

  it('cards the late window step by step, notifies the booker, reminds before the slot, and checks in on the day', async () => {
    const { services, clock } = platform();
    const { calendar } = services;
    // 09:00 of the next working day that has two more working days after it
    let day = nextDate(calendar.localDate(await clock.now()));
    const working = (d: string) => calendar.day(d).work;
    while (!working(day)) day = nextDate(day);
    await clock.moveTo(bj(`${day}T09:00`));
    let slotDay = nextDate(day);
    for (let n = 0; n < 2; slotDay = nextDate(slotDay)) if (working(slotDay) && ++n === 2) break;
    const slotStart = bj(`${slotDay}T10:00`);

    const proxy = await login('proxy.li');
    const booked = await call('POST', '/api/appointments', {
      token: proxy, body: { itemCode: 'LNYD', communityCode: 'COM-BINHU', slotStart: slotStart.toISOString(), applicant: { type: 'individual', name: '钱老伯', idNumber: '420700195001015678', phone: '13700001111' } },
    });
    expect(booked.statusCode, booked.body).to.equal(201);
    const number = booked.json().appointmentNumber as string;

    // the window's step: acceptor of the community, due 1 working hour after the booking
    const task = await openTask(number, 'handle');
    expect(task).to.include({ caseKind: 'appointment', post: 'acceptor', unitCode: 'COM-BINHU' });
    const deadline = (await services.stepDeadlines.get(task.deadlineId!))!;
    const bookedAt = new Date(booked.json().bookedAt);
    expect(deadline.dueAt!.getTime() - bookedAt.getTime()).to.equal(calendar.addWorkingMinutes(bookedAt, 60).at.getTime() - bookedAt.getTime());
    expect(calendar.workingMinutesBetween(bookedAt, deadline.dueAt!)).to.equal(60);
    await services.tasks.claim(task.userTaskKey, await operator('binhu.acceptor'));

    const cards = () => services.escalation.cardsOf(number);
    for (const [level, at] of [['warning', deadline.warningAt!], ['yellow', deadline.dueAt!], ['red', deadline.redAt!]] as const) {
      await clock.moveTo(minutes(at, 1));
      const card = await eventually(`the ${level} card`, async () => (await cards()).find((c) => c.level === level));
      expect(card).to.include({ holder: 'binhu.acceptor', heldByQueue: false, step: 'handle', caseKind: 'appointment' });
    }
    expect((await cards()).map((c) => c.level)).to.deep.equal(['warning', 'yellow', 'red']);

    // late, but the window confirms: the booker is told, and the reminder waits until 24 hours before the slot
    const window = await login('binhu.acceptor');
    const confirmed = await call('POST', `/api/appointments/${number}/confirm`, { token: window });
    expect(confirmed.statusCode, confirmed.body).to.equal(200);
    // the booker reads the notices in their portal (the applicant's phone gets them by text)
    type Notice = { kind: string; text: string; texted: boolean; subject: { kind: string; id: string } | null };
    const notices = async (kind: string) => ((await call('GET', '/api/notices/mine', { token: proxy })).json().notices as Notice[])
      .filter((n) => n.subject?.id === number && n.kind === kind);
    const told = await eventually('the confirmation notice', async () => (await notices('appointment-confirmed'))[0]);
    expect(told.text).to.include('已确认').and.include('滨湖社区');
    expect(told.texted).to.equal(true);
    const reminderAt = new Date(slotStart.getTime() - platform().config.appointments.reminderHours * 3600_000);
    await clock.moveTo(minutes(reminderAt, -2));
    await new Promise((r) => setTimeout(r, 500));
    expect(await notices('appointment-reminder'), 'no reminder before its time').to.deep.equal([]);
    await clock.moveTo(minutes(reminderAt, 1));
    const reminder = await eventually('the reminder', async () => (await notices('appointment-reminder'))[0]);
    expect(reminder.text).to.include(`${slotDay} 10:00`);

    // on the slot's day the applicant comes: checked in, then filed at the window with the booked data
    await clock.moveTo(bj(`${slotDay}T09:50`));
    const checkedIn = await call('POST', `/api/appointments/${number}/check-in`, { token: window });
    expect(checkedIn.statusCode, checkedIn.body).to.equal(200);
    expect(checkedIn.json().status).to.equal('checked-in');
    const full = (await call('GET', `/api/appointments/${number}`, { token: window })).json();
    expect(full.applicant.idNumber).to.equal('420700195001015678');
    const item = (await services.items.latest('LNYD'))!;
    const filed = await call('POST', '/api/applications', { token: window, body: { itemCode: full.itemCode, applicant: full.applicant, materials: item.materials.map((m) => ({ name: m.name, provided: true })) } });
    expect(filed.statusCode, filed.body).to.equal(201);
    const linked = await call('PUT', `/api/appointments/${number}/application`, { token: window, body: { applicationNumber: filed.json().applicationNumber } });
    expect(linked.statusCode, linked.body).to.equal(200);
    expect(linked.json().applicationNumber).to.equal(filed.json().applicationNumber);

    const evaluation = await services.appointments.forEvaluation(number);
    expect(evaluation).to.deep.include({ itemCode: 'LNYD', askerUsername: 'proxy.li' });
    expect(evaluation!.endedAt).to.be.instanceOf(Date);
    expect(evaluation!.parties).to.deep.include({ kind: 'operator', id: 'binhu.acceptor', unitCode: 'COM-BINHU' });
    expect((await auditEntries({ caseNumber: number, action: 'appointment.checked-in' }))).to.have.length(1);

    // 好差评 covers appointments too: the booker rates the visit once it has ended; a bad one opens a rectification
    const rated = await call('POST', '/api/evaluations', { token: proxy, body: { subject: { kind: 'appointment', id: number }, grade: 'dissatisfied', channel: 'portal', comment: '确认太慢' } });
    expect(rated.statusCode, rated.body).to.be.within(200, 201);
    expect(rated.json().rating).to.deep.include({ grade: 'dissatisfied', bad: true });
    expect(rated.json().rectification).to.deep.include({ state: 'open' });

    // another booking of that morning nobody comes for: after its slot the window marks a no-show
    const absent = (await call('POST', '/api/appointments', {
      token: proxy, body: { itemCode: 'DSZN', communityCode: 'COM-BINHU', slotStart: bj(`${slotDay}T10:30`).toISOString(), applicant: { type: 'individual', name: '周缺席', idNumber: '420700196002023456', phone: '13700002222' } },
    })).json();
    await openTask(absent.appointmentNumber, 'handle');
    expect((await call('POST', `/api/appointments/${absent.appointmentNumber}/confirm`, { token: window })).statusCode).to.equal(200);
    const early = await call('POST', `/api/appointments/${absent.appointmentNumber}/no-show`, { token: window });
    expect(early.json().code, 'not before the slot has ended').to.equal('SLOT_NOT_OVER');
    await clock.moveTo(bj(`${slotDay}T11:01`));
    const noShow = await call('POST', `/api/appointments/${absent.appointmentNumber}/no-show`, { token: window });
    expect(noShow.statusCode, noShow.body).to.equal(200);
    expect(noShow.json().status).to.equal('no-show');
    expect((await services.appointments.forEvaluation(absent.appointmentNumber))!.endedAt).to.be.instanceOf(Date);
  });
});
