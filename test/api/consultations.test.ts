import { expect } from 'chai';
import { auditEntries, call, login } from '../support/api.js';
import { platform } from '../support/platform.js';
import { eventually } from '../support/staff.js';

type Json = Record<string, unknown>;
const ask = async (username: string, body: Json) => call('POST', '/api/consultations', { token: await login(username), body });
/** The question in the department's open list, once its answer step is in the department's queue. */
const openIn = (username: string, n: string) => eventually(`${n} open for ${username}`, async () =>
  ((await call('GET', '/api/consultations/department?state=asked', { token: await login(username) })).json().consultations as Json[]).find((c) => c.consultationNumber === n && c.dueAt));

/** Answers as a department's staff member; the answer step is handed out by the engine a moment after the question's clock starts. */
const answerAs = (username: string, n: string, answer: string) => eventually(`the answer step of ${n}`, async () => {
  const res = await call('POST', `/api/consultations/${n}/answer`, { token: await login(username), body: { answer } });
  return res.statusCode === 409 && res.json().code === 'CONSULTATION_NOT_READY' ? undefined : res;
});

describe('api: online consultation (在线咨询, seed 001 §4(2))', function () {
  this.timeout(120_000);

  it('a citizen asks, the item’s department answers within its day, the asker reads it, and it is published on the guide', async () => {
    const question = `独生子女父母光荣证遗失后可以补办吗？（${Date.now()}）`;
    const asked = await ask('citizen.wang', { itemCode: 'DSZN', question });
    expect(asked.statusCode, asked.body).to.equal(201);
    const c = asked.json();
    expect(c.consultationNumber).to.match(/^ZX\d{10}$/);
    expect(c).to.include({ itemCode: 'DSZN', departmentCode: 'DEPT-HEALTH', state: 'asked', question, answer: null, faqPublished: false });
    const n = c.consultationNumber as string;

    // the department sees it with its one-working-day due time; another department does not
    const open = await openIn('health.reviewer', n);
    expect(Date.parse(open.dueAt as string)).to.be.above(Date.parse(c.askedAt));
    const civil = (await call('GET', '/api/consultations/department', { token: await login('civil.reviewer') })).json().consultations as Json[];
    expect(civil.map((x) => x.consultationNumber)).to.not.include(n);

    // not answered yet: nothing to publish; staff of another department may not answer
    const early = await call('POST', `/api/consultations/${n}/publish`, { token: await login('health.leader') });
    expect(early.statusCode).to.equal(409);
    expect(early.json().code).to.equal('CONSULTATION_NOT_ANSWERED');
    const stranger = await call('POST', `/api/consultations/${n}/answer`, { token: await login('civil.reviewer'), body: { answer: '可以补办。' } });
    expect(stranger.statusCode).to.equal(403);
    expect(stranger.json().code).to.equal('CONSULTATION_NOT_YOUR_DEPARTMENT');
    expect(stranger.json().message.zh).to.include('DEPT-HEALTH');

    const answer = '可以补办：携身份证、户口簿到社区窗口申请，3个工作日内补发。';
    const answered = await answerAs('health.reviewer', n, answer);
    expect(answered.statusCode, answered.body).to.equal(200);
    expect(answered.json()).to.include({ state: 'answered', answer, answeredBy: 'health.reviewer' });
    const twice = await call('POST', `/api/consultations/${n}/answer`, { token: await login('health.verifier'), body: { answer: '再答一次' } });
    expect(twice.statusCode).to.equal(409);
    expect(twice.json().code).to.equal('CONSULTATION_ANSWERED');
    expect(twice.json().message.zh).to.include('health.reviewer');

    // the answer completed the process's answer step in the staff member's name
    const tasks = await auditEntries({ target: n });
    expect(tasks.map((e) => e.action)).to.include.members(['consultation.asked', 'consultation.answered']);
    const completed = await eventually('the answer step completed', async () => (await auditEntries({ caseNumber: n, action: 'task.completed' }))[0]);
    expect(completed).to.deep.include({ caseKind: 'consultation', unit: 'DEPT-HEALTH' });
    expect(completed.actor.id).to.equal('health.reviewer');

    // the asker is told, in the portal's notices (and by text message to the account's phone)
    const notices = (await call('GET', '/api/notices/mine', { token: await login('citizen.wang') })).json().notices as Json[];
    const told = notices.find((x) => (x.subject as Json | null)?.id === n);
    expect(told, 'the answer notice, also texted to the account’s phone').to.include({ kind: 'consultation-answered', texted: true });
    expect(told!.text).to.include(n).and.include('可以补办');
    const proxyNotices = (await call('GET', '/api/notices/mine', { token: await login('proxy.li') })).json().notices as Json[];
    expect(proxyNotices.some((x) => (x.subject as Json | null)?.id === n)).to.equal(false);

    const mine = (await call('GET', '/api/consultations/mine', { token: await login('citizen.wang') })).json().consultations as Json[];
    expect(mine.find((x) => x.consultationNumber === n)).to.include({ state: 'answered', answer });
    const others = (await call('GET', '/api/consultations/mine', { token: await login('proxy.li') })).json().consultations as Json[];
    expect(others.map((x) => x.consultationNumber)).to.not.include(n);

    // 好差评 covers consultations: the asker rates the answer, nobody else may
    const rate = async (username: string) => call('POST', '/api/evaluations', { token: await login(username), body: { subject: { kind: 'consultation', id: n }, grade: 'very-satisfied', channel: 'portal' } });
    expect((await rate('proxy.li')).statusCode, 'not the asker').to.equal(403);
    const rated = await rate('citizen.wang');
    expect(rated.statusCode, rated.body).to.equal(201);
    expect(rated.json().rating).to.deep.include({ grade: 'very-satisfied', bad: false });
    expect(rated.json().rectification).to.equal(null);

    expect(((await call('GET', '/api/guides/DSZN/faq')).json().faq as Json[]).map((f) => f.consultationNumber)).to.not.include(n);
    const published = await call('POST', `/api/consultations/${n}/publish`, { token: await login('health.leader') });
    expect(published.statusCode, published.body).to.equal(200);
    expect(published.json().faqPublished).to.equal(true);
    const faq = (await call('GET', '/api/guides/DSZN/faq')).json().faq as Json[];
    expect(faq.find((f) => f.consultationNumber === n)).to.include({ question, answer });
    expect(JSON.stringify(faq), 'the asker is not named on the guide').to.not.include('citizen.wang');
    expect((await auditEntries({ target: n, action: 'consultation.published' }))[0]!.actor.id).to.equal('health.leader');
  });

  it('refuses a question too short, about an unknown item, or from staff, each saying why', async () => {
    const short = await ask('proxy.li', { itemCode: 'DSZN', question: '补办？' });
    expect(short.statusCode).to.equal(422);
    expect(short.json().code).to.equal('QUESTION_LENGTH');
    expect(short.json().message.zh).to.include('5').and.include('3');
    const unknown = await ask('proxy.li', { itemCode: 'NOSUCH', question: '这个事项怎么办理？' });
    expect(unknown.statusCode).to.equal(404);
    expect(unknown.json().message.zh).to.include('NOSUCH');
    const staff = await call('POST', '/api/consultations', { token: await login('health.reviewer'), body: { itemCode: 'DSZN', question: '这个事项怎么办理？' } });
    expect(staff.statusCode).to.equal(403);
    const n = (await ask('proxy.li', { itemCode: 'LNYD', question: '老年人优待证可以代办吗？' })).json().consultationNumber as string;
    await openIn('civil.reviewer', n);
    const blank = await call('POST', `/api/consultations/${n}/answer`, { token: await login('civil.reviewer'), body: { answer: ' ' } });
    expect(blank.statusCode).to.equal(422);
    expect(blank.json().code).to.equal('ANSWER_LENGTH');
    const leader = await call('POST', `/api/consultations/${n}/answer`, { token: await login('civil.leader'), body: { answer: '可以代办。' } });
    expect(leader.statusCode, 'leaders publish, staff answer').to.equal(403);
  });

  it('hands evaluation what it needs: item, asker, the department and who answered, and when it ended', async () => {
    const { services } = platform();
    const n = (await ask('company.ezhou', { itemCode: 'LNYD', question: '优待证在外地可以使用吗？' })).json().consultationNumber as string;
    expect(await services.consultations.forEvaluation(n)).to.deep.include({ itemCode: 'LNYD', askerUsername: 'company.ezhou', endedAt: null });
    await openIn('civil.decider', n);
    expect((await answerAs('civil.decider', n, '全国通用。')).statusCode).to.equal(200);
    const subject = (await services.consultations.forEvaluation(n))!;
    expect(subject.parties).to.deep.equal([{ kind: 'department', id: 'DEPT-CIVIL', unitCode: 'DEPT-CIVIL' }, { kind: 'operator', id: 'civil.decider', unitCode: 'DEPT-CIVIL' }]);
    expect(subject.endedAt).to.be.instanceOf(Date);
    expect(await services.consultations.forEvaluation('ZX2099000000')).to.equal(null);
  });
});
