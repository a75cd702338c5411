import { expect } from 'chai';
import { auditEntries, call, login } from '../support/api.js';
import { platform } from '../support/platform.js';
import { fileApplication, openTask } from '../support/staff.js';
import { TaskModel } from '../../domain/task/task.model.js';

interface Step { userTaskKey: string; caseNumber: string; unitCode: string; mark: string; timeLeft: { workingMinutes: number; overdue: boolean } | null }
interface Notice { noticeNumber: string; state: string; readAt: string | null; readBy: string | null; answer: { text: string; by: string } | null; late: boolean }
const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);

// The live board (实时监控, seed 000 §15, §30; 003 §4(4)) and correction notices (督办, 001 §30).
describe('api: the supervisor’s live board and correction notices', function () {
  this.timeout(120_000);
  let supervisor: string;
  let acceptor: string;
  before(async () => {
    supervisor = await login('supervisor');
    acceptor = await login('binhu.acceptor');
  });

  it('shows a unit’s open steps with working time left; a leader sees only their own unit; practice cases never count', async () => {
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const task = await openTask(filed.applicationNumber, 'accept');
    const board = await call('GET', '/api/supervision/board?unit=COM-BINHU&level=community', { token: supervisor });
    expect(board.statusCode, board.body).to.equal(200);
    const step = (board.json().steps as Step[]).find((s) => s.userTaskKey === task.userTaskKey);
    expect(step, 'the new accept step').to.include({ caseNumber: filed.applicationNumber, unitCode: 'COM-BINHU' });
    expect(step!.timeLeft!.workingMinutes, 'accept has 2 working hours at most').to.be.within(0, 120);
    expect(board.json().byUnit.map((u: { unitCode: string }) => u.unitCode)).to.deep.equal(['COM-BINHU']);

    // a filter on another level leaves the community out
    const districts = await call('GET', '/api/supervision/board?level=district', { token: supervisor });
    expect((districts.json().steps as Step[]).some((s) => s.unitCode === 'COM-BINHU')).to.equal(false);

    // the health leader asks for Binhu and gets their own unit
    const other = await call('GET', '/api/supervision/board?unit=COM-BINHU', { token: await login('health.leader') });
    expect(other.json().filter.unit).to.equal('DEPT-HEALTH');
    expect((other.json().steps as Step[]).some((s) => s.unitCode !== 'DEPT-HEALTH')).to.equal(false);
    const own = await call('GET', '/api/supervision/board', { token: await login('binhu.leader') });
    expect((own.json().steps as Step[]).map((s) => s.userTaskKey)).to.include(task.userTaskKey);

    await TaskModel.updateOne({ userTaskKey: task.userTaskKey }, { $set: { practice: true } });
    try {
      const again = await call('GET', '/api/supervision/board?unit=COM-BINHU', { token: supervisor });
      expect((again.json().steps as Step[]).map((s) => s.userTaskKey), 'a practice step').not.to.include(task.userTaskKey);
    } finally {
      await TaskModel.updateOne({ userTaskKey: task.userTaskKey }, { $set: { practice: false } });
    }
  });

  it('refuses a bad filter by schema with the field named, in both languages', async () => {
    const res = await call('GET', '/api/supervision/board?level=galaxy', { token: supervisor });
    expect(res.statusCode).to.equal(400);
    expect(res.json().message.zh).to.include('level');
    expect(res.json().message.en).to.include('level');
  });

  it('streams the card that falls while the stream is open, found in the store', async () => {
    const { clock } = platform();
    const filed = await fileApplication('DSZN', 'COM-BINHU');
    const task = await openTask(filed.applicationNumber, 'accept');
    const stream = call('GET', '/api/supervision/stream?unit=COM-BINHU&seconds=8', { token: supervisor });
    await new Promise((r) => setTimeout(r, 500));
    await clock.moveTo(minutes(task.warningAt!, 1));
    const res = await stream;
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.include('text/event-stream');
    const events = res.body.split('\n\n').filter((e) => e.includes('event: card')).map((e) => JSON.parse(e.split('\n').find((l) => l.startsWith('data: '))!.slice(6)));
    expect(events.find((c) => c.caseNumber === filed.applicationNumber), res.body).to.include({ level: 'warning', unitCode: 'COM-BINHU', step: 'accept' });
    expect(res.body).to.include('event: end');
  });

  it('sends a correction notice that the operator opens (read time) and answers in writing; the supervisor sees it', async () => {
    const now = await platform().services.now();
    const replyBy = new Date(now.getTime() + 86_400_000).toISOString();
    const sent = await call('POST', '/api/correction-notices', { token: supervisor, body: { recipient: { kind: 'operator', id: 'binhu.acceptor' }, text: '受理环节已预警，请今日办结', replyBy } });
    expect(sent.statusCode, sent.body).to.equal(201);
    const n = sent.json().noticeNumber as string;
    expect(sent.json()).to.include({ state: 'unread', readAt: null });

    const mine = await call('GET', '/api/correction-notices/mine', { token: acceptor });
    expect((mine.json().notices as Notice[]).map((x) => x.noticeNumber)).to.include(n);

    // a stranger neither opens nor answers it
    const stranger = await login('health.reviewer');
    const peek = await call('GET', `/api/correction-notices/${n}`, { token: stranger });
    // told the same as for a number that does not exist
    expect(peek.statusCode).to.equal(404);
    expect(peek.json().code).to.equal('CORRECTION_NOTICE_NOT_FOUND');
    expect(peek.json().message.zh).to.include(n);
    expect((await call('POST', `/api/correction-notices/${n}/answer`, { token: stranger, body: { text: '不是我的' } })).statusCode).to.equal(404);
    expect((await call('GET', '/api/correction-notices/mine', { token: stranger })).json().notices.map((x: Notice) => x.noticeNumber)).not.to.include(n);

    const opened = await call('GET', `/api/correction-notices/${n}`, { token: acceptor });
    expect(opened.json()).to.include({ state: 'read', readBy: 'binhu.acceptor' });
    const readAt = opened.json().readAt as string;
    // opening it again keeps the first reading
    expect((await call('GET', `/api/correction-notices/${n}`, { token: acceptor })).json().readAt).to.equal(readAt);

    const blank = await call('POST', `/api/correction-notices/${n}/answer`, { token: acceptor, body: { text: '   ' } });
    expect(blank.statusCode).to.equal(422);
    expect(blank.json().message.zh).to.include('答复内容');
    const answered = await call('POST', `/api/correction-notices/${n}/answer`, { token: acceptor, body: { text: '已办结受理' } });
    expect(answered.statusCode, answered.body).to.equal(200);
    expect(answered.json()).to.include({ state: 'answered', late: false });
    const twice = await call('POST', `/api/correction-notices/${n}/answer`, { token: acceptor, body: { text: '再答一次' } });
    expect(twice.statusCode).to.equal(409);

    const list = await call('GET', '/api/correction-notices?unit=COM-BINHU', { token: supervisor });
    const seen = (list.json().notices as Notice[]).find((x) => x.noticeNumber === n)!;
    expect(seen).to.include({ state: 'answered', readAt });
    expect(seen.answer).to.include({ text: '已办结受理', by: 'binhu.acceptor' });

    const trail = await auditEntries({ target: n });
    expect(trail.map((e) => e.action)).to.deep.equal(['correction-notice.sent', 'correction-notice.read', 'correction-notice.answered']);
  });

  it('sends to a unit: anyone on its staff reads and answers; the first reader is recorded', async () => {
    const replyBy = new Date((await platform().services.now()).getTime() + 3_600_000).toISOString();
    const sent = await call('POST', '/api/correction-notices', { token: supervisor, body: { recipient: { kind: 'unit', id: 'COM-BINHU' }, text: '本周红牌较多，请说明原因', replyBy } });
    expect(sent.statusCode, sent.body).to.equal(201);
    const n = sent.json().noticeNumber as string;
    const closer = await login('binhu.closer');
    expect((await call('GET', `/api/correction-notices/${n}`, { token: closer })).json().readBy).to.equal('binhu.closer');
    const answer = await call('POST', `/api/correction-notices/${n}/answer`, { token: await login('binhu.leader'), body: { text: '已安排 AB 岗' } });
    expect(answer.json().answer.by).to.equal('binhu.leader');
    expect((await call('GET', `/api/correction-notices/${n}`, { token: await login('health.leader') })).statusCode).to.equal(404);
  });

  it('refuses an empty text, an unknown recipient and a reply-by time gone by, in both languages', async () => {
    const replyBy = new Date((await platform().services.now()).getTime() + 3_600_000).toISOString();
    const empty = await call('POST', '/api/correction-notices', { token: supervisor, body: { recipient: { kind: 'operator', id: 'binhu.acceptor' }, text: '', replyBy } });
    expect(empty.statusCode).to.equal(400);
    expect(empty.json().message.en).to.include('text');
    const blank = await call('POST', '/api/correction-notices', { token: supervisor, body: { recipient: { kind: 'operator', id: 'binhu.acceptor' }, text: '  ', replyBy } });
    expect(blank.statusCode).to.equal(422);
    expect(blank.json()).to.include({ code: 'CORRECTION_TEXT_EMPTY' });
    expect(blank.json().message.zh).to.include('督办内容');
    const nobody = await call('POST', '/api/correction-notices', { token: supervisor, body: { recipient: { kind: 'operator', id: 'no.such.person' }, text: '请说明', replyBy } });
    expect(nobody.statusCode).to.equal(404);
    expect(nobody.json().message.zh).to.include('no.such.person');
    expect(nobody.json().message.en).to.include('no.such.person');
    // an applicant is no recipient of supervision
    expect((await call('POST', '/api/correction-notices', { token: supervisor, body: { recipient: { kind: 'operator', id: 'citizen.wang' }, text: '请说明', replyBy } })).statusCode).to.equal(404);
    const noUnit = await call('POST', '/api/correction-notices', { token: supervisor, body: { recipient: { kind: 'unit', id: 'NO-SUCH-UNIT' }, text: '请说明', replyBy } });
    expect(noUnit.statusCode).to.equal(404);
    expect(noUnit.json().message.zh).to.include('NO-SUCH-UNIT');
    const past = await call('POST', '/api/correction-notices', { token: supervisor, body: { recipient: { kind: 'unit', id: 'COM-BINHU' }, text: '请说明', replyBy: '2020-01-01T00:00:00Z' } });
    expect(past.statusCode).to.equal(422);
    expect(past.json().code).to.equal('REPLY_BY_PASSED');
    expect((await call('GET', '/api/correction-notices/DB2026999998', { token: acceptor })).statusCode).to.equal(404);
  });
});
