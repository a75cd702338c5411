import { AuditAction, ActorKind } from '../audit/audit-entry.model.js';
import { systemActor, type AuditInput, type AuditService } from '../audit/audit.service.js';
import { createHash } from 'node:crypto';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { compareModels } from './process-diff.js';
import type { LintTarget } from './process-lint.js';
import { analyseOffThread } from './lint-pool.js';
import { readModel } from './model-reader.js';
import { contractIssues } from './platform-contract.js';
import type { ProcessVersion, ProcessVersionRepository } from './process-version.repository.js';

/** What deploying needs from the engine: one BPMN resource in, the engine's answer out. */
export interface ModelEngine {
  deploy(name: string, xml: string): Promise<{ deploymentKey: string; processes: { processId: string; version: number; processDefinitionKey: string }[] }>;
}

const MAX_XML = 2_000_000;
/** The file's executable process, read through the moddle (any namespace prefix); a file may hold one only. */
async function processOf(xml: string): Promise<{ id: string; name: string | null }> {
  return onlyProcess((await readModel(xml)).processes);
}
function onlyProcess(processes: { id: string; name: string | null; executable: boolean }[]): { id: string; name: string | null } {
  const executable = processes.filter((p) => p.executable);
  if (executable.length > 1) {
    throw new DomainError('MODEL_SEVERAL_PROCESSES', ErrorKind.Validation, {
      zh: `文件中有 ${executable.length} 个可执行流程（${executable.map((p) => p.id).join('、')}）；请每个流程单独保存为一个文件`,
      en: `the file holds ${executable.length} executable processes (${executable.map((p) => p.id).join(', ')}); save each process in a file of its own`,
    });
  }
  return { id: executable[0]!.id, name: executable[0]!.name?.slice(0, 200) ?? null };
}

/**
 * Each deployment gets its own version tag, so the engine always makes a new version — also when an earlier
 * model is deployed again (a rollback), which would otherwise be an unchanged duplicate of an old version.
 */
export function tagged(xml: string, tag: string): string {
  const withoutTag = xml.replace(/<zeebe:versionTag\b[^>]*\/>/g, '');
  return withoutTag.replace(/(<bpmn:process\b[^>]*>)(\s*<bpmn:extensionElements>)?/, (_m, open: string, ext?: string) =>
    ext ? `${open}${ext}<zeebe:versionTag value="${tag}" />` : `${open}<bpmn:extensionElements><zeebe:versionTag value="${tag}" /></bpmn:extensionElements>`);
}

/** Saves by the platform itself (models from processes/) are the system's, the rest a person's. */
const by = (username: string) => (username === 'platform' ? systemActor : { kind: ActorKind.User, id: username, role: null });

