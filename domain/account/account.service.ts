import type { LoginThrottleRepository } from './login-throttle.repository.js';
import { AuditAction, ActorKind } from '../audit/audit-entry.model.js';
import { systemActor, type AuditService } from '../audit/audit.service.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { Post } from '../shared/constants.js';
import { ActivationState, Role } from './account.model.js';
import type { AccountRecord as Account, AccountRepository } from './account.repository.js';
import type { SessionRepository } from './session.repository.js';
import { PASSWORD_MAX_LENGTH, hashPassword, oneTimePassword, passwordFaults, verifyPassword } from './password.js';

export interface AccountPolicy { passwordMinLength: number; maxFailures: number; lockMinutes: number }

/** What the rest of the platform knows of a signed-in user. */
export interface Principal {
  username: string;
  realName: string;
  role: Role;
  unitCode: string | null;
  posts: string[];
  activated: boolean;
  mustChangePassword: boolean;
  /** 离岗培训 (seed 001 §31): posts suspended until a practice case is passed and approved again */
  retraining: boolean;
}

export const toPrincipal = (a: Account): Principal => ({
  username: a.username, realName: a.realName, role: a.role as Role, unitCode: a.unitCode ?? null, posts: [...(a.posts ?? [])],
  activated: a.activation?.state === ActivationState.Active, mustChangePassword: a.mustChangePassword, retraining: Boolean(a.retraining),
});

/** An ID number shown in lists: first 3 and last 4 characters (个人信息脱敏). */
export const maskIdNumber = (id: string) => (id.length <= 7 ? '*'.repeat(id.length) : `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`);

export interface NewAccount {
  username: string; realName: string; idNumber: string; phone: string; role: Role;
  applicantType?: 'individual' | 'enterprise' | 'organisation'; unitCode?: string; password: string;
}

/** Which posts each operator role may hold. */
const POSTS_OF_ROLE: Record<string, readonly Post[]> = {
  [Role.WindowStaff]: [Post.Acceptor, Post.Closer, Post.StockKeeper],
  [Role.DepartmentStaff]: [Post.Reviewer, Post.Decider, Post.Approver, Post.Verifier, Post.Issuer],
};

