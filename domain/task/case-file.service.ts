import type { Readable } from 'node:stream';
import type { ApplicationRepository } from '../application/application.repository.js';
import type { FileStorage } from '../material/file-storage.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { applicationOf, mayWork, type Actor } from './task.service.js';
import type { TaskRecord as Task } from './task.repository.js';

export interface CaseFile { fileName: string; contentType: string; size: number; sha256: string; stream: Readable }

/** The material files of a task's case, for the operator who works the task (the reviewer reads what the window took in). */
export function createCaseFileService(deps: { tasks: { get(userTaskKey: string): Promise<Task> }; applications: Pick<ApplicationRepository, 'get'>; storage: FileStorage }) {
  return {
    async open(userTaskKey: string, sha256: string, actor: Actor): Promise<CaseFile> {
      const task = await deps.tasks.get(userTaskKey);
      mayWork(actor, task);
      const applicationNumber = applicationOf(task);
      const app = applicationNumber ? await deps.applications.get(applicationNumber) : null;
      const file = (app?.files ?? []).find((f) => f.sha256 === sha256);
      if (!file?.storageKey) {
        throw new DomainError('FILE_NOT_FOUND', ErrorKind.NotFound, { zh: `任务 ${userTaskKey} 的办件没有材料文件 ${sha256}`, en: `the case of task ${userTaskKey} has no file ${sha256}` });
      }
      return { fileName: file.fileName ?? 'file', contentType: file.contentType ?? 'application/octet-stream', size: file.size ?? 0, sha256, stream: deps.storage.read(file.storageKey) };
    },
  };
}
export type CaseFileService = ReturnType<typeof createCaseFileService>;