export function createProcessModelService(deps: { versions: ProcessVersionRepository; engine: ModelEngine; audit: AuditService; target?: LintTarget }) {
  const { versions } = deps;
  const target = deps.target ?? 'embedded';
  /** The government rules, and for one of the platform's own processes, the contract its shipped model sets. */
  /** Reads and lints in a worker thread; the answers that need the store are added here. */
  async function checkModel(xml: string, shipped = false) {
    const analysis = await analyseOffThread(xml, target);
    const lint = analysis.lint;
    // a call activity must call a process the platform knows (saved, or in the same file)
    const known = new Set([...analysis.processes.map((p) => p.id), ...(await versions.processIds())]);
    for (const call of analysis.calls) {
      if (!known.has(call.processId)) {
        lint.errors.push({ rule: 'gov/called-process-exists', elementId: call.elementId, message: `调用的流程“${call.processId}”不存在 — the called process "${call.processId}" does not exist` });
      }
    }
    const process = onlyProcess(analysis.processes);
    if (shipped) return { ...lint, process };
    const platformModel = await versions.latestShipped(process.id);
    if (!platformModel) return { ...lint, process };
    const contract = contractIssues(analysis.contract, (await analyseOffThread(platformModel.xml, target)).contract);
    return { ...lint, errors: [...lint.errors, ...contract], process };
  }

  async function mustGet(processId: string, version: number): Promise<ProcessVersion> {
    const v = await versions.get(processId, version);
    if (!v) throw new DomainError('PROCESS_VERSION_NOT_FOUND', ErrorKind.NotFound, { zh: `流程 ${processId} 没有第 ${version} 版`, en: `process ${processId} has no version ${version}` });
    return v;
  }
  const same = (a: Date | string | null | undefined, b: Date) => a != null && new Date(a).getTime() === b.getTime();
  /** The version an entry is about, from its target `processId:version`. */
  const versionOf = (input: AuditInput) => {
    const at = input.target.id.lastIndexOf(':');
    return versions.get(input.target.id.slice(0, at), Number(input.target.id.slice(at + 1)));
  };
  const deployedAfter = (processId: string, version: number, engineVersion: number, processDefinitionKey: string) => ({ processId, version, engineVersion, processDefinitionKey });

  // A model change interrupted by a stop: the version, its archive mark and its deployments say whether it was made.
  deps.audit.settleWith(AuditAction.ModelSaved, async (input) => {
    const v = await versionOf(input);
    return v && v.checksum === (input.after as { checksum?: string } | null)?.checksum ? { done: true } : { done: false, why: 'the version was never stored' };
  });
  deps.audit.settleWith(AuditAction.ModelArchived, async (input) => {
    const v = await versionOf(input);
    return v?.archived?.by === input.actor.id && same(v.archived.at, input.at) ? { done: true } : { done: false, why: 'the version was not archived' };
  });
  deps.audit.settleWith(AuditAction.ModelRestored, async (input) => {
    const v = await versionOf(input);
    // archived again since by someone else (later than this restore) still means this restore happened
    const restored = v && (!v.archived || new Date(v.archived.at!).getTime() > input.at.getTime());
    return restored ? { done: true } : { done: false, why: 'the version is still archived' };
  });
  deps.audit.settleWith(AuditAction.ModelDeployed, async (input) => {
    const v = await versionOf(input);
    if (!v) return { done: false, why: 'the version is gone' };
    const deployedBy = input.actor.kind === ActorKind.User ? input.actor.id : 'platform';
    const stored = v.deployments.find((d) => d.deployedBy === deployedBy && same(d.deployedAt, input.at));
    if (stored) return { done: true, after: deployedAfter(v.processId, v.version, stored.engineVersion!, stored.processDefinitionKey!) };
    const detail = (input.detail ?? {}) as { versionTag?: string };
    // a deployment at start (from processes/) is made again at the next start, with its own entry
    if (!detail.versionTag) return { done: false, why: 'no deployment was stored; the next start deploys the model again' };
    // The engine may have taken the model before the stop. Asked again with the same tagged model, it answers the
    // version it made then (an unchanged model keeps its version), or makes it now, as was asked. Not when the process
    // was deployed since: the older model would go back over the newer one.
    const later = (await versions.listWithoutXml()).some((o) => o.processId === v.processId && o.deployments.some((d) => d.deployedAt! > input.at));
    if (later) return { done: false, why: 'no deployment was stored, and the process was deployed again since; it is not asked again' };
    const answer = await deps.engine.deploy(`${v.processId}.bpmn`, tagged(v.xml, detail.versionTag));
    const deployed = answer.processes.find((p) => p.processId === v.processId);
    if (!deployed) return { done: false, why: `the engine deployed no process ${v.processId}` };
    await versions.addDeployment(v.processId, v.version, { engineVersion: deployed.version, processDefinitionKey: deployed.processDefinitionKey, deploymentKey: answer.deploymentKey, deployedAt: input.at, deployedBy });
    return { done: true, after: deployedAfter(v.processId, v.version, deployed.version, deployed.processDefinitionKey), detail: { deploymentKey: answer.deploymentKey, engineAskedAgain: true } };
  });
  return {
    get: mustGet,

    /** Every process with its versions (newest first) and the version the engine runs now. */
    async list() {
      const all = await versions.listWithoutXml();
      const byProcess = new Map<string, Omit<ProcessVersion, 'xml'>[]>();
      for (const v of all) byProcess.set(v.processId, [...(byProcess.get(v.processId) ?? []), v]);
      return [...byProcess].map(([processId, versions]) => {
        const deployments = versions.flatMap((v) => v.deployments.map((d) => ({ ...d, version: v.version })));
        const running = deployments.sort((a, b) => b.deployedAt!.getTime() - a.deployedAt!.getTime())[0] ?? null;
        // the name people know the process by is the one the engine runs, not a newer draft's
        const named = versions.find((v) => v.version === running?.version) ?? versions[0]!;
        return {
          processId, name: named.name ?? null,
          running: running ? { version: running.version, engineVersion: running.engineVersion!, deployedAt: running.deployedAt!, deployedBy: running.deployedBy! } : null,
          versions: versions.map((v) => ({
            version: v.version, name: v.name ?? null, author: v.author, comment: v.comment, savedAt: v.savedAt, checksum: v.checksum, errors: (v.lint?.errors as unknown[] | undefined)?.length ?? 0, warnings: (v.lint?.warnings as unknown[] | undefined)?.length ?? 0,
            deployed: v.deployments.length > 0, archived: v.archived ? { at: v.archived.at!, by: v.archived.by!, reason: v.archived.reason! } : null,
          })),
        };
      });
    },

    /** What changed from one saved version to another. */
    async compare(processId: string, from: number, to: number) {
      const [a, b] = await Promise.all([mustGet(processId, from), mustGet(processId, to)]);
      return compareModels(a.xml, b.xml);
    },

    /** The saved version the engine runs as `engineVersion` of a process (what an instance started on). */
    async byEngineVersion(processId: string, engineVersion: number): Promise<ProcessVersion | null> {
      return versions.byEngineVersion(processId, engineVersion);
    },

    /** Checks a model without saving it: what the canvas and the list show. */
    check: async (xml: string) => {
      const { errors, warnings, parseWarnings } = await checkModel(xml);
      return { errors, warnings, parseWarnings };
    },

    /** Saves a model as the next version of its process; an unchanged model is refused. Errors do not block saving. */
    async save(xml: string, author: string, comment: string, now: Date): Promise<ProcessVersion> {
      if (xml.length > MAX_XML) throw new DomainError('MODEL_TOO_LARGE', ErrorKind.TooLarge, {
        zh: `模型不能超过 ${MAX_XML} 个字符（此模型有 ${xml.length} 个）`, en: `a model may have at most ${MAX_XML} characters (this one has ${xml.length})`,
      });
      const lint = await checkModel(xml, author === 'platform');
      const { id: processId, name } = lint.process;
      const checksum = createHash('sha256').update(xml).digest('hex');
      for (let attempt = 0; attempt < 5; attempt++) {
        const last = await versions.latestVersion(processId);
        const version = (last ?? 0) + 1;
        const entry = await deps.audit.intend({
          at: now, actor: by(author), action: AuditAction.ModelSaved, target: { kind: 'process-version', id: `${processId}:${version}` },
          after: { processId, version, checksum }, detail: { comment, errors: lint.errors.length, warnings: lint.warnings.length, previousVersion: last },
        });
        if (await versions.insert({ processId, version, name, xml, checksum, author, comment, savedAt: now, lint: { errors: lint.errors, warnings: lint.warnings }, deployments: [] })) {
          await deps.audit.record(entry);
          return mustGet(processId, version);
        }
        await deps.audit.forget(entry);
        const same = await versions.withChecksum(processId, checksum);
        if (same) throw new DomainError('MODEL_UNCHANGED', ErrorKind.Conflict, { zh: `此模型与 ${processId} 的第 ${same.version} 版完全相同`, en: `this model is identical to version ${same.version} of ${processId}` });
        // someone saved the same process at the same moment: take the next number
      }
      throw new DomainError('MODEL_SAVE_CONTENDED', ErrorKind.Conflict, { zh: `${processId} 同时保存的人太多，请重试`, en: `too many saves of ${processId} at once; try again` });
    },

    /**
     * Records a model deployed from processes/ at start: saved as a version (author "platform") when its content
     * is new, with the engine version it runs as.
     */
    async registerDeployed(xml: string, deployed: { version: number; key: string }, now: Date): Promise<void> {
      const { id: processId } = await processOf(xml);
      const checksum = createHash('sha256').update(xml).digest('hex');
      let saved = await versions.withChecksum(processId, checksum);
      if (!saved) {
        await this.save(xml, 'platform', `processes/${processId}.bpmn`, now).catch((err: { code?: string }) => {
          if (err.code !== 'MODEL_UNCHANGED') throw err;
        });
        saved = await versions.withChecksum(processId, checksum);
      }
      if (saved && !saved.deployments.some((d) => d.engineVersion === deployed.version)) {
        const entry = await deps.audit.intend({
          at: now, actor: systemActor, action: AuditAction.ModelDeployed, target: { kind: 'process-version', id: `${processId}:${saved.version}` },
          after: { processId, version: saved.version, engineVersion: deployed.version, processDefinitionKey: deployed.key }, detail: { source: `processes/${processId}.bpmn`, checksum },
        });
        await versions.addDeploymentOfChecksum(processId, checksum, { engineVersion: deployed.version, processDefinitionKey: deployed.key, deploymentKey: '', deployedAt: now, deployedBy: 'platform' });
        await deps.audit.record(entry);
      }
    },

    /**
     * Puts a draft away so the list does not fill with them; it keeps its history and can be restored. A version
     * that ever ran is history of the cases that ran on it, and stays.
     */
    async archive(processId: string, version: number, user: string, reason: string, now: Date): Promise<void> {
      const v = await mustGet(processId, version);
      if (v.deployments.length) {
        throw new DomainError('MODEL_VERSION_DEPLOYED', ErrorKind.Conflict, {
          zh: `${processId} 的第 ${version} 版已部署过，按它办理的办件需要它，不能归档；只有从未部署的草稿可以归档`,
          en: `version ${version} of ${processId} has been deployed; the cases that ran on it keep it in the list`,
        });
      }
      const entry = await deps.audit.intend({ at: now, actor: by(user), action: AuditAction.ModelArchived, target: { kind: 'process-version', id: `${processId}:${version}` }, after: { archived: true }, detail: { reason } });
      if (!(await versions.setArchived(processId, version, { at: now, by: user, reason }))) {
        await deps.audit.forget(entry);
        throw new DomainError('MODEL_VERSION_ARCHIVED', ErrorKind.Conflict, { zh: `${processId} 的第 ${version} 版已经归档`, en: `version ${version} of ${processId} is archived already` });
      }
      await deps.audit.record(entry);
    },

    /** Takes an archived draft back into the list. */
    async restore(processId: string, version: number, user: string, now: Date): Promise<void> {
      const v = await mustGet(processId, version);
      const entry = await deps.audit.intend({ at: now, actor: by(user), action: AuditAction.ModelRestored, target: { kind: 'process-version', id: `${processId}:${version}` }, before: { archived: v.archived }, after: { archived: false } });
      if (!(await versions.setArchived(processId, version, null))) {
        await deps.audit.forget(entry);
        throw new DomainError('MODEL_VERSION_NOT_ARCHIVED', ErrorKind.Conflict, { zh: `${processId} 的第 ${version} 版未归档`, en: `version ${version} of ${processId} is not archived` });
      }
      await deps.audit.record(entry);
    },

    /** Deploys a saved version (a rollback is deploying an earlier one). Lint errors block it; the engine's answer is returned. */
    async deploy(processId: string, version: number, user: string, now: Date) {
      const v = await mustGet(processId, version);
      if (v.archived) {
        throw new DomainError('MODEL_VERSION_ARCHIVED', ErrorKind.Conflict, {
          zh: `${processId} 的第 ${version} 版已归档，请先恢复再部署`, en: `version ${version} of ${processId} is archived; restore it before deploying`,
        });
      }
      const errors = (v.lint?.errors ?? []) as { rule: string; elementId: string | null; message: string }[];
      if (errors.length) {
        // each lint message reads "中文 — English"
        const said = (e: { message: string }, lang: 'zh' | 'en') => {
          const at = e.message.indexOf(' — ');
          return at < 0 ? e.message : lang === 'zh' ? e.message.slice(0, at) : e.message.slice(at + 3);
        };
        throw new DomainError('MODEL_HAS_ERRORS', ErrorKind.Validation, {
          zh: `${processId} 的第 ${version} 版有 ${errors.length} 个错误，不能部署：${errors.slice(0, 3).map((e) => `${e.elementId ?? '-'}：${said(e, 'zh')}`).join('；')}`,
          en: `version ${version} of ${processId} has ${errors.length} error(s) and cannot be deployed: ${errors.slice(0, 3).map((e) => `${e.elementId ?? '-'}: ${said(e, 'en')}`).join(' | ')}`,
        }, { errors });
      }
      const running = (await this.list()).find((p) => p.processId === processId)?.running;
      if (running?.version === version) {
        throw new DomainError('MODEL_ALREADY_RUNNING', ErrorKind.Conflict, {
          zh: `${processId} 的第 ${version} 版已在运行（引擎版本 ${running.engineVersion}），无需再次部署`,
          en: `version ${version} of ${processId} is already the one running (engine version ${running.engineVersion}); nothing to deploy`,
        });
      }
      const tag = `v${version}.d${v.deployments.length + 1}`;
      const target = { kind: 'process-version', id: `${processId}:${version}` };
      // written down first: a stop between the engine's deployment and storing it is found and settled (see above)
      const entry = await deps.audit.intend({ at: now, actor: by(user), action: AuditAction.ModelDeployed, target, detail: { versionTag: tag, checksum: v.checksum } });
      const answer = await deps.engine.deploy(`${processId}.bpmn`, tagged(v.xml, tag)).catch(async (err: Error) => {
        await deps.audit.record({ ...entry, outcome: 'failure', detail: { versionTag: tag, engineAnswer: err.message } });
        throw err;
      });
      const deployed = answer.processes.find((p) => p.processId === processId);
      if (!deployed) {
        await deps.audit.record({ ...entry, outcome: 'failure', detail: { versionTag: tag, engineAnswer: `no process ${processId} in the deployment` } });
        throw new DomainError('DEPLOY_UNEXPECTED', ErrorKind.Conflict, { zh: `引擎没有部署流程 ${processId}`, en: `the engine deployed no process ${processId}` });
      }
      await versions.addDeployment(processId, version, { engineVersion: deployed.version, processDefinitionKey: deployed.processDefinitionKey, deploymentKey: answer.deploymentKey, deployedAt: now, deployedBy: user });
      await deps.audit.record({
        ...entry, after: deployedAfter(processId, version, deployed.version, deployed.processDefinitionKey), detail: { versionTag: tag, deploymentKey: answer.deploymentKey, checksum: v.checksum },
      });
      return { engine: answer, engineVersion: deployed.version, versionTag: tag };
    },
  };
}
export type ProcessModelService = ReturnType<typeof createProcessModelService>;
