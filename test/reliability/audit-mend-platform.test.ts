import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { AccountModel, ActivationState } from '../../domain/account/account.model.js';
import { createAccountRepository } from '../../domain/account/account.repository.js';
import { hashPassword } from '../../domain/account/password.js';
import { SessionModel } from '../../domain/account/session.model.js';
import { AuditAction, ActorKind, type AuditEntry } from '../../domain/audit/audit-entry.model.js';
import { RECOVERED_REASON, type AuditInput, type AuditService } from '../../domain/audit/audit.service.js';
import { createAccountService } from '../../domain/account/account.service.js';
import { createLoginThrottleRepository } from '../../domain/account/login-throttle.repository.js';
import { createSessionRepository } from '../../domain/account/session.repository.js';
import { PrintSerialModel, SerialUseModel, StockMovementModel } from '../../domain/print-serial/print-serial.model.js';
import { tagged } from '../../domain/process-model/process-model.service.js';
import { createProcessVersionRepository } from '../../domain/process-model/process-version.repository.js';
import { createChangeRequestRepository } from '../../domain/service-item/change-request.repository.js';
import type { ServiceItemInput } from '../../domain/service-item/service-item.schema.js';
import { CaseKind } from '../../domain/shared/constants.js';
import { call, login } from '../support/api.js';
import { platform, uniqueKey } from '../support/platform.js';

// The actions outside a case (accounts, sessions, models, the item catalogue, the certificate stock), each cut
// short by a stop between its stored change and its entry: the mending finds the action written down, asks
// the stored state whether it happened, and appends the entry marked recovered or drops the note, saying why.

const user = (id: string, role: string | null = null) => ({ kind: ActorKind.User, id, role });
const suffix = () => uniqueKey('m').replace(/[^a-z0-9]/gi, '').slice(-10).toLowerCase();
/** A moment of its own, in whole milliseconds, so an action's time tells it apart from every other. */
let tick = Date.now();
const moment = () => new Date((tick = Math.max(tick + 1000, Date.now())));

/** Writes an action down as its service does, before the stored change the test then makes (or not). */
async function intend(input: AuditInput): Promise<AuditInput & { key: string }> {
  return platform().services.audit.intend(input);
}

type Mended = { recovered: string[]; notCarriedOut: string[]; mending: AuditEntry };
/** Runs the mending as the API's keeper does after a stop, and checks that the chain still verifies. */
async function mend(): Promise<Mended> {
  const { services } = platform();
  const seqBefore = (await services.audit.head()).seq;
  await new Promise((r) => setTimeout(r, 5)); // the notes are older than "now"
  const result = await services.audit.mendInterrupted(await services.now(), 0);
  const mendings = (await services.audit.search({ action: [AuditAction.Mended], afterSeq: seqBefore }));
  expect(mendings, 'the mending is itself recorded, once').to.have.length(1);
  const verified = await services.audit.verify();
  expect(verified.broken, 'the chain verifies after the mending').to.equal(null);
  expect(verified.intact).to.equal(true);
  return { ...result, mending: mendings[0]! };
}

/** The entry appended for a note: exactly one, marked recovered, and named in the mending. */
async function recoveredEntry(note: { key: string; action: AuditAction; target: { kind: string; id: string } }, mended: Mended): Promise<AuditEntry> {
  expect(mended.recovered, `${note.action} on ${note.target.id} is recovered`).to.include(note.key);
  expect(mended.notCarriedOut).to.not.include(note.key);
  const entries = (await platform().services.audit.search({ target: note.target.id, action: [note.action] }, 1000)).filter((e) => e.key === note.key);
  expect(entries).to.have.length(1);
  expect((entries[0]!.detail as { recovered?: { reason: string } }).recovered).to.include({ reason: RECOVERED_REASON });
  expect(entries[0]!.seq).to.be.lessThan(mended.mending.seq);
  expect((mended.mending.detail as { recovered: { key: string; action: string; target: string }[] }).recovered)
    .to.deep.include({ key: note.key, action: note.action, target: `${note.target.kind}:${note.target.id}` });
  return entries[0]!;
}

