import { expect } from 'chai';
import { call, login } from '../support/api.js';
import { platform } from '../support/platform.js';
import { act, eventually, fileApplication, openTask } from '../support/staff.js';

type Json = Record<string, unknown>;
type TimeLeft = { workingMinutes: number; overdue: boolean; days: number; hours: number; minutes: number; minutesPerDay: number };

async function queued(token: string, applicationNumber: string, step: string): Promise<Json & { userTaskKey: string; timeLeft: TimeLeft; dueAt: string }> {
  return eventually(`${step} of ${applicationNumber} in the queue`, async () => {
    const res = await call('GET', `/api/tasks?scope=queue&caseNumber=${applicationNumber}`, { token });
    expect(res.statusCode, res.body).to.equal(200);
    return (res.json().tasks as (Json & { userTaskKey: string; timeLeft: TimeLeft; dueAt: string })[]).find((t) => t.step === step);
  });
}

describe('api: step forms, time left in working time, and step bodies the form cannot widen', function () {
  this.timeout(120_000);

  it('lists a task with its item and the working time left until its due time, negative once overdue', async () => {
    const { clock, services } = platform();
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const window = await login('binhu.acceptor');
    const task = await queued(window, filed.applicationNumber, 'accept');
    const now = await services.now();
    const due = new Date(task.dueAt);
    expect(task.itemName).to.equal('独生子女父母光荣证');
    // DSZN gives accept 2 working hours; the clock starts at filing, so at most that is left, in office minutes only
    // the engine clock runs on between the answer and this reading: a minute either way
    expect(task.timeLeft.workingMinutes).to.be.closeTo(services.calendar.workingMinutesBetween(now, due), 1);
    expect(task.timeLeft.workingMinutes).to.be.within(1, 120);
    expect(task.timeLeft).to.include({ overdue: false, minutesPerDay: services.calendar.minutesPerDay });
    expect(task.timeLeft.days * task.timeLeft.minutesPerDay + task.timeLeft.hours * 60 + task.timeLeft.minutes).to.equal(task.timeLeft.workingMinutes);

    // two working hours past the due time: overdue by those two hours, and a red card
    const later = services.calendar.addWorkingMinutes(due, 120).at;
    await clock.moveTo(later);
    const overdue = await queued(window, filed.applicationNumber, 'accept');
    expect(overdue.timeLeft).to.include({ overdue: true, days: 0 });
    expect(overdue.timeLeft.workingMinutes).to.be.closeTo(-120, 1);
    expect(overdue.escalation).to.equal('red');
  });

  it('gives the form the user task links to, filled for its step: the materials for accept, the generated number for decide', async () => {
    const filed = await fileApplication('DSZN', 'COM-BINHU', { missing: ['结婚证'] });
    const window = await login('binhu.acceptor');
    const task = await queued(window, filed.applicationNumber, 'accept');
    const res = await call('GET', `/api/tasks/${task.userTaskKey}/form`, { token: window });
    expect(res.statusCode, res.body).to.equal(200);
    const form = res.json() as { formId: string; step: string; schema: { id: string; components: { key?: string; type: string; values?: { value: string }[] }[] }; data: Json };
    expect(form).to.include({ formId: 'gov-accept', step: 'accept' });
    expect(form.schema.id).to.equal('gov-accept');
    const decision = form.schema.components.find((c) => c.key === 'decision')!;
    expect(decision.values!.map((v) => v.value)).to.deep.equal(['accepted', 'not-accepted', 'refused']);
    expect((form.data.materialOptions as { value: string }[]).map((m) => m.value)).to.deep.equal(['居民身份证', '户口簿', '结婚证', '近期免冠一寸照片']);
    expect(form.data.missingMaterials, 'what the window noted as not brought').to.deep.equal(['结婚证']);

    expect((await call('GET', `/api/tasks/${task.userTaskKey}/form`, { token: await login('binhu.closer') })).statusCode, 'not the closer’s post').to.equal(403);
    const unknown = await call('GET', '/api/tasks/no-such-task/form', { token: window });
    expect(unknown.statusCode).to.equal(404);
    expect(unknown.json().message.zh).to.equal('任务 no-such-task 不存在');

    await act(filed.applicationNumber, 'accept', 'binhu.acceptor', { decision: 'accepted' });
    await act(filed.applicationNumber, 'review', 'health.reviewer', { decision: 'approved', opinion: '符合条件' });
    const decider = await login('health.decider');
    const decide = await queued(decider, filed.applicationNumber, 'decide');
    const decideForm = (await call('GET', `/api/tasks/${decide.userTaskKey}/form`, { token: decider })).json() as { formId: string; data: Json };
    const app = await platform().services.applications.get(filed.applicationNumber);
    expect(decideForm.formId).to.equal('gov-decide');
    expect(decideForm.data).to.include({ documentNumber: app.documentNumber, confirmDocumentNumber: app.documentNumber });
    expect(app.documentNumber).to.match(/^DSZN-\d{4}-\d{6}$/);

    // the earlier steps, as the decider reads them
    const history = await call('GET', `/api/tasks/history?applicationNumber=${filed.applicationNumber}`, { token: decider });
    expect(history.statusCode, history.body).to.equal(200);
    const steps = history.json().steps as { step: string; by: string; decision: string; opinion: string | null }[];
    expect(steps.map((s) => [s.step, s.by, s.decision, s.opinion])).to.deep.equal([
      ['accept', 'binhu.acceptor', 'accepted', null], ['review', 'health.reviewer', 'approved', '符合条件'],
    ]);
    expect((await call('GET', `/api/tasks/history?applicationNumber=${filed.applicationNumber}`, { token: await login('dushan.acceptor') })).statusCode,
      'another community does not read the case').to.equal(404);
  });

  it('refuses a body with a field the step does not take, naming the field in both languages', async () => {
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const window = await login('binhu.acceptor');
    const task = await queued(window, filed.applicationNumber, 'accept');
    expect((await call('POST', `/api/tasks/${task.userTaskKey}/claim`, { token: window })).statusCode).to.equal(200);
    const extra = await call('POST', `/api/tasks/${task.userTaskKey}/complete`, { token: window, body: { decision: 'accepted', priority: 'high' } });
    expect(extra.statusCode, extra.body).to.equal(422);
    expect(extra.json().code).to.equal('STEP_BODY_INVALID');
    expect(extra.json().message.zh).to.equal('这是“受理”环节的任务，提交内容不符合要求：字段 priority 不是本环节接受的字段');
    expect(extra.json().message.en).to.equal('the body does not fit the accept step: /priority is not an accepted field');
    const empty = await call('POST', `/api/tasks/${task.userTaskKey}/complete`, { token: window, body: { decision: 'not-accepted', missingMaterials: [] } });
    expect(empty.statusCode).to.equal(422);
    expect(empty.json().message.zh).to.include('需补正的材料（missingMaterials） 至少填写一项');
    // nothing was completed: the task is still the acceptor's
    expect((await openTaskState(filed.applicationNumber))).to.equal('assigned');
    const done = await call('POST', `/api/tasks/${task.userTaskKey}/complete`, { token: window, body: { decision: 'not-accepted', missingMaterials: ['结婚证'] } });
    expect(done.statusCode, done.body).to.equal(204);
  });

  it('lets the operator of a task open the case’s uploaded material files, and nobody else', async () => {
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const window = await login('binhu.acceptor');
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(500, 0x20), Buffer.from('\n%%EOF\n')]);
    const boundary = '----task-files-boundary';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="身份证.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), pdf, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await platform().app.inject({
      method: 'POST', url: `/api/applications/${filed.applicationNumber}/files?material=${encodeURIComponent('居民身份证')}`, payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${window}` },
    });
    expect(up.statusCode, up.body).to.equal(201);
    const task = await queued(window, filed.applicationNumber, 'accept');
    const file = await call('GET', `/api/tasks/${task.userTaskKey}/files/${up.json().sha256}`, { token: window });
    expect(file.statusCode).to.equal(200);
    expect(file.headers['content-type']).to.equal('application/pdf');
    expect(file.rawPayload.equals(pdf)).to.equal(true);
    expect(String(file.headers['content-disposition'])).to.include(encodeURIComponent('身份证.pdf'));
    expect((await call('GET', `/api/tasks/${task.userTaskKey}/files/${up.json().sha256}`, { token: await login('dushan.acceptor') })).statusCode).to.equal(403);
    expect((await call('GET', `/api/tasks/${task.userTaskKey}/files/${'0'.repeat(64)}`, { token: window })).statusCode).to.equal(404);
  });

  it('names who holds a task when a second operator tries to claim it', async () => {
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const task = await openTask(filed.applicationNumber, 'accept');
    const services = platform().services;
    await services.tasks.claim(task.userTaskKey, { username: 'binhu.acceptor', unitCode: 'COM-BINHU', posts: ['acceptor'], activated: true });
    const second = await services.tasks.claim(task.userTaskKey, { username: 'binhu.other', unitCode: 'COM-BINHU', posts: ['acceptor'], activated: true })
      .then(() => null, (err: { code: string; zh: string; message: string }) => err);
    expect(second).to.include({ code: 'TASK_NOT_OPEN', zh: `任务 ${task.userTaskKey} 已被 binhu.acceptor 认领，请刷新待办列表` });
    expect(second!.message).to.include('already claimed by binhu.acceptor');
  });
});

async function openTaskState(applicationNumber: string): Promise<string | undefined> {
  const tasks = await platform().services.tasks.list({ caseNumber: applicationNumber, state: ['created', 'assigned'] });
  return tasks.find((t) => t.step === 'accept')?.state;
}
