import { isDuplicateKey } from '../shared/domain-error.js';
import { op } from '../shared/trusted.js';
import { AccountModel, ActivationState, PostBackupModel, type Account } from './account.model.js';

export type AccountRecord = Account;
/** the latest assignments an account keeps, enough for the mending after any stop */
const POST_ASSIGNMENTS_KEPT = 20;
/** the latest password changes and resets an account keeps, for the same reason */
const PASSWORD_CHANGES_KEPT = 20;
const passwordLine = (kind: 'changed' | 'reset', by: string, at: Date) => ({ $each: [{ kind, by, at }], $slice: -PASSWORD_CHANGES_KEPT });

export function createAccountRepository() {
  return {
    async get(username: string): Promise<AccountRecord | null> {
      return AccountModel.findOne({ username }).lean<AccountRecord>();
    },

    async exists(username: string): Promise<boolean> {
      return (await AccountModel.exists({ username })) !== null;
    },

    /** Stores a new account; false when the username is taken. */
    async insert(account: Record<string, unknown>): Promise<boolean> {
      try {
        await AccountModel.create(account);
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },

    /** The owner's change; the change is kept as a line of its own, so a later one does not hide it. */
    async setPassword(username: string, passwordHash: string, at: Date): Promise<void> {
      await AccountModel.updateOne({ username }, {
        $set: { passwordHash, mustChangePassword: false, passwordChangedAt: at }, $push: { passwordChanges: passwordLine('changed', username, at) },
      });
    },

    /** An administrator's reset: the new password must be changed at the next login; kept as a line too. */
    async resetPassword(username: string, passwordHash: string, by: string, at: Date): Promise<void> {
      await AccountModel.updateOne({ username }, { $set: { passwordHash, mustChangePassword: true }, $push: { passwordChanges: passwordLine('reset', by, at) } });
    },

    /** Activation step 1; false when the account is not waiting for a practice case. */
    async markPractised(username: string, practiceApplication: string, at: Date): Promise<boolean> {
      const r = await AccountModel.updateOne(
        { username, 'activation.state': ActivationState.Registered },
        { $set: { 'activation.state': ActivationState.Practised, 'activation.practiceApplication': practiceApplication, 'activation.practisedAt': at } },
      );
      return r.modifiedCount === 1;
    },

    /** Activation step 2; false when the account has no practice case to approve. */
    async markApproved(username: string, by: string, at: Date): Promise<boolean> {
      const r = await AccountModel.updateOne(
        { username, 'activation.state': ActivationState.Practised },
        { $set: { 'activation.state': ActivationState.Approved, 'activation.approvedBy': by, 'activation.approvedAt': at } },
      );
      return r.modifiedCount === 1;
    },

    /** Activation step 3: the posts are added and the account is active; the assignment is kept as a line of its own. */
    async activateWithPosts(username: string, posts: readonly string[], by: string, at: Date): Promise<void> {
      await AccountModel.updateOne({ username }, {
        $addToSet: { posts: { $each: posts } },
        $set: { 'activation.state': ActivationState.Active, 'activation.activatedBy': by, 'activation.activatedAt': at },
        $push: { postAssignments: { $each: [{ posts: [...posts], by, at }], $slice: -POST_ASSIGNMENTS_KEPT } },
      });
    },

    /**
     * 离岗培训: an active operator's posts are suspended and the activation starts over (practice, approval); false
     * when the account is not active (already in retraining or never activated).
     */
    async suspendForRetraining(username: string, by: string, violationId: string, at: Date): Promise<boolean> {
      const a = await AccountModel.findOne({ username, 'activation.state': ActivationState.Active }, { posts: 1 }).lean();
      if (!a) return false;
      const r = await AccountModel.updateOne({ username, 'activation.state': ActivationState.Active }, {
        $set: {
          posts: [], retraining: { since: at, by, violationId, posts: a.posts ?? [] },
          'activation.state': ActivationState.Registered, 'activation.practiceApplication': null, 'activation.practisedAt': null, 'activation.approvedBy': null, 'activation.approvedAt': null,
        },
      });
      return r.modifiedCount === 1;
    },

    /** The retraining passed and approved: the suspended posts come back and the account is active again. */
    async restoreAfterRetraining(username: string, by: string, at: Date): Promise<string[] | null> {
      const a = await AccountModel.findOne({ username, 'activation.state': ActivationState.Approved, retraining: op({ $ne: null }) }, { retraining: 1 }).lean();
      const posts = [...(a?.retraining?.posts ?? [])];
      if (!a) return null;
      const r = await AccountModel.updateOne({ username, 'activation.state': ActivationState.Approved, retraining: op({ $ne: null }) }, {
        $set: { posts, retraining: null, 'activation.state': ActivationState.Active, 'activation.activatedBy': by, 'activation.activatedAt': at },
        $push: { postAssignments: { $each: [{ posts, by, at }], $slice: -POST_ASSIGNMENTS_KEPT } },
      });
      return r.modifiedCount === 1 ? posts : null;
    },

    /** False when the account does not hold the post. */
    async withdrawPost(username: string, post: string): Promise<boolean> {
      const r = await AccountModel.updateOne({ username, posts: post }, { $pull: { posts: post } });
      return r.modifiedCount === 1;
    },

    /** Sorted by username, at most 500. */
    async list(filter: { unitCode?: string; role?: string }): Promise<AccountRecord[]> {
      const q: Record<string, unknown> = {};
      if (filter.unitCode) q.unitCode = filter.unitCode;
      if (filter.role) q.role = filter.role;
      return AccountModel.find(q).sort({ username: 1 }).limit(500).lean<AccountRecord[]>();
    },

    /** An active operator holding the post in the unit. */
    async holdsPost(username: string, post: string, unitCode: string): Promise<boolean> {
      return (await AccountModel.countDocuments({ username, unitCode, posts: post, 'activation.state': ActivationState.Active })) === 1;
    },

    /** AB 岗: the backup named for a primary holder of a post, or null. */
    async backupOf(unitCode: string, post: string, primary: string): Promise<string | null> {
      return (await PostBackupModel.findOne({ unitCode, post, primary }).lean())?.backup ?? null;
    },

    /** Every backup named in a unit, by post and primary holder. */
    async backups(unitCode: string): Promise<{ post: string; primary: string; backup: string }[]> {
      const rows = await PostBackupModel.find({ unitCode }, { _id: 0, post: 1, primary: 1, backup: 1 }).sort({ post: 1, primary: 1 }).lean();
      return rows.map((r) => ({ post: r.post, primary: r.primary, backup: r.backup }));
    },

    async setBackup(unitCode: string, post: string, primary: string, backup: string): Promise<void> {
      await PostBackupModel.updateOne({ unitCode, post, primary }, { $set: { backup } }, { upsert: true });
    },
  };
}
export type AccountRepository = ReturnType<typeof createAccountRepository>;
