import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { loadConfig } from '../../config/index.js';
import { Role } from '../../domain/account/account.model.js';
import { AuditAction, AuditCheckpointModel, AuditEntryModel } from '../../domain/audit/audit-entry.model.js';
import { bodyHash } from '../../domain/audit/audit-chain.js';
import { verifyExport } from '../../domain/audit/audit.service.js';
import { auditEntries, call, login } from '../support/api.js';
import { platform } from '../support/platform.js';
import { eventually } from '../support/staff.js';

type Json = Record<string, unknown>;
const run = promisify(execFile);
const person = { type: 'individual', name: '审计测试人', idNumber: '420700198808081234', phone: '13900008888' };
const dsznMaterials = ['居民身份证', '户口簿', '结婚证', '近期免冠一寸照片'];

async function work(username: string, applicationNumber: string, step: string, body: Json) {
  const token = await login(username);
  const task = await eventually(`${step} of ${applicationNumber}`, async () =>
    ((await call('GET', `/api/tasks?scope=queue&caseNumber=${applicationNumber}`, { token })).json().tasks as Json[]).find((t) => t.step === step));
  expect((await call('POST', `/api/tasks/${task.userTaskKey}/claim`, { token })).statusCode).to.equal(200);
  const done = await call('POST', `/api/tasks/${task.userTaskKey}/complete`, { token, body });
  expect(done.statusCode, done.body).to.equal(204);
  return String(task.userTaskKey);
}

/** Waits until nothing is appended for a moment: the engine's exporter and the workers deliver after the calls return. */
async function quiet() {
  let last = -1;
  await eventually('the audit trail to settle', async () => {
    const head = await platform().services.audit.head();
    const settled = head.seq === last;
    last = head.seq;
    return settled || null;
  });
}

const verify = async () => (await call('GET', '/api/audit/verify', { token: await login('auditor') })).json();
const raw = () => AuditEntryModel.collection;

