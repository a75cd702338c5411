import type { ApplicationRecord } from '../domain/application/application.repository.js';
import type { DomainServices } from '../domain/services.js';
import type { Task } from '../domain/task/task.model.js';
import { demoOperators } from '../domain/demo/demo-data.js';

/** Waits for a condition the platform reaches asynchronously (engine → exporter → API → store). */
export async function eventually<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const demoApplicant = (name = '王小明') => ({ type: 'individual' as const, name, idNumber: '420700199001011234', phone: '13800000000' });

/** Staff at work, through the domain services: file, take a task from the queue, complete it, watch the case. */
export function createWalker(services: DomainServices) {
  async function operator(username: string) {
    const p = await services.accounts.principal(username);
    return { username: p.username, unitCode: p.unitCode ?? '', posts: p.posts, activated: p.activated };
  }
  /** The open task of a step of a case: an application or a certificate requisition. */
  function openTask(caseNumber: string, step: string): Promise<Task> {
    return eventually(`the ${step} task of ${caseNumber}`, async () =>
      (await services.tasks.list({ caseNumber, state: ['created'] })).find((t) => t.step === step));
  }
  return {
    operator,
    openTask,
    /**
     * An operator takes the step's task from the queue and completes it with the body the step asks for, as
     * the API does. A decider confirms the certificate number the case shows unless the body names one.
     */
    async act(caseNumber: string, step: string, username: string, body: Record<string, unknown>): Promise<Task> {
      const task = await openTask(caseNumber, step);
      const actor = await operator(username);
      await services.tasks.claim(task.userTaskKey, actor);
      const submitted = step === 'decide' && !('confirmDocumentNumber' in body)
        ? { ...body, confirmDocumentNumber: (await eventually(`the certificate number of ${caseNumber}`, async () => (await services.applications.get(caseNumber)).documentNumber)) }
        : body;
      await services.steps.complete(task.userTaskKey, actor, submitted, await services.now());
      return task;
    },
    applicationWhere(applicationNumber: string, what: string, predicate: (a: ApplicationRecord) => boolean): Promise<ApplicationRecord> {
      return eventually(what, async () => {
        const a = await services.applications.get(applicationNumber);
        return predicate(a) ? a : null;
      });
    },
    /** Files an application with every required material, less the ones named. */
    async file(itemCode: string, communityCode: string, options: { missing?: string[]; channel?: 'window' | 'online' } = {}) {
      const item = await services.items.latest(itemCode);
      if (!item) throw new Error(`no item ${itemCode}`);
      const materials = item.materials.map((m) => ({ name: m.name, provided: !(options.missing ?? []).includes(m.name) }));
      // filed at the community's window by its acceptor
      const window = demoOperators.find((o) => o.unitCode === communityCode && (o.posts as readonly string[]).includes('acceptor'));
      const by = window ? { username: window.username, role: 'window-staff', unitCode: communityCode } : undefined;
      return services.applications.file({ itemCode, communityCode, channel: options.channel ?? 'window', applicant: demoApplicant(), materials, filedBy: by?.username ?? null, by }, await services.now());
    },
  };
}