/** A note whose action did not happen: dropped, no entry, and the mending says why. */
async function dropped(note: { key: string; action: AuditAction; target: { kind: string; id: string } }, mended: Mended, why: string | RegExp) {
  expect(mended.notCarriedOut, `${note.action} on ${note.target.id} is dropped`).to.include(note.key);
  expect(mended.recovered).to.not.include(note.key);
  expect((await platform().services.audit.search({ target: note.target.id, action: [note.action] }, 1000)).filter((e) => e.key === note.key)).to.have.length(0);
  const listed = (mended.mending.detail as { notCarriedOut: { key: string; action: string; target: string; why: string }[] }).notCarriedOut.find((n) => n.key === note.key);
  expect(listed).to.deep.include({ action: note.action, target: `${note.target.kind}:${note.target.id}` });
  if (typeof why === 'string') expect(listed!.why).to.equal(why);
  else expect(listed!.why).to.match(why);
}

/** A fresh account, stored as registration stores it. */
async function freshAccount(role: 'applicant' | 'window-staff', over: Record<string, unknown> = {}) {
  const username = `mend.${suffix()}`;
  await platform().services.accounts.register({
    username, realName: '补记测试', idNumber: '420700199001011234', phone: '13800001111', role: role as never, password: 'Init#2026a',
    ...(role === 'window-staff' ? { unitCode: 'COM-BINHU' } : { applicantType: 'individual' }),
  }, role === 'applicant' ? null : 'admin', new Date(), { mustChangePassword: false });
  if (Object.keys(over).length) await AccountModel.updateOne({ username }, { $set: over });
  return username;
}