describe('audit trail (审计): every action leaves a chained entry; tampering is caught; auditors only', function () {
  this.timeout(180_000);
  let applicationNumber = '';

  it('an on-site case over HTTP leaves entries for filing, each task, the decisions, the worker actions and personal-data reads', async () => {
    const window = await login('binhu.acceptor');
    const filed = await call('POST', '/api/applications', { token: window, body: { itemCode: 'DSZN', applicant: person, materials: dsznMaterials.map((name) => ({ name, provided: name !== '结婚证' })) } });
    expect(filed.statusCode, filed.body).to.equal(201);
    applicationNumber = filed.json().applicationNumber;
    const notAccepted = { decision: 'not-accepted', missingMaterials: ['结婚证（原件及复印件）'] };
    const acceptKey = await work('binhu.acceptor', applicationNumber, 'accept', notAccepted);
    await eventually('the supplement notice', async () => (await call('GET', `/api/applications/${applicationNumber}`, { token: window })).json().status === 'supplement-requested');
    expect((await call('POST', `/api/applications/${applicationNumber}/supplement`, { token: window, body: { materials: [{ name: '结婚证', provided: true }] } })).statusCode).to.equal(200);
    await work('binhu.acceptor', applicationNumber, 'accept', { decision: 'accepted' });
    await work('health.reviewer', applicationNumber, 'review', { decision: 'approved' });
    const number = await eventually('the certificate number', async () => (await call('GET', `/api/applications/${applicationNumber}`, { token: window })).json().documentNumber);
    await work('health.decider', applicationNumber, 'decide', { decision: 'approved', confirmDocumentNumber: number });
    await work('binhu.closer', applicationNumber, 'close', { handover: 'in-person' });
    await eventually('the case to close', async () => (await call('GET', `/api/applications/${applicationNumber}`, { token: window })).json().status === 'closed');
    await quiet();

    const entries = await auditEntries({ caseNumber: applicationNumber });
    const actions = new Set(entries.map((e) => e.action));
    for (const a of [
      AuditAction.ApplicationFiled, AuditAction.TaskCreated, AuditAction.TaskClaimed, AuditAction.TaskCompleted, AuditAction.ApplicationNotAccepted,
      AuditAction.SupplementRequested, AuditAction.NoticeSent, AuditAction.SupplementReceived, AuditAction.ApplicationAccepted, AuditAction.DeadlineComputed,
      AuditAction.ApplicationDecided, AuditAction.SerialUsed, AuditAction.DocumentNumberIssued, AuditAction.CaseArchived, AuditAction.ApplicationClosed,
      AuditAction.PersonalDataRead,
    ]) expect(actions, `an entry for ${a}`).to.include(a);

    const filing = entries.find((e) => e.action === AuditAction.ApplicationFiled)!;
    expect(filing).to.deep.include({ actor: { kind: 'user', id: 'binhu.acceptor', role: 'window-staff' }, unit: 'COM-BINHU' });
    // the completion carries the decision and the SHA-256 of the body that was sent, not the body itself
    const completion = entries.find((e) => e.action === AuditAction.TaskCompleted && e.target.id === acceptKey)!;
    expect(completion).to.deep.include({ post: 'acceptor', unit: 'COM-BINHU' });
    expect(completion.detail).to.include({ step: 'accept', decision: 'not-accepted', bodySha256: bodyHash(notAccepted) });
    const serial = entries.find((e) => e.action === AuditAction.SerialUsed)!;
    expect(serial.actor).to.deep.include({ kind: 'worker', id: 'use-print-serial' });
    const closing = entries.find((e) => e.action === AuditAction.ApplicationClosed)!;
    expect(closing.after).to.deep.equal({ status: 'closed', outcome: 'issued' });
    // jobs delivered more than once still leave one entry each
    expect(entries.filter((e) => e.action === AuditAction.DocumentNumberIssued)).to.have.length(1);
    expect(entries.filter((e) => e.action === AuditAction.TaskCreated)).to.have.length(5);
    expect(JSON.stringify(entries), 'no ID number in the trail').not.to.include(person.idNumber);
  });

  it('a claim given back leaves the claim and the unclaim, with the assignee before and after', async () => {
    const window = await login('binhu.acceptor');
    const filed = (await call('POST', '/api/applications', { token: window, body: { itemCode: 'DSZN', applicant: person, materials: dsznMaterials.map((name) => ({ name, provided: true })) } })).json();
    const task = await eventually('the accept task', async () =>
      ((await call('GET', `/api/tasks?scope=queue&caseNumber=${filed.applicationNumber}`, { token: window })).json().tasks as Json[]).find((t) => t.step === 'accept'));
    expect((await call('POST', `/api/tasks/${task.userTaskKey}/claim`, { token: window })).statusCode).to.equal(200);
    expect((await call('POST', `/api/tasks/${task.userTaskKey}/unclaim`, { token: window })).statusCode).to.equal(204);
    const moves = await auditEntries({ target: String(task.userTaskKey) });
    expect(moves.map((e) => [e.action, e.actor.id])).to.deep.equal([['task.created', 'engine'], ['task.claimed', 'binhu.acceptor'], ['task.unclaimed', 'binhu.acceptor']]);
    expect(moves[2]).to.deep.include({ before: { state: 'assigned', assignee: 'binhu.acceptor' }, after: { state: 'created', assignee: null } });
  });

  it('logins (success and failure), logout, and a model save and deploy leave entries', async () => {
    const bad = await call('POST', '/api/auth/login', { body: { username: 'binhu.closer', password: 'Wrong#2026x' } });
    expect(bad.statusCode).to.equal(401);
    const ok = (await call('POST', '/api/auth/login', { body: { username: 'binhu.closer', password: 'Demo@2026gov' } })).json();
    expect((await call('POST', '/api/auth/logout', { token: ok.accessToken })).statusCode).to.equal(204);
    const logins = (await auditEntries({ actor: 'binhu.closer', action: 'auth.login,auth.logout' })).slice(-3);
    expect(logins.map((e) => [e.action, e.outcome])).to.deep.equal([['auth.login', 'failure'], ['auth.login', 'success'], ['auth.logout', 'success']]);
    expect(logins[0]!.detail).to.deep.include({ reason: 'wrong-password' }).and.to.have.property('source').that.is.a('string');

    const owner = await login('owner.health');
    const xml = readFileSync(resolve('processes/onsite-certificate.bpmn'), 'utf8').replaceAll('onsite-certificate', 'onsite-audit-check');
    const saved = await call('POST', '/api/processes', { token: owner, body: { xml, comment: 'audit check' } });
    expect(saved.statusCode, saved.body).to.equal(201);
    const version = saved.json().version as number;
    const deployed = await call('POST', `/api/processes/onsite-audit-check/versions/${version}/deploy`, { token: owner });
    expect(deployed.statusCode, deployed.body).to.equal(200);
    const modelEntries = await auditEntries({ target: `onsite-audit-check:${version}` });
    expect(modelEntries.map((e) => e.action)).to.deep.equal([AuditAction.ModelSaved, AuditAction.ModelDeployed]);
    expect(modelEntries[1]!.actor).to.deep.include({ kind: 'user', id: 'owner.health' });
    expect(modelEntries[1]!.after).to.include({ processId: 'onsite-audit-check', version, engineVersion: deployed.json().engineVersion });
  });

  it('only auditors read the trail (supervision and the handling unit’s leader also open a case’s timeline): 403 for every other role, 401 without a token', async () => {
    const routes = ['/api/audit/entries', '/api/audit/verify', `/api/audit/applications/${applicationNumber}/timeline`, '/api/audit/export?format=json', '/api/audit/applications', '/api/audit/directory'];
    const someone: Record<string, string> = {
      [Role.Applicant]: 'citizen.wang', [Role.WindowStaff]: 'binhu.acceptor', [Role.DepartmentStaff]: 'health.reviewer', [Role.DepartmentLeader]: 'psb.leader',
      [Role.Supervisor]: 'supervisor', [Role.SystemAdmin]: 'admin', [Role.BusinessOwner]: 'owner.health', [Role.ServiceOffice]: 'office.zhang',
    };
    for (const url of routes) {
      expect((await call('GET', url)).statusCode, `${url} without a token`).to.equal(401);
      for (const [role, username] of Object.entries(someone)) {
        // the board drills down to a case: a supervisor, and a leader of a unit that worked on it (not the PSB's)
        const drillDown = url.endsWith('/timeline') && role === Role.Supervisor;
        expect((await call('GET', url, { token: await login(username) })).statusCode, `${url} as ${role}`).to.equal(drillDown ? 200 : 403);
      }
      expect((await call('GET', url, { token: await login('auditor') })).statusCode, `${url} as auditor`).to.equal(200);
    }
    expect((await call('GET', `/api/audit/applications/${applicationNumber}/timeline`, { token: await login('health.leader') })).statusCode, 'the reviewing department’s leader').to.equal(200);
    // and nothing writes: there is no route that changes or deletes an entry, and the model refuses it too
    for (const method of ['POST', 'PUT', 'DELETE'] as const) {
      expect((await call(method, '/api/audit/entries', { token: await login('auditor'), body: {} })).statusCode).to.be.oneOf([404, 405]);
    }
    let refused: Error | undefined;
    await AuditEntryModel.updateOne({ seq: 1 }, { $set: { outcome: 'failure' } }).catch((err: Error) => (refused = err));
    expect(refused?.message).to.include('append-only');
  });

  it('the timeline merges what the engine did with the platform’s entries, the deadline derivations, and the diagram', async () => {
    const res = await call('GET', `/api/audit/applications/${applicationNumber}/timeline`, { token: await login('auditor') });
    expect(res.statusCode, res.body).to.equal(200);
    const t = res.json();
    expect(t.application).to.include({ applicationNumber, itemCode: 'DSZN', status: 'closed', outcome: 'issued' });
    expect(t.diagram.xml).to.include('<bpmn:process id="onsite-certificate"');
    const state = Object.fromEntries((t.elements as { elementId: string; state: string }[]).map((e) => [e.elementId, e.state]));
    expect(state).to.include({ accept: 'completed', review: 'completed', decide: 'completed', close: 'completed' });
    const sources = new Set((t.events as { source: string }[]).map((e) => e.source));
    expect([...sources].sort()).to.deep.equal(['engine', 'platform']);
    const actions = (t.events as { action: string }[]).map((e) => e.action);
    expect(actions).to.include('user_task.completed').and.include('service_task.completed').and.include(AuditAction.TaskClaimed);
    // the events are in time order
    const times = (t.events as { at: string }[]).map((e) => e.at);
    expect(times).to.deep.equal([...times].sort());
    expect(t.deadlines.map((d: { step: string }) => d.step)).to.include.members(['accept', 'review', 'decide', 'close']);
    expect(t.deadlines[0].explanation.join('\n')).to.include('Start:');
    expect((await call('GET', '/api/audit/applications/SQ2026999999/timeline', { token: await login('auditor') })).statusCode).to.equal(404);
  });

  it('search filters by operator, unit, item, action and time, and pages', async () => {
    // the on-site case of the first test was reviewed by health.reviewer: its completion must be among the hits
    const byOperator = await auditEntries({ actor: 'health.reviewer', action: 'task.completed' });
    expect(byOperator.map((e) => e.detail?.step), 'the review of the case above').to.include('review');
    expect(byOperator.filter((e) => e.actor.id !== 'health.reviewer' || e.action !== 'task.completed')).to.deep.equal([]);
    const byUnit = (await auditEntries({ unit: 'DEPT-HEALTH', itemCode: 'DSZN' })) as (Awaited<ReturnType<typeof auditEntries>>[number] & { itemCode: string; caseNumber: string })[];
    expect(byUnit.filter((e) => e.caseNumber === applicationNumber).map((e) => e.action), 'the department’s share of the case above')
      .to.include.members([AuditAction.TaskCompleted, AuditAction.ApplicationDecided]);
    expect(byUnit.filter((e) => e.unit !== 'DEPT-HEALTH' || e.itemCode !== 'DSZN')).to.deep.equal([]);
    const future = await auditEntries({ from: '2099-01-01T00:00:00Z' });
    expect(future).to.deep.equal([]);
    const auditor = await login('auditor');
    const page1 = (await call('GET', '/api/audit/entries?limit=2', { token: auditor })).json();
    expect(page1.entries).to.have.length(2);
    const page2 = (await call('GET', `/api/audit/entries?limit=2&afterSeq=${page1.nextAfterSeq}`, { token: auditor })).json();
    expect(page2.entries.map((e: { seq: number }) => e.seq)).to.deep.equal([page1.entries[1].seq + 1, page1.entries[1].seq + 2]);
    const bad = await call('GET', '/api/audit/entries?action=entry.deleted', { token: auditor });
    expect(bad.statusCode).to.equal(400);
    expect(bad.body).to.include('entry.deleted');
    expect((await call('GET', '/api/audit/entries?actor[$ne]=x', { token: auditor })).statusCode).to.equal(400);
  });

  it('search reads newest first too, with the total and numbered pages', async () => {
    const auditor = await login('auditor');
    const get = async (q: string) => {
      const res = await call('GET', `/api/audit/entries?${q}`, { token: auditor });
      expect(res.statusCode, res.body).to.equal(200);
      return res.json() as { entries: { seq: number; actor: { id: string }; unit: string | null }[]; total: number; nextBeforeSeq: number | null; nextAfterSeq: number | null };
    };
    const newest = await get('order=desc&limit=3');
    const seqs = newest.entries.map((e) => e.seq);
    expect(seqs).to.deep.equal([...seqs].sort((a, b) => b - a));
    expect(seqs[0]).to.be.at.least((await get('limit=1&offset=0&order=asc')).total);
    expect(newest.nextAfterSeq).to.equal(null);
    const older = await get(`order=desc&limit=3&beforeSeq=${newest.nextBeforeSeq}`);
    expect(older.entries[0]!.seq).to.be.lessThan(seqs[2]!);
    const second = await get('order=desc&limit=1&offset=1');
    expect(second.entries[0]!.seq).to.equal(seqs[1]);
    // the total counts every page of the filtered search
    const mine = await get('actor=health.reviewer&order=desc&limit=1');
    expect(mine.total).to.be.greaterThan(1);
    expect((await get(`actor=health.reviewer&limit=1000`)).entries).to.have.length(mine.total);
    for (const bad of ['order=sideways', 'offset=-1', 'beforeSeq=0', 'limit=0']) {
      expect((await call('GET', `/api/audit/entries?${bad}`, { token: auditor })).statusCode, bad).to.equal(400);
    }
  });

  it('lists the applications on record newest first, by item, filing unit, filer and filing time, a page at a time', async () => {
    const auditor = await login('auditor');
    type Row = { applicationNumber: string; itemCode: string; itemName: string; unit: string; filedAt: string; filedBy: string; status: string; outcome: string | null };
    const list = async (q: string) => {
      const res = await call('GET', `/api/audit/applications?${q}`, { token: auditor });
      expect(res.statusCode, res.body).to.equal(200);
      return res.json() as { applications: Row[]; total: number; page: number; pageSize: number };
    };
    const one = await list(`applicationNumber=${applicationNumber}`);
    expect(one.total).to.equal(1);
    expect(one.applications[0]).to.include({ applicationNumber, itemCode: 'DSZN', unit: 'COM-BINHU', filedBy: 'binhu.acceptor', status: 'closed', outcome: 'issued' });
    expect(one.applications[0]!.itemName).to.be.a('string').and.not.equal('');
    const filedAt = Date.parse(one.applications[0]!.filedAt);

    const mine = await list('itemCode=DSZN&unit=COM-BINHU&actor=binhu.acceptor&pageSize=100');
    expect(mine.applications.map((a) => a.applicationNumber)).to.include(applicationNumber);
    expect(mine.applications.filter((a) => a.itemCode !== 'DSZN' || a.unit !== 'COM-BINHU' || a.filedBy !== 'binhu.acceptor')).to.deep.equal([]);
    const around = await list(`from=${new Date(filedAt - 1000).toISOString()}&to=${new Date(filedAt + 1000).toISOString()}`);
    expect(around.applications.map((a) => a.applicationNumber)).to.include(applicationNumber);
    expect((await list('from=2099-01-01T00:00:00Z')).total).to.equal(0);
    expect((await list('unit=DEPT-NOBODY')).applications).to.deep.equal([]);

    // pages: newest first, no case twice, the total the same on every page
    const all = await list('pageSize=100');
    expect(all.total).to.be.at.least(2);
    const p1 = await list('pageSize=1&page=1');
    const p2 = await list('pageSize=1&page=2');
    expect([p1.total, p2.total]).to.deep.equal([all.total, all.total]);
    expect(p1.applications[0]!.applicationNumber).to.not.equal(p2.applications[0]!.applicationNumber);
    expect(Date.parse(p1.applications[0]!.filedAt)).to.be.at.least(Date.parse(p2.applications[0]!.filedAt));
    expect(all.applications.map((a) => a.applicationNumber).slice(0, 2)).to.deep.equal([p1.applications[0]!.applicationNumber, p2.applications[0]!.applicationNumber]);
    for (const bad of ['pageSize=1000', 'page=0', 'unit=bad unit', 'from=yesterday', 'itemCode[$ne]=x']) {
      expect((await call('GET', `/api/audit/applications?${bad}`, { token: auditor })).statusCode, bad).to.equal(400);
    }
  });

  it('names the staff and units for the search form and the timeline, never an applicant', async () => {
    const auditor = await login('auditor');
    const dir = (await call('GET', '/api/audit/directory', { token: auditor })).json() as { people: { username: string; realName: string; role: string }[]; units: { code: string; name: string }[] };
    expect(dir.people).to.deep.include({ username: 'binhu.acceptor', realName: '李慧', role: 'window-staff', unitCode: 'COM-BINHU' });
    expect(dir.people.filter((p) => p.role === 'applicant')).to.deep.equal([]);
    expect(dir.units.find((u) => u.code === 'COM-BINHU')?.name).to.be.a('string').and.match(/社区/);

    const t = (await call('GET', `/api/audit/applications/${applicationNumber}/timeline`, { token: auditor })).json();
    expect(t.people).to.include({ 'binhu.acceptor': '李慧' });
    const claim = (t.events as { action: string; actorId: string; step: string; elementName: string }[]).find((e) => e.action === AuditAction.TaskClaimed && e.step === 'accept')!;
    expect(claim).to.include({ actorId: 'binhu.acceptor', elementName: '受理 Accept' });
    const started = (t.events as { action: string; elementId: string; elementType: string; elementName: string }[]).find((e) => e.action === 'user_task.activated' && e.elementId === 'accept')!;
    expect(started).to.include({ elementType: 'USER_TASK', elementName: '受理 Accept' });
    // deadline derivations come in both languages
    const accept = (t.deadlines as { step: string; explanation: string[]; explanationZh: string[] }[]).find((d) => d.step === 'accept')!;
    expect(accept.explanationZh[0]).to.match(/^起算：/);
    expect(accept.explanation[0]).to.match(/^Start:/);
    expect(accept.explanationZh).to.have.length(accept.explanation.length);
  });

  it('exports JSON with the chain proof, which re-verifies on its own (also with the CLI); CSV carries the same entries', async () => {
    const auditor = await login('auditor');
    const json = await call('GET', `/api/audit/export?format=json&caseNumber=${applicationNumber}`, { token: auditor });
    expect(json.statusCode).to.equal(200);
    expect(json.headers['content-disposition']).to.match(/attachment; filename="audit-.*\.json"/);
    const doc = json.json();
    expect(doc.entries.length).to.be.greaterThan(10);
    expect(verifyExport(doc)).to.deep.equal({ intact: true, entries: doc.entries.length, problem: null });
    const dir = resolve('test-artifacts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(resolve(dir, 'audit-export.json'), JSON.stringify(doc));
    const cli = await run('npx', ['tsx', 'api/cli/audit-verify.ts', resolve(dir, 'audit-export.json')]);
    expect(JSON.parse(cli.stdout)).to.include({ intact: true });

    // one changed field in the export is found
    const forged = structuredClone(doc);
    forged.entries[2].detail = { ...(forged.entries[2].detail ?? {}), decision: 'approved' };
    forged.entries[2].actor.id = 'someone.else';
    const check = verifyExport(forged);
    expect(check.intact).to.equal(false);
    expect(check.problem).to.include(`entry ${forged.entries[2].seq}`);
    writeFileSync(resolve(dir, 'audit-export-forged.json'), JSON.stringify(forged));
    const failed = await run('npx', ['tsx', 'api/cli/audit-verify.ts', resolve(dir, 'audit-export-forged.json')]).catch((err: { code: number; stdout: string }) => err);
    expect((failed as { code: number }).code, 'the CLI exits 2 on a broken export').to.equal(2);

    const csv = await call('GET', `/api/audit/export?format=csv&caseNumber=${applicationNumber}`, { token: auditor });
    expect(csv.headers['content-type']).to.include('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).to.equal('seq,at,actorKind,actor,role,post,unit,action,targetKind,target,caseNumber,caseKind,itemCode,outcome,before,after,detail,key,formatVersion,prevHash,hash');
    expect(lines).to.have.length(doc.entries.length + 1);
    expect(lines.slice(1).map((l) => l.split(',').at(-1))).to.deep.equal(doc.entries.map((e: { hash: string }) => e.hash));
  });

  it('verify walks the chain (API and CLI) and finds a changed, deleted, inserted or reordered entry', async () => {
    await quiet();
    const intact = await verify();
    expect(intact).to.include({ intact: true, broken: null });
    expect(intact.entries).to.be.greaterThan(20);
    const env = { ...process.env, MONGODB_URI: loadConfig().store.uri, LOG_LEVEL: 'fatal' };
    const cli = await run('npx', ['tsx', 'api/cli/audit-verify.ts'], { env });
    expect(JSON.parse(cli.stdout)).to.include({ intact: true, lastSeq: intact.lastSeq });

    // an entry in the middle whose neighbour is no written-down chain head: a head there would catch the change first
    const heads = new Set((await AuditCheckpointModel.find({}, { seq: 1 }).lean()).map((c) => c.seq));
    let target = Math.floor(intact.lastSeq / 2);
    while (heads.has(target) || heads.has(target + 1)) target += 1;
    const original = (await raw().findOne({ seq: target }))!;
    const next = (await raw().findOne({ seq: target + 1 }))!;

    // changed: one field of one entry
    await raw().updateOne({ seq: target }, { $set: { 'actor.id': 'someone.else' } });
    expect((await verify()).broken).to.deep.include({ seq: target, problem: 'content-changed' });
    const broken = await run('npx', ['tsx', 'api/cli/audit-verify.ts'], { env }).catch((err: { code: number; stdout: string }) => err);
    expect((broken as { code: number }).code).to.equal(2);
    expect(JSON.parse((broken as { stdout: string }).stdout).broken).to.include({ seq: target, problem: 'content-changed' });
    await raw().replaceOne({ seq: target }, original);
    expect((await verify()).intact).to.equal(true);

    // changed and re-hashed by someone who knows the algorithm: the next link no longer fits
    const { entryHash } = await import('../../domain/audit/audit-chain.js');
    const rewritten = { ...original, outcome: 'failure' };
    await raw().replaceOne({ seq: target }, { ...rewritten, hash: entryHash(rewritten as never) });
    expect((await verify()).broken).to.deep.include({ seq: target + 1, problem: 'link-broken' });
    await raw().replaceOne({ seq: target }, original);

    // deleted
    await raw().deleteOne({ seq: target });
    expect((await verify()).broken).to.deep.include({ seq: target, problem: 'missing' });
    await raw().insertOne(original);

    // inserted between two entries
    const copy: Record<string, unknown> = { ...original, seq: target + 0.5, actor: { kind: 'user', id: 'intruder', role: null } };
    delete copy._id;
    delete copy.key; // its event key is unique: a copy with it would be refused by the store
    await raw().insertOne(copy);
    expect((await verify()).broken).to.deep.include({ seq: target + 1, problem: 'missing' });
    await raw().deleteOne({ seq: target + 0.5 });

    // reordered: two neighbours swap places
    await raw().updateOne({ seq: target }, { $set: { seq: -1 } });
    await raw().updateOne({ seq: target + 1 }, { $set: { seq: target } });
    await raw().updateOne({ seq: -1 }, { $set: { seq: target + 1 } });
    expect((await verify()).broken).to.deep.include({ seq: target, problem: 'content-changed' });
    await raw().updateOne({ _id: next._id }, { $set: { seq: -2 } });
    await raw().replaceOne({ _id: original._id }, original);
    await raw().replaceOne({ _id: next._id }, next);
    expect((await verify()).intact, 'restored').to.equal(true);
  });

  it('the chain head is written down; cutting entries off the end after it is caught', async () => {
    await quiet();
    const { services } = platform();
    const head = await services.audit.checkpoint(new Date());
    expect((await verify()).checkpoints).to.be.greaterThan(0);
    const last = (await raw().findOne({ seq: head.seq }))!;
    await raw().deleteOne({ seq: head.seq });
    const report = await verify();
    expect(report.broken).to.deep.include({ seq: head.seq, problem: 'missing' });
    expect(report.broken.message).to.include('written down');
    await raw().insertOne(last);
    expect((await verify()).intact).to.equal(true);
  });

  it('entries stored in the old format keep verifying as stored; new ones follow them; both are read as caseNumber and caseKind', async () => {
    await quiet();
    const { services } = platform();
    const { entryHash } = await import('../../domain/audit/audit-chain.js');
    const auditor = await login('auditor');
    const requisition = 'RQ2099000042';
    const application = 'SQ2099000042';
    // two entries as an earlier version appended them: no formatVersion, the case (a requisition's too) as applicationNumber
    const head = await services.audit.head();
    const old = [requisition, application].map((n, i) => ({
      seq: head.seq + 1 + i, at: new Date(), actor: { kind: 'engine', id: 'engine', role: null }, post: 'issuer', unit: 'DEPT-HEALTH', action: AuditAction.TaskCreated,
      target: { kind: 'user-task', id: `old-format-${i}` }, applicationNumber: n, itemCode: null, outcome: 'success', before: null, after: null, detail: { step: 'answer' },
      prevHash: '', hash: '',
    }));
    old[0]!.prevHash = head.hash;
    old[0]!.hash = entryHash(old[0] as never);
    old[1]!.prevHash = old[0]!.hash;
    old[1]!.hash = entryHash(old[1] as never);
    await raw().insertMany(old.map((e) => ({ ...e })));
    // and the platform goes on appending, in today's format
    const fresh = await services.audit.record({ at: new Date(), actor: { kind: 'system', id: 'platform', role: null }, action: AuditAction.NoticeSent, target: { kind: 'notice', id: 'after-old-format' }, caseNumber: requisition, caseKind: 'requisition' });
    expect(fresh).to.include({ seq: head.seq + 3, formatVersion: 2, prevHash: old[1]!.hash });
    expect(await verify()).to.include({ intact: true, lastSeq: head.seq + 3 });
    const stored = (await raw().findOne({ seq: head.seq + 1 }))!;
    expect(stored, 'the old entry is never rewritten').to.not.have.property('caseNumber');
    expect(stored).to.not.have.property('formatVersion');

    // reads show both formats under the new names: search (and its deprecated alias), export, CSV
    const bySearch = (await call('GET', `/api/audit/entries?caseNumber=${requisition}`, { token: auditor })).json().entries as Json[];
    expect(bySearch.map((e) => [e.seq, e.formatVersion, e.caseNumber, e.caseKind, 'applicationNumber' in e])).to.deep.equal([
      [head.seq + 1, 1, requisition, 'requisition', false], [head.seq + 3, 2, requisition, 'requisition', false],
    ]);
    const byAlias = (await call('GET', `/api/audit/entries?applicationNumber=${requisition}`, { token: auditor })).json().entries as Json[];
    expect(byAlias, 'the deprecated alias finds the same').to.deep.equal(bySearch);
    // the auditor's page reads a case newest first, a page at a time: both formats page as one trail, counted together
    const page = async (offset: number) => (await call('GET', `/api/audit/entries?caseNumber=${requisition}&order=desc&limit=1&offset=${offset}`, { token: auditor })).json();
    const [first, second, past] = [await page(0), await page(1), await page(2)];
    expect([first, second].map((p) => [p.entries.map((e: Json) => [e.seq, e.formatVersion]), p.total])).to.deep.equal([
      [[[head.seq + 3, 2]], 2], [[[head.seq + 1, 1]], 2],
    ]);
    expect(past.entries).to.deep.equal([]);
    expect((await call('GET', `/api/audit/entries?caseNumber=${requisition}&applicationNumber=${application}`, { token: auditor })).statusCode, 'two different cases').to.equal(400);
    expect((await auditEntries({ caseNumber: application })).map((e) => [e.seq, e.caseKind])).to.deep.equal([[head.seq + 2, 'application']]);
    const doc = (await call('GET', `/api/audit/export?format=json&caseNumber=${requisition}`, { token: auditor })).json();
    expect(doc.entries.map((e: Json) => [e.formatVersion, e.caseKind])).to.deep.equal([[1, 'requisition'], [2, 'requisition']]);
    expect(verifyExport(doc)).to.deep.include({ intact: true, entries: 2 });
    const csv = (await call('GET', `/api/audit/export?format=csv&applicationNumber=${requisition}`, { token: auditor })).body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(csv.slice(1).map((l) => l.split(',').slice(10, 12).join(','))).to.deep.equal([`${requisition},requisition`, `${requisition},requisition`]);

    // tampering with either is caught
    await raw().updateOne({ seq: head.seq + 1 }, { $set: { applicationNumber: application } });
    expect((await verify()).broken).to.deep.include({ seq: head.seq + 1, problem: 'content-changed' });
    await raw().replaceOne({ seq: head.seq + 1 }, stored);
    const freshStored = (await raw().findOne({ seq: head.seq + 3 }))!;
    await raw().updateOne({ seq: head.seq + 3 }, { $set: { caseKind: 'application' } });
    expect((await verify()).broken).to.deep.include({ seq: head.seq + 3, problem: 'content-changed' });
    await raw().replaceOne({ seq: head.seq + 3 }, freshStored);
    expect((await verify()).intact, 'restored').to.equal(true);
  });

  it('keeps entries at least 184 days; older ones go with a marker that keeps the rest verifiable', async () => {
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: '30' })).to.throw(/AUDIT_RETENTION_DAYS="30" is not accepted/);
    await quiet();
    const { services } = platform();
    // a year from now nothing is younger than the retention period
    expect((await services.audit.prune(new Date())).removed, 'nothing is old enough today').to.equal(0);
    const before = await verify();
    const pruned = await services.audit.prune(new Date(Date.now() + 400 * 86_400_000));
    expect(pruned.removed).to.be.greaterThan(0);
    const after = await verify();
    expect(after).to.include({ intact: true });
    expect(after.firstSeq).to.equal(pruned.throughSeq! + 1);
    expect(after.anchor.seq).to.equal(pruned.throughSeq);
    expect(after.lastSeq).to.be.greaterThan(before.lastSeq);
    const marker = await auditEntries({ action: AuditAction.Pruned });
    expect(marker.at(-1)!.detail).to.include({ throughSeq: pruned.throughSeq, retentionDays: 184 });
    // removing the marker leaves the gap unexplained
    const kept = (await raw().findOne({ action: 'audit.pruned', 'detail.throughSeq': pruned.throughSeq }))!;
    await raw().updateOne({ _id: kept._id }, { $set: { 'detail.throughSeq': -5 } });
    expect((await verify()).broken).to.deep.include({ problem: 'anchor-mismatch' });
    await raw().replaceOne({ _id: kept._id }, kept);
    expect((await verify()).intact).to.equal(true);
  });
});