export function createAccountService(policy: Pick<AccountPolicy, 'passwordMinLength'>, deps: {
  accounts: AccountRepository; throttle: LoginThrottleRepository; audit: AuditService; sessions: Pick<SessionRepository, 'revokeOpenedBy'>;
}) {
  const { accounts, throttle, audit, sessions } = deps;
  const person = (username: string | null, role: string | null = null) => (username ? { kind: ActorKind.User, id: username, role } : systemActor);
  const about = (a: { username: string; unitCode?: string | null }) => ({ target: { kind: 'account', id: a.username }, unit: a.unitCode ?? null });
  async function mustGet(username: string): Promise<Account> {
    const a = await accounts.get(username);
    if (!a) throw new DomainError('ACCOUNT_NOT_FOUND', ErrorKind.NotFound, { zh: `账号 ${username} 不存在`, en: `no account ${username}` });
    return a;
  }
  function checkPassword(password: string) {
    const faults = passwordFaults(password, policy.passwordMinLength);
    if (faults.length) {
      throw new DomainError('PASSWORD_TOO_WEAK', ErrorKind.Validation, {
        zh: `密码须含有字母、数字和符号，现在还缺少：${faults.map((f) => f.zh).join('、')}`, en: `the password needs ${faults.map((f) => f.en).join(', ')}`,
      }, { problems: faults.map((f) => f.en) });
    }
  }
  const registered = (a: Principal) => ({ role: a.role, unitCode: a.unitCode, posts: a.posts, activated: a.activated });
  const same = (a: Date | null | undefined, b: Date) => a instanceof Date && a.getTime() === b.getTime();
  const endOldSessions = (username: string, at: Date, why = 'password changed') => sessions.revokeOpenedBy(username, at, why);
  /**
   * Whether this change or reset of the password was stored: the account keeps a line per change. An account
   * stored before those lines were kept has only the time of its latest change to go by.
   */
  const passwordLineOf = (a: Account | null, kind: 'changed' | 'reset', by: string, at: Date) =>
    Boolean(a?.passwordChanges?.some((c) => c.kind === kind && c.by === by && same(c.at, at)))
    || (kind === 'changed' && !a?.passwordChanges?.length && same(a?.passwordChangedAt, at));

  // An account change interrupted by a stop: each change leaves its mark on the account (when, and by whom), so
  // the account says whether it was made. See mendInterrupted in the audit service.
  audit.settleWith(AuditAction.AccountRegistered, async (input) => {
    const a = await accounts.get(input.target.id);
    if (!a || !same(a.createdAt, input.at)) return { done: false, why: 'the account was never stored' };
    return { done: true, after: registered(toPrincipal(a)) };
  });
  // a change stored before the stop still ends the sessions opened with the old password
  audit.settleWith(AuditAction.PasswordChanged, async (input) => {
    const a = await accounts.get(input.target.id);
    if (!passwordLineOf(a, 'changed', input.target.id, input.at)) return { done: false, why: 'the password was not changed' };
    return { done: true, detail: { sessionsEnded: await endOldSessions(input.target.id, input.at) } };
  });
  // a reset stored before the stop ends the sessions opened before it, as the reset itself does
  audit.settleWith(AuditAction.PasswordReset, async (input) => {
    const a = await accounts.get(input.target.id);
    if (!passwordLineOf(a, 'reset', input.actor.id, input.at)) return { done: false, why: 'the password was not reset' };
    return { done: true, detail: { sessionsEnded: await endOldSessions(input.target.id, input.at, 'password reset') } };
  });
  audit.settleWith(AuditAction.AccountPractised, async (input) => {
    const a = await accounts.get(input.target.id);
    const practice = (input.detail as { practiceApplication?: string } | null)?.practiceApplication;
    // an account stored before the time was kept has only its practice case to show
    const at = a?.activation?.practisedAt;
    const done = Boolean(a && practice && a.activation?.practiceApplication === practice && a.activation.state !== ActivationState.Registered && (at ? same(at, input.at) : true));
    return done ? { done: true } : { done: false, why: `the account is ${a?.activation?.state ?? 'gone'}; no practice case was recorded at that moment` };
  });
  audit.settleWith(AuditAction.AccountApproved, async (input) => {
    const a = await accounts.get(input.target.id);
    const done = a?.activation?.approvedBy === input.actor.id && same(a.activation.approvedAt, input.at);
    return done ? { done: true } : { done: false, why: `the account is ${a?.activation?.state ?? 'gone'}; it was not approved` };
  });
  // each assignment leaves its own line on the account: a later one does not hide an earlier one
  audit.settleWith(AuditAction.PostsAssigned, async (input) => {
    const a = await accounts.get(input.target.id);
    // an account stored before the lines were kept shows only its activation (who, when)
    const activation = a?.activation;
    const line = a?.postAssignments?.find((p) => p.by === input.actor.id && same(p.at, input.at))
      ?? (!a?.postAssignments?.length && activation?.activatedBy === input.actor.id && same(activation.activatedAt, input.at) ? { posts: a?.posts ?? [] } : undefined);
    if (!a || !line) return { done: false, why: 'the posts were not assigned' };
    const before = (input.before as { posts?: string[] } | null)?.posts ?? [];
    return { done: true, after: { posts: [...new Set([...before, ...line.posts])], activation: ActivationState.Active } };
  });
  audit.settleWith(AuditAction.PostWithdrawn, async (input) => {
    const a = await accounts.get(input.target.id);
    const held = ((input.before as { posts?: string[] } | null)?.posts ?? []).includes(input.post ?? '');
    if (!a || !held) return { done: false, why: a ? 'the account did not hold the post' : 'the account is gone' };
    if (a.posts.includes(input.post as Post)) return { done: false, why: 'the account still holds the post' };
    return { done: true, after: { posts: [...a.posts] } };
  });
  audit.settleWith(AuditAction.PostsSuspended, async (input) => {
    const a = await accounts.get(input.target.id);
    const done = Boolean(a?.retraining && same(a.retraining.since, input.at));
    return done ? { done: true, after: { posts: [], activation: ActivationState.Registered } } : { done: false, why: 'the posts were not suspended' };
  });
  audit.settleWith(AuditAction.PostsRestored, async (input) => {
    const a = await accounts.get(input.target.id);
    const line = a?.postAssignments?.find((p) => p.by === input.actor.id && same(p.at, input.at));
    return line && !a?.retraining ? { done: true, after: { posts: line.posts, activation: ActivationState.Active } } : { done: false, why: 'the posts were not restored' };
  });
  audit.settleWith(AuditAction.BackupSet, async (input) => {
    const primary = input.target.id.split(':').slice(2).join(':');
    const backup = (input.after as { backup: string }).backup;
    const now = await accounts.backupOf(input.unit ?? '', input.post ?? '', primary);
    return now === backup ? { done: true } : { done: false, why: `the backup is ${now ?? 'not named'}` };
  });

  return {
    /** the lengths a new password may have; it must also mix a letter, a digit and a symbol */
    passwordRule: { minLength: policy.passwordMinLength, maxLength: PASSWORD_MAX_LENGTH } as const,
    get: mustGet,
    exists: (username: string) => accounts.exists(username),
    async principal(username: string): Promise<Principal> {
      return toPrincipal(await mustGet(username));
    },

    /** Real-name registration; the initial password must be changed at first login. Operators start unactivated. */
    async register(input: NewAccount, by: string | null, now: Date, options: { mustChangePassword?: boolean; activated?: boolean; posts?: Post[] } = {}): Promise<Principal> {
      checkPassword(input.password);
      const operator = input.role === Role.WindowStaff || input.role === Role.DepartmentStaff;
      const active = options.activated ?? !operator;
      const passwordHash = await hashPassword(input.password);
      const entry = await audit.intend({
        at: now, actor: by ? person(by) : person(input.username, input.role), action: AuditAction.AccountRegistered, ...about({ username: input.username, unitCode: input.unitCode }),
      });
      const stored = await accounts.insert({
        ...input, password: undefined, passwordHash,
        applicantType: input.role === Role.Applicant ? input.applicantType ?? 'individual' : null,
        unitCode: input.unitCode ?? null, posts: options.posts ?? [],
        activation: { state: active ? ActivationState.Active : ActivationState.Registered, activatedAt: active ? now : null, activatedBy: active ? by : null },
        mustChangePassword: options.mustChangePassword ?? true, createdAt: now, createdBy: by,
      });
      if (!stored) {
        await audit.forget(entry);
        throw new DomainError('USERNAME_TAKEN', ErrorKind.Conflict, { zh: `用户名 ${input.username} 已被占用`, en: `the username ${input.username} is taken` });
      }
      const created = toPrincipal(await mustGet(input.username));
      await audit.record({ ...entry, ...about(created), after: registered(created) });
      return created;
    },

    /**
     * Checks a password. Failures count per username and source: too many from one source hold that source off
     * for a while (429), the same for known and unknown usernames; the account itself is never locked by strangers.
     */
    async verifyLogin(username: string, password: string, now: Date, source = 'unknown'): Promise<Principal> {
      const held = await throttle.heldUntil(username, source, now);
      const account = await accounts.get(username);
      const failed = async (reason: string) => audit.record({ at: now, actor: person(username, account?.role ?? null), action: AuditAction.Login, target: { kind: 'account', id: username }, unit: account?.unitCode ?? null, outcome: 'failure', detail: { reason, source } });
      if (held) {
        await failed('throttled');
        const minutes = Math.max(1, Math.ceil((held.getTime() - now.getTime()) / 60_000));
        throw new DomainError('LOGIN_THROTTLED', ErrorKind.RateLimited, {
          zh: `此处登录失败次数过多，请 ${minutes} 分钟后再试`, en: `too many failed logins from here; try again in ${minutes} minute(s)`,
        }, { retryAfterMinutes: minutes });
      }
      const invalid = new DomainError('CREDENTIALS_INVALID', ErrorKind.Unauthenticated, { zh: `用户名 ${username} 不存在或密码错误`, en: `the username ${username} does not exist or the password is wrong` });
      if (!account) {
        await hashPassword(password); // same work either way: no telling which usernames exist
        await throttle.failed(username, source, now);
        await failed('unknown-username');
        throw invalid;
      }
      if (!(await verifyPassword(account.passwordHash, password))) {
        await throttle.failed(username, source, now);
        await failed('wrong-password');
        throw invalid;
      }
      await throttle.succeeded(username, source);
      // the successful login's entry is written when its session is opened (sessions.open): the session is what it changes
      return toPrincipal(account);
    },

    async changePassword(username: string, current: string, next: string, now: Date): Promise<void> {
      const account = await mustGet(username);
      if (!(await verifyPassword(account.passwordHash, current))) throw new DomainError('CREDENTIALS_INVALID', ErrorKind.Unauthenticated, { zh: '当前密码不正确', en: 'the current password is wrong' });
      if (current === next) throw new DomainError('PASSWORD_UNCHANGED', ErrorKind.Validation, { zh: '新密码不能与当前密码相同', en: 'the new password must differ from the current one' });
      checkPassword(next);
      const passwordHash = await hashPassword(next);
      const entry = await audit.intend({ at: now, actor: person(username, account.role), action: AuditAction.PasswordChanged, ...about(account) });
      await accounts.setPassword(username, passwordHash, now);
      // the old sessions end before the change is answered: a stop after this leaves none alive, a stop before
      // it leaves the note, and the mending ends them
      const sessionsEnded = await endOldSessions(username, now);
      await audit.record({ ...entry, detail: { sessionsEnded } });
    },

    /** Activation step 1: the operator completed a practice case (its application is marked practice). */
    async recordPractice(username: string, practiceApplication: string, now = new Date()): Promise<void> {
      const account = await mustGet(username);
      // the same practice case sent again (a retry after a stop) is already recorded: nothing more to do
      const already = (a: Account) => a.activation?.state !== ActivationState.Registered && a.activation?.practiceApplication === practiceApplication;
      if (already(account)) return;
      const entry = await audit.intend({
        at: now, actor: person(username, account.role), action: AuditAction.AccountPractised, ...about(account),
        before: { activation: ActivationState.Registered }, after: { activation: ActivationState.Practised }, detail: { practiceApplication },
      });
      if (!(await accounts.markPractised(username, practiceApplication, now))) {
        await audit.forget(entry);
        if (already(await mustGet(username))) return;
        throw new DomainError('ACTIVATION_OUT_OF_ORDER', ErrorKind.Conflict, { zh: `${username} 当前不在等待模拟办件（练习办件）的阶段`, en: `${username} is not waiting for a practice case` });
      }
      await audit.record(entry);
    },

    /** Activation step 2: a leader of the operator's business department approves. */
    async approve(username: string, leader: Principal, now: Date): Promise<void> {
      const account = await mustGet(username);
      if (leader.role !== Role.DepartmentLeader || leader.unitCode !== account.unitCode) {
        throw new DomainError('NOT_YOUR_UNIT', ErrorKind.Forbidden, {
          zh: `只有 ${username} 所在单位 ${account.unitCode ?? '（无）'} 的部门领导可以审核其激活`,
          en: `only a leader of ${username}’s own unit ${account.unitCode ?? '(none)'} approves its activation`,
        });
      }
      const entry = await audit.intend({ at: now, actor: person(leader.username, leader.role), action: AuditAction.AccountApproved, ...about(account), before: { activation: ActivationState.Practised }, after: { activation: ActivationState.Approved } });
      if (!(await accounts.markApproved(username, leader.username, now))) {
        await audit.forget(entry);
        throw new DomainError('ACTIVATION_OUT_OF_ORDER', ErrorKind.Conflict, { zh: `${username} 没有待审核的模拟办件`, en: `${username} has no practice case to approve` });
      }
      await audit.record(entry);
      // an operator back from off-post retraining (seed 001 §31) gets the suspended posts again with this approval
      if (account.retraining) {
        const restore = await audit.intend({ at: now, actor: person(leader.username, leader.role), action: AuditAction.PostsRestored, ...about(account), before: { posts: [], activation: ActivationState.Approved } });
        const posts = await accounts.restoreAfterRetraining(username, leader.username, now);
        if (!posts) {
          await audit.forget(restore);
          return;
        }
        await audit.record({ ...restore, after: { posts, activation: ActivationState.Active }, detail: { violationId: account.retraining.violationId ?? null } });
      }
    },

    /** 离岗培训 (seed 001 §31): the posts are suspended; the operator passes a practice case and the leader approves again. */
    async suspendForRetraining(username: string, by: { username: string; role: string }, violationId: string, now: Date): Promise<boolean> {
      const account = await mustGet(username);
      const entry = await audit.intend({ at: now, actor: person(by.username, by.role), action: AuditAction.PostsSuspended, ...about(account), before: { posts: account.posts ?? [], activation: account.activation?.state ?? null }, detail: { violationId } });
      if (!(await accounts.suspendForRetraining(username, by.username, violationId, now))) {
        await audit.forget(entry);
        return false;
      }
      await audit.record({ ...entry, after: { posts: [], activation: ActivationState.Registered } });
      return true;
    },

    /** Activation step 3: a system administrator assigns posts; the operator is then active. */
    async assignPosts(username: string, posts: Post[], by: string, now: Date): Promise<Principal> {
      const account = await mustGet(username);
      // posts belong to operators: community posts to window staff, back-office posts to department staff (seed 000 §19)
      const fits = POSTS_OF_ROLE[account.role as string];
      if (!fits) {
        throw new DomainError('POSTS_FOR_STAFF_ONLY', ErrorKind.Validation, {
          zh: `${username} 的角色是 ${account.role}，不是窗口或部门办事员，不能分配岗位`, en: `${username} is ${account.role}: only window and department staff hold posts`,
        });
      }
      const wrong = posts.filter((p) => !fits.includes(p));
      if (wrong.length) {
        throw new DomainError('POST_NOT_FOR_ROLE', ErrorKind.Validation, {
          zh: `${username} 的角色 ${account.role} 不能担任岗位 ${wrong.join('、')}（可担任 ${fits.join('、')}）`,
          en: `${username} is ${account.role}, which does not hold ${wrong.join(', ')} (it holds ${fits.join(', ')})`,
        });
      }
      if (account.activation?.state !== ActivationState.Approved && account.activation?.state !== ActivationState.Active) {
        throw new DomainError('ACTIVATION_OUT_OF_ORDER', ErrorKind.Conflict, {
          zh: `${username} 须先经业务部门审核通过，才能分配岗位`, en: `${username} must be approved by the department before posts are assigned`,
        });
      }
      const entry = await audit.intend({ at: now, actor: person(by), action: AuditAction.PostsAssigned, ...about(account), before: { posts: account.posts ?? [], activation: account.activation?.state ?? null } });
      await accounts.activateWithPosts(username, posts, by, now);
      const changed = toPrincipal(await mustGet(username));
      await audit.record({ ...entry, after: { posts: changed.posts, activation: ActivationState.Active } });
      return changed;
    },

    async withdrawPost(username: string, post: Post, by: string, now: Date): Promise<Principal> {
      const account = await mustGet(username);
      const entry = await audit.intend({ at: now, actor: person(by), action: AuditAction.PostWithdrawn, ...about(account), post, before: { posts: account.posts ?? [] } });
      if (!(await accounts.withdrawPost(username, post))) {
        await audit.forget(entry);
        throw new DomainError('POST_NOT_HELD', ErrorKind.Conflict, { zh: `${username} 没有担任岗位 ${post}`, en: `${username} does not hold the post ${post}` });
      }
      const changed = toPrincipal(await mustGet(username));
      await audit.record({ ...entry, after: { posts: changed.posts } });
      return changed;
    },

    async setBackup(unitCode: string, post: Post, primary: string, backup: string, by: string, now: Date): Promise<void> {
      for (const u of [primary, backup]) {
        const a = await mustGet(u);
        if (a.unitCode !== unitCode || !a.posts.includes(post)) throw new DomainError('BACKUP_NOT_ELIGIBLE', ErrorKind.Validation, { zh: `${u} 在单位 ${unitCode} 没有担任岗位 ${post}`, en: `${u} does not hold ${post} in ${unitCode}` });
      }
      if (primary === backup) throw new DomainError('BACKUP_NOT_ELIGIBLE', ErrorKind.Validation, { zh: `${primary} 不能做自己的 B 岗（备岗）`, en: `${primary} cannot back up themself` });
      const before = await accounts.backupOf(unitCode, post, primary);
      const entry = await audit.intend({ at: now, actor: person(by), action: AuditAction.BackupSet, target: { kind: 'post-backup', id: `${post}:${unitCode}:${primary}` }, unit: unitCode, post, before: { backup: before }, after: { backup } });
      await accounts.setBackup(unitCode, post, primary, backup);
      await audit.record(entry);
    },

    async backupOf(unitCode: string, post: string, primary: string): Promise<string | null> {
      return accounts.backupOf(unitCode, post, primary);
    },

    backups: (unitCode: string) => accounts.backups(unitCode),

    /**
     * A system administrator resets a forgotten password: a random one-time password, shown to the administrator
     * once and never stored in clear or audited, that the owner must change at the next login. The holds on
     * logins for the username end, so the owner can log in with it at once.
     */
    async resetPassword(username: string, by: { username: string; role: string }, now: Date): Promise<{ oneTimePassword: string }> {
      if (username === by.username) {
        throw new DomainError('RESET_OWN_PASSWORD', ErrorKind.Forbidden, {
          zh: `本人（${username}）的密码请在“修改密码”页面修改，不能重置`, en: `administrators change their own password (${username}) on the password page, not by a reset`,
        });
      }
      const account = await mustGet(username);
      const password = oneTimePassword(policy.passwordMinLength);
      const passwordHash = await hashPassword(password);
      const entry = await audit.intend({ at: now, actor: person(by.username, by.role), action: AuditAction.PasswordReset, ...about(account), after: { mustChangePassword: true } });
      await accounts.resetPassword(username, passwordHash, by.username, now);
      await throttle.clear(username);
      // every session opened before the reset ends before it is answered; after a stop, the mending ends them
      const sessionsEnded = await endOldSessions(username, now, 'password reset');
      await audit.record({ ...entry, detail: { sessionsEnded } });
      return { oneTimePassword: password };
    },

    /** Accounts with their activation and whether logins for them are held off just now (too many failures). */
    async list(filter: { unitCode?: string; role?: Role }, now = new Date()) {
      const [rows, held] = await Promise.all([accounts.list(filter), throttle.held(now)]);
      return rows.map((a) => ({
        ...toPrincipal(a), idNumber: maskIdNumber(a.idNumber), activation: a.activation?.state ?? ActivationState.Registered,
        practiceApplication: a.activation?.practiceApplication ?? null, loginHeldUntil: held.get(a.username.toLowerCase()) ?? null,
      }));
    },

    /** accounts with operator posts in a unit, for the `units` of a role check */
    async holdsPost(username: string, post: string, unitCode: string): Promise<boolean> {
      return accounts.holdsPost(username, post, unitCode);
    },
  };
}
export type AccountService = ReturnType<typeof createAccountService>;