describe('reliability: audit entries of actions outside a case never trail them', function () {
  this.timeout(120_000);

  it('account register: an account stored before the stop gets its entry; a username that was never stored by this registration is dropped', async () => {
    const username = `mend.${suffix()}`;
    const at = moment();
    const target = { kind: 'account', id: username };
    const note = await intend({ at, actor: user('admin'), action: AuditAction.AccountRegistered, target, unit: 'COM-BINHU' });
    // the stop came after the account was stored
    await AccountModel.create({
      username, realName: '补记测试', idNumber: '420700199001011234', phone: '13800001111', role: 'window-staff', unitCode: 'COM-BINHU', posts: [],
      activation: { state: ActivationState.Registered }, passwordHash: await hashPassword('Init#2026a'), mustChangePassword: true, createdAt: at, createdBy: 'admin',
    });
    // an admin "registering" a username that exists already: the insert would have been refused
    const taken = await intend({ at: moment(), actor: user('admin'), action: AuditAction.AccountRegistered, target: { kind: 'account', id: 'binhu.acceptor' }, unit: 'COM-BINHU' });

    const mended = await mend();
    const entry = await recoveredEntry({ ...note, action: AuditAction.AccountRegistered }, mended);
    expect(entry.actor).to.deep.include({ kind: 'user', id: 'admin' });
    expect(entry.after).to.deep.equal({ role: 'window-staff', unitCode: 'COM-BINHU', posts: [], activated: false });
    await dropped({ ...taken, action: AuditAction.AccountRegistered }, mended, 'the account was never stored');
  });

  it('posts assigned: an activation stored before the stop gets its entry; an approved account never given posts is dropped', async () => {
    const approved = { 'activation.state': ActivationState.Approved, 'activation.approvedBy': 'binhu.leader', 'activation.approvedAt': new Date() };
    const username = await freshAccount('window-staff', approved);
    const other = await freshAccount('window-staff', approved);
    const at = moment();
    const note = await intend({ at, actor: user('admin'), action: AuditAction.PostsAssigned, target: { kind: 'account', id: username }, unit: 'COM-BINHU', before: { posts: [], activation: ActivationState.Approved } });
    await createAccountRepository().activateWithPosts(username, ['acceptor'], 'admin', at);
    const never = await intend({ at: moment(), actor: user('admin'), action: AuditAction.PostsAssigned, target: { kind: 'account', id: other }, unit: 'COM-BINHU', before: { posts: [], activation: ActivationState.Approved } });

    const mended = await mend();
    const entry = await recoveredEntry({ ...note, action: AuditAction.PostsAssigned }, mended);
    expect(entry.after).to.deep.equal({ posts: ['acceptor'], activation: ActivationState.Active });
    expect(entry.before).to.deep.equal({ posts: [], activation: ActivationState.Approved });
    await dropped({ ...never, action: AuditAction.PostsAssigned }, mended, 'the posts were not assigned');
    expect((await AccountModel.findOne({ username: other }).lean())!.activation!.state).to.equal(ActivationState.Approved);
  });

  it('password change: a new password stored before the stop gets its entry; one the account does not carry from that moment is dropped', async () => {
    const username = await freshAccount('applicant');
    const at = moment();
    const note = await intend({ at, actor: user(username, 'applicant'), action: AuditAction.PasswordChanged, target: { kind: 'account', id: username }, unit: null });
    await AccountModel.updateOne({ username }, { $set: { passwordHash: await hashPassword('Mine#2026b'), mustChangePassword: false, passwordChangedAt: at } });
    // a second change, cut short before the account took it: the account still carries the first
    const later = await intend({ at: moment(), actor: user(username, 'applicant'), action: AuditAction.PasswordChanged, target: { kind: 'account', id: username }, unit: null });

    const mended = await mend();
    const entry = await recoveredEntry({ ...note, action: AuditAction.PasswordChanged }, mended);
    expect(entry.actor).to.deep.include({ id: username, role: 'applicant' });
    await dropped({ ...later, action: AuditAction.PasswordChanged }, mended, 'the password was not changed');
    // the recovered change is the real one: the new password logs in
    expect((await call('POST', '/api/auth/login', { body: { username, password: 'Mine#2026b' } })).statusCode).to.equal(200);
  });

  it('posts assigned twice: the first assignment, cut short before its entry, is recovered although a second one of the same post followed', async () => {
    const { services } = platform();
    const approved = { 'activation.state': ActivationState.Approved, 'activation.approvedBy': 'binhu.leader', 'activation.approvedAt': new Date() };
    const username = await freshAccount('window-staff', approved);
    const other = await freshAccount('window-staff', approved);
    const before = { posts: [], activation: ActivationState.Approved };
    // the first assignment was stored, then the stop; the administrator, seeing no answer, assigned the post again
    const first = await intend({ at: moment(), actor: user('admin'), action: AuditAction.PostsAssigned, target: { kind: 'account', id: username }, unit: 'COM-BINHU', before });
    await createAccountRepository().activateWithPosts(username, ['acceptor'], 'admin', first.at);
    await services.accounts.assignPosts(username, ['acceptor'], 'admin', moment());
    // on the other account the first assignment never reached the store, and a second one followed
    const never = await intend({ at: moment(), actor: user('admin'), action: AuditAction.PostsAssigned, target: { kind: 'account', id: other }, unit: 'COM-BINHU', before });
    await services.accounts.assignPosts(other, ['acceptor'], 'admin', moment());

    const mended = await mend();
    const entry = await recoveredEntry({ ...first, action: AuditAction.PostsAssigned }, mended);
    expect(entry.before).to.deep.equal(before);
    expect(entry.after).to.deep.equal({ posts: ['acceptor'], activation: ActivationState.Active });
    await dropped({ ...never, action: AuditAction.PostsAssigned }, mended, 'the posts were not assigned');
    // each account: one entry per assignment that happened
    expect(await services.audit.search({ target: username, action: [AuditAction.PostsAssigned] })).to.have.length(2);
    expect(await services.audit.search({ target: other, action: [AuditAction.PostsAssigned] })).to.have.length(1);
  });

  it('practice case sent again: a repeat of a request cut short is recorded once, whether the first reached the store or not', async () => {
    const { services } = platform();
    const practice = `SQPRACTICE${suffix()}`;
    const noted = (username: string) => intend({
      at: moment(), actor: user(username, 'window-staff'), action: AuditAction.AccountPractised, target: { kind: 'account', id: username }, unit: 'COM-BINHU',
      before: { activation: ActivationState.Registered }, after: { activation: ActivationState.Practised }, detail: { practiceApplication: practice },
    });
    // 1. the first request stopped before the account took it; the operator sent it again, and once more
    const late = await freshAccount('window-staff');
    const lost = await noted(late);
    await services.accounts.recordPractice(late, practice, moment());
    await services.accounts.recordPractice(late, practice, moment());
    // 2. the first request reached the account, then the stop; the repeat finds it done and answers as the first would have
    const early = await freshAccount('window-staff');
    const stored = await noted(early);
    await createAccountRepository().markPractised(early, practice, stored.at);
    await services.accounts.recordPractice(early, practice, moment());

    const mended = await mend();
    await dropped({ ...lost, action: AuditAction.AccountPractised }, mended, 'the account is practised; no practice case was recorded at that moment');
    await recoveredEntry({ ...stored, action: AuditAction.AccountPractised }, mended);
    for (const username of [late, early]) {
      expect(await services.audit.search({ target: username, action: [AuditAction.AccountPractised] }), `practice entries of ${username}`).to.have.length(1);
      expect((await AccountModel.findOne({ username }).lean())!.activation).to.deep.include({ state: ActivationState.Practised, practiceApplication: practice });
    }
    // another practice case is still refused: the step is done
    await services.accounts.recordPractice(late, `${practice}X`, moment()).then(() => expect.fail('a second practice case should be refused'), (err: Error) => expect(err.message).to.match(/practice case/));
  });

  it('password change: a change stored before the stop ends the sessions opened before it when its entry is recovered', async () => {
    const username = await freshAccount('applicant');
    const old = await login(username, 'Init#2026a');
    expect((await call('GET', '/api/me', { token: old })).statusCode).to.equal(200);
    const at = moment();
    const note = await intend({ at, actor: user(username, 'applicant'), action: AuditAction.PasswordChanged, target: { kind: 'account', id: username }, unit: null });
    // the new password was stored, then the stop: the session opened with the old one still works
    await createAccountRepository().setPassword(username, await hashPassword('Mine#2026c'), at);
    expect((await call('GET', '/api/me', { token: old })).statusCode).to.equal(200);

    const mended = await mend();
    const entry = await recoveredEntry({ ...note, action: AuditAction.PasswordChanged }, mended);
    expect(entry.detail).to.deep.include({ sessionsEnded: 1 });
    expect((await call('GET', '/api/me', { token: old })).statusCode, 'the old session ended with the change').to.equal(401);
    const fresh = await login(username, 'Mine#2026c');
    expect((await call('GET', '/api/me', { token: fresh })).statusCode).to.equal(200);
  });

  it('password change: the old sessions end before the change is answered, so a stop before its entry leaves none alive', async () => {
    const { services } = platform();
    const username = await freshAccount('applicant');
    const [one, two] = [await login(username, 'Init#2026a'), await login(username, 'Init#2026a')];
    // the stop comes right before the entry
    let stopped = false;
    const stopping: AuditService = {
      ...services.audit, settleWith: () => undefined,
      async record(input) {
        if (!stopped && input.action === AuditAction.PasswordChanged) {
          stopped = true;
          throw new Error('the platform stopped before the audit entry');
        }
        return services.audit.record(input);
      },
    };
    const accounts = createAccountService({ passwordMinLength: 8 }, {
      accounts: createAccountRepository(), throttle: createLoginThrottleRepository({ maxFailures: 5, holdMinutes: 15 }), audit: stopping, sessions: createSessionRepository(),
    });
    await accounts.changePassword(username, 'Init#2026a', 'Mine#2026d', moment()).then(() => expect.fail('the change should have stopped'), () => undefined);
    for (const token of [one, two]) expect((await call('GET', '/api/me', { token })).statusCode, 'a session opened with the old password').to.equal(401);

    const mended = await mend();
    expect(mended.recovered).to.have.length.greaterThan(0);
    const entries = await services.audit.search({ target: username, action: [AuditAction.PasswordChanged] });
    expect(entries).to.have.length(1);
    expect((entries[0]!.detail as { recovered?: unknown }).recovered).to.include({ reason: RECOVERED_REASON });
    expect((await call('POST', '/api/auth/login', { body: { username, password: 'Mine#2026d' } })).statusCode).to.equal(200);
  });

  it('password changed twice: the first change, stored before a stop, is recovered although a second change followed', async () => {
    const { services } = platform();
    const username = await freshAccount('applicant');
    const first = await intend({ at: moment(), actor: user(username, 'applicant'), action: AuditAction.PasswordChanged, target: { kind: 'account', id: username }, unit: null });
    await createAccountRepository().setPassword(username, await hashPassword('Mine#2026e'), first.at);
    // seeing no answer, the owner changed it again, from the password the first change had stored
    await services.accounts.changePassword(username, 'Mine#2026e', 'Mine#2026f', moment());
    // on another account the first change never reached the store before the second one
    const other = await freshAccount('applicant');
    const never = await intend({ at: moment(), actor: user(other, 'applicant'), action: AuditAction.PasswordChanged, target: { kind: 'account', id: other }, unit: null });
    await services.accounts.changePassword(other, 'Init#2026a', 'Mine#2026g', moment());

    const mended = await mend();
    await recoveredEntry({ ...first, action: AuditAction.PasswordChanged }, mended);
    await dropped({ ...never, action: AuditAction.PasswordChanged }, mended, 'the password was not changed');
    expect(await services.audit.search({ target: username, action: [AuditAction.PasswordChanged] })).to.have.length(2);
    expect(await services.audit.search({ target: other, action: [AuditAction.PasswordChanged] })).to.have.length(1);
  });

  it('password reset: a reset stored before the stop ends the sessions opened before it when its entry is recovered; one never stored is dropped', async () => {
    const username = await freshAccount('applicant');
    const other = await freshAccount('applicant');
    const [old, untouched] = [await login(username, 'Init#2026a'), await login(other, 'Init#2026a')];
    const reset = (id: string) => intend({ at: moment(), actor: user('admin', 'system-admin'), action: AuditAction.PasswordReset, target: { kind: 'account', id }, unit: null, after: { mustChangePassword: true } });
    const note = await reset(username);
    // the one-time password was stored, then the stop: the session opened with the old password still works
    await createAccountRepository().resetPassword(username, await hashPassword('Once#2026h'), 'admin', note.at);
    expect((await call('GET', '/api/me', { token: old })).statusCode).to.equal(200);
    const never = await reset(other);

    const mended = await mend();
    const entry = await recoveredEntry({ ...note, action: AuditAction.PasswordReset }, mended);
    expect(entry.actor).to.deep.include({ kind: 'user', id: 'admin' });
    expect(entry.detail).to.deep.include({ sessionsEnded: 1 });
    expect((await call('GET', '/api/me', { token: old })).statusCode, 'the old session ended with the reset').to.equal(401);
    await dropped({ ...never, action: AuditAction.PasswordReset }, mended, 'the password was not reset');
    expect((await call('GET', '/api/me', { token: untouched })).statusCode, 'a reset that did not happen ends nothing').to.equal(200);
  });

  it('password reset: the sessions end before the reset is answered, and a stop before its entry is mended', async () => {
    const { services } = platform();
    const username = await freshAccount('applicant');
    const [one, two] = [await login(username, 'Init#2026a'), await login(username, 'Init#2026a')];
    let stopped = false;
    const stopping: AuditService = {
      ...services.audit, settleWith: () => undefined,
      async record(input) {
        if (!stopped && input.action === AuditAction.PasswordReset) {
          stopped = true;
          throw new Error('the platform stopped before the audit entry');
        }
        return services.audit.record(input);
      },
    };
    const accounts = createAccountService({ passwordMinLength: 8 }, {
      accounts: createAccountRepository(), throttle: createLoginThrottleRepository({ maxFailures: 5, holdMinutes: 15 }), audit: stopping, sessions: createSessionRepository(),
    });
    await accounts.resetPassword(username, { username: 'admin', role: 'system-admin' }, moment()).then(() => expect.fail('the reset should have stopped'), () => undefined);
    for (const token of [one, two]) expect((await call('GET', '/api/me', { token })).statusCode, 'a session opened before the reset').to.equal(401);

    const mended = await mend();
    expect(mended.recovered).to.have.length.greaterThan(0);
    const entries = await services.audit.search({ target: username, action: [AuditAction.PasswordReset] });
    expect(entries).to.have.length(1);
    expect(entries[0]!.detail).to.deep.include({ sessionsEnded: 0 });
    expect((entries[0]!.detail as { recovered?: unknown }).recovered).to.include({ reason: RECOVERED_REASON });
    expect(mended.recovered).to.include(entries[0]!.key);

    // through the API: the answer comes after the sessions ended and the entry is written
    const fresh = await login(username, 'Init#2026a').catch(() => null);
    expect(fresh, 'the old password no longer works').to.equal(null);
    const again = await call('POST', `/api/accounts/${username}/password-reset`, { token: await login('admin') });
    expect(again.statusCode).to.equal(200);
    const [latest] = await services.audit.search({ target: username, action: [AuditAction.PasswordReset] }, 1, -1);
    expect(latest!.detail).to.deep.equal({ sessionsEnded: 0 });
    const session = await login(username, again.json().oneTimePassword as string);
    expect((await call('GET', '/api/me', { token: session })).statusCode).to.equal(200);
  });

  it('older stored data: an account stored before practice times and assignment lines were kept is judged by what it shows', async () => {
    const { services } = platform();
    const practice = `SQPRACTICE${suffix()}`;
    const practised = await freshAccount('window-staff');
    const note = await intend({
      at: moment(), actor: user(practised, 'window-staff'), action: AuditAction.AccountPractised, target: { kind: 'account', id: practised }, unit: 'COM-BINHU',
      before: { activation: ActivationState.Registered }, after: { activation: ActivationState.Practised }, detail: { practiceApplication: practice },
    });
    // the practice case was stored as the platform stored it before it kept the time
    await AccountModel.collection.updateOne({ username: practised }, { $set: { 'activation.state': ActivationState.Practised, 'activation.practiceApplication': practice }, $unset: { 'activation.practisedAt': '' } });
    const assigned = await freshAccount('window-staff');
    const at = moment();
    const assignment = await intend({ at, actor: user('admin'), action: AuditAction.PostsAssigned, target: { kind: 'account', id: assigned }, unit: 'COM-BINHU', before: { posts: [], activation: ActivationState.Approved } });
    await AccountModel.collection.updateOne({ username: assigned }, {
      $set: { posts: ['acceptor'], 'activation.state': ActivationState.Active, 'activation.activatedBy': 'admin', 'activation.activatedAt': at }, $unset: { postAssignments: '' },
    });

    const mended = await mend();
    await recoveredEntry({ ...note, action: AuditAction.AccountPractised }, mended);
    const entry = await recoveredEntry({ ...assignment, action: AuditAction.PostsAssigned }, mended);
    expect(entry.after).to.deep.equal({ posts: ['acceptor'], activation: ActivationState.Active });
    // the same practice case sent again changes nothing and writes nothing
    await services.accounts.recordPractice(practised, practice, moment());
    expect(await services.audit.search({ target: practised, action: [AuditAction.AccountPractised] })).to.have.length(1);
    expect((await AccountModel.findOne({ username: practised }).lean())!.activation).to.deep.include({ state: ActivationState.Practised, practiceApplication: practice });
  });

  it('login and logout: decided by the session opened, or ended, at that moment', async () => {
    const username = await freshAccount('applicant');
    const opened = randomBytes(16).toString('hex');
    const loginAt = moment();
    const loginNote = await intend({ at: loginAt, actor: user(username, 'applicant'), action: AuditAction.Login, target: { kind: 'account', id: username }, unit: null, detail: { session: opened.slice(0, 8) } });
    await SessionModel.create({ sessionId: opened, username, refreshHash: 'x', createdAt: loginAt, lastSeenAt: loginAt, expiresAt: new Date(loginAt.getTime() + 3_600_000) });
    const neverOpened = await intend({ at: moment(), actor: user(username, 'applicant'), action: AuditAction.Login, target: { kind: 'account', id: username }, unit: null, detail: { session: 'deadbeef' } });
    const logoutAt = moment();
    const logoutNote = await intend({ at: logoutAt, actor: user(username), action: AuditAction.Logout, target: { kind: 'session', id: opened.slice(0, 8) } });
    await SessionModel.updateOne({ sessionId: opened }, { $set: { revokedAt: logoutAt, revokedWhy: 'logout' } });
    // a session ended for another reason (idle) is not this logout
    const idle = randomBytes(16).toString('hex');
    const idleAt = moment();
    await SessionModel.create({ sessionId: idle, username, refreshHash: 'y', createdAt: loginAt, lastSeenAt: loginAt, expiresAt: new Date(loginAt.getTime() + 3_600_000), revokedAt: idleAt, revokedWhy: 'idle' });
    const notLoggedOut = await intend({ at: idleAt, actor: user(username), action: AuditAction.Logout, target: { kind: 'session', id: idle.slice(0, 8) } });

    const mended = await mend();
    expect((await recoveredEntry({ ...loginNote, action: AuditAction.Login }, mended)).outcome).to.equal('success');
    await recoveredEntry({ ...logoutNote, action: AuditAction.Logout }, mended);
    await dropped({ ...neverOpened, action: AuditAction.Login }, mended, 'no session was opened');
    await dropped({ ...notLoggedOut, action: AuditAction.Logout }, mended, 'the session did not end');
  });

  it('model deploy: a stored deployment gets its entry; one the engine took but the platform never stored is asked again and kept at the engine’s version; one overtaken by a later deployment is dropped', async () => {
    const { services, engine } = platform();
    const versions = createProcessVersionRepository();
    const id = `mend-${suffix()}`;
    const xml1 = readFileSync('processes/onsite-certificate.bpmn', 'utf8').replaceAll('onsite-certificate', id);
    const xml2 = xml1.replace(/(<bpmn:process\b[^>]*\bname=")([^"]*)"/, '$1$2 (2)"');
    expect(xml2).to.not.equal(xml1);
    const v1 = await services.processModels.save(xml1, 'owner.health', '补记测试 1', new Date());
    const v2 = await services.processModels.save(xml2, 'owner.health', '补记测试 2', new Date());
    const deployNote = (version: number, tag: string, checksum: string, at: Date) => intend({
      at, actor: user('owner.health'), action: AuditAction.ModelDeployed, target: { kind: 'process-version', id: `${id}:${version}` }, detail: { versionTag: tag, checksum },
    });

    // 1. the engine deployed version 1 and the platform stored it; the stop came before the entry
    const at1 = moment();
    const stored = await deployNote(v1.version, 'v1.d1', v1.checksum, at1);
    const answer1 = await engine.deploy([{ name: `${id}.bpmn`, xml: tagged(xml1, 'v1.d1') }]);
    const def1 = answer1.processes.find((p) => p.processId === id)!;
    await versions.addDeployment(id, v1.version, { engineVersion: def1.version, processDefinitionKey: def1.definitionKey, deploymentKey: answer1.deploymentKey, deployedAt: at1, deployedBy: 'owner.health' });
    // 2. the engine deployed version 2, and the stop came before the platform stored it
    const at2 = moment();
    const unstored = await deployNote(v2.version, 'v2.d1', v2.checksum, at2);
    const answer2 = await engine.deploy([{ name: `${id}.bpmn`, xml: tagged(xml2, 'v2.d1') }]);
    const def2 = answer2.processes.find((p) => p.processId === id)!;
    expect(def2.version).to.equal(def1.version + 1);

    let mended = await mend();
    const entry1 = await recoveredEntry({ ...stored, action: AuditAction.ModelDeployed }, mended);
    expect(entry1.after).to.deep.equal({ processId: id, version: v1.version, engineVersion: def1.version, processDefinitionKey: def1.definitionKey });
    const entry2 = await recoveredEntry({ ...unstored, action: AuditAction.ModelDeployed }, mended);
    // the engine answered the version it had made: no third version
    expect(entry2.after).to.deep.equal({ processId: id, version: v2.version, engineVersion: def2.version, processDefinitionKey: def2.definitionKey });
    expect(entry2.detail).to.include({ engineAskedAgain: true });
    const running = (await services.processModels.list()).find((p) => p.processId === id)!.running!;
    expect(running).to.include({ version: v2.version, engineVersion: def2.version });
    expect((await services.processModels.get(id, v2.version)).deployments.map((d) => [d.engineVersion, d.deployedAt!.getTime()])).to.deep.equal([[def2.version, at2.getTime()]]);

    // 3. a rollback to version 1 cut short before the engine heard of it; version 1 was deployed again since:
    //    asking the engine now could put an older model over a newer one, so the note is dropped
    const overtaken = await deployNote(v1.version, 'v1.d2', v1.checksum, moment());
    await services.processModels.deploy(id, v1.version, 'owner.health', moment());
    const runningBefore = (await services.processModels.list()).find((p) => p.processId === id)!.running!;
    mended = await mend();
    await dropped({ ...overtaken, action: AuditAction.ModelDeployed }, mended, /deployed again since/);
    expect((await services.processModels.list()).find((p) => p.processId === id)!.running).to.deep.equal(runningBefore);
    expect((await services.processModels.get(id, v1.version)).deployments).to.have.length(2);
  });

  it('change request approved: an approval claimed before the stop is finished and recorded; one never claimed is dropped and stays pending', async () => {
    const { services } = platform();
    const code = `TM${Date.now().toString(36).toUpperCase()}`;
    const item: ServiceItemInput = {
      code, name: `补记事项${code}`, legalBasis: '《测试事项管理办法》第三条', category: 'online-application', handlingMode: 'direct',
      conditions: ['本市户籍居民'], materials: [{ name: '居民身份证', form: 'original-and-copy', count: 1, required: true }],
      stepLimits: { accept: { value: 4, unit: 'working-hours' }, approve: { value: 10, unit: 'working-days' }, verify: { value: 2, unit: 'working-days' }, issue: { value: 2, unit: 'working-days' } },
      totalLimit: { value: 20, unit: 'working-days' }, departmentCode: 'DEPT-HEALTH', fees: '不收费', result: '核发测试证明', certificateType: 'TEST-CERT', processId: 'online-application', deemedApproval: false,
    };
    const owner = { username: 'owner.health', role: 'business-owner', unitCode: 'DEPT-HEALTH' };
    const zhang = { username: 'office.zhang', role: 'service-office', unitCode: null };
    const li = { username: 'office.li', role: 'service-office', unitCode: null };
    const gov = services.itemGovernance;
    const open = await gov.propose({ itemCode: code, kind: 'open', reason: '开通', item }, owner, new Date());
    await gov.approve(open.requestId, zhang, null, new Date());
    const suspend = await gov.propose({ itemCode: code, kind: 'suspend', reason: '暂停受理' }, owner, new Date());
    const approveNote = (requestId: string, at: Date) => intend({
      at, actor: user(li.username, li.role), action: AuditAction.ItemChangeApproved, target: { kind: 'service-item', id: code }, itemCode: code, unit: null,
      before: { status: 'published', version: 1 }, detail: { requestId, kind: 'suspend', reason: '暂停受理', comment: '同意', proposedBy: owner.username, changes: [] },
    });

    // the approver took the request, then the stop: the change had not taken effect
    const at = moment();
    const claimed = await approveNote(suspend.requestId, at);
    expect(await createChangeRequestRepository().claim(suspend.requestId, { username: li.username, role: li.role }, at, '同意')).to.equal(true);
    let mended = await mend();
    const entry = await recoveredEntry({ ...claimed, action: AuditAction.ItemChangeApproved }, mended);
    expect(entry.after).to.deep.equal({ status: 'suspended', version: 1 });
    expect(entry.detail).to.include({ requestId: suspend.requestId });
    expect(await gov.request(suspend.requestId)).to.deep.include({ status: 'approved', resultVersion: 1, decidedBy: { username: li.username, role: li.role } });
    expect((await services.items.latest(code))!.status).to.equal('suspended');

    // an approval cut short before the approver took the request: nothing was decided
    const resume = await gov.propose({ itemCode: code, kind: 'resume', reason: '恢复受理' }, owner, new Date());
    const never = await approveNote(resume.requestId, moment());
    mended = await mend();
    await dropped({ ...never, action: AuditAction.ItemChangeApproved }, mended, 'the change request is pending; it was not approved');
    expect((await gov.request(resume.requestId)).status).to.equal('pending');
    expect((await services.items.latest(code))!.status).to.equal('suspended');
  });

  it('serial void: a void stored before the stop is finished (ledger line, replacement for its case) and recorded; a serial never voided is dropped', async () => {
    const { services } = platform();
    const type = `MEND-${suffix().toUpperCase()}`;
    const [spoiled, spare, untouched] = ['000001', '000002', '000003'].map((n) => `${type}-${n}`) as [string, string, string];
    await services.serials.addStock('COM-BINHU', type, [spoiled, spare, untouched]);
    // the spoiled serial was printed for a case still open
    const applicationNumber = `SQMEND${suffix()}`;
    await PrintSerialModel.updateOne({ serial: spoiled }, { $set: { state: 'used', applicationNumber, usedAt: new Date() } });
    await SerialUseModel.create({ applicationNumber, serial: spoiled, operator: 'binhu.closer', at: new Date() });
    const voidNote = (serial: string, state: string, app: string | null, at: Date) => intend({
      at, actor: user('binhu.closer'), action: AuditAction.SerialVoided, unit: 'COM-BINHU', target: { kind: 'print-serial', id: serial },
      caseNumber: app, caseKind: app ? CaseKind.Application : null, before: { state }, detail: { reason: '打印错位', certificateType: type },
    });

    const at = moment();
    const note = await voidNote(spoiled, 'used', applicationNumber, at);
    // the serial was voided, then the stop: no ledger line, no replacement, no entry
    await PrintSerialModel.updateOne({ serial: spoiled }, { $set: { state: 'voided', voidReason: '打印错位', voidedBy: 'binhu.closer', voidedAt: at } });
    const never = await voidNote(untouched, 'in-stock', null, moment());

    const mended = await mend();
    const entry = await recoveredEntry({ ...note, action: AuditAction.SerialVoided }, mended);
    expect(entry.after).to.deep.equal({ state: 'voided', replacement: spare });
    expect(await StockMovementModel.countDocuments({ serial: spoiled, kind: 'voided' })).to.equal(1);
    expect((await SerialUseModel.findOne({ applicationNumber }).lean())!.serial, 'the case got the next serial').to.equal(spare);
    expect((await PrintSerialModel.findOne({ serial: spare }).lean())!.state).to.equal('used');
    await dropped({ ...never, action: AuditAction.SerialVoided }, mended, 'the serial is in-stock; it was not voided');
    expect((await PrintSerialModel.findOne({ serial: untouched }).lean())!.state).to.equal('in-stock');

    // mending again finds nothing: no second entry, no second replacement
    expect(await services.audit.mendInterrupted(await services.now(), 0)).to.deep.equal({ recovered: [], notCarriedOut: [] });
    expect((await services.audit.search({ target: spoiled, action: [AuditAction.SerialVoided] })).length).to.equal(1);
    const verify = await call('GET', '/api/audit/verify', { token: await login('auditor') });
    expect(verify.json()).to.include({ intact: true });
  });
});
