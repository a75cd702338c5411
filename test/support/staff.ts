import type { ApplicationRecord } from '../../domain/application/application.repository.js';
import type { Task } from '../../domain/task/task.model.js';
import { createWalker, eventually } from '../../local/walk.js';
import { platform } from './platform.js';

export { eventually };

const walker = () => createWalker(platform().services);

export const operator = (username: string) => walker().operator(username);
/** The open task of a step as staff would see it in their queue. */
export const openTask = (caseNumber: string, step: string): Promise<Task> => walker().openTask(caseNumber, step);
/** An operator takes the step's task from the queue and completes it with the step's body. */
export const act = (caseNumber: string, step: string, username: string, body: Record<string, unknown>) => walker().act(caseNumber, step, username, body);
export const applicationWhere = (applicationNumber: string, what: string, predicate: (a: ApplicationRecord) => boolean) => walker().applicationWhere(applicationNumber, what, predicate);
export const fileApplication = (itemCode: string, communityCode: string, options: { missing?: string[]; channel?: 'window' | 'online' } = {}) => walker().file(itemCode, communityCode, options);

/**
 * Blank certificates for a community, so that a test's case is not held up by a stock the suite's earlier cases
 * used up (each on-site case takes one at acceptance).
 */
export async function stockUp(communityCode: string, certificateType: string, count = 2): Promise<void> {
  const community = communityCode.replace(/^COM-/, '');
  const from = 500_000 + (Date.now() % 400_000);
  await platform().services.serials.addStock(communityCode, certificateType, Array.from({ length: count }, (_, i) => `${certificateType}-${community}-${String(from + i).padStart(6, '0')}`));
}
