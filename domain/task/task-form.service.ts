import type { ApplicationRecord } from '../application/application.repository.js';
import { extensionsOf, type BpmnNode } from '../engine/bpmn-node.js';
import { readModel } from '../process-model/model-reader.js';
import { REQUISITION_PROCESS } from '../requisition/requisition.service.js';
import type { Requisition } from '../requisition/requisition.model.js';
import type { ServiceItemRecord } from '../service-item/service-item.repository.js';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { applicationOf, mayWork, type Actor } from './task.service.js';
import type { TaskRecord as Task } from './task.repository.js';

/** A Camunda Form (form-js JSON), as saved by Camunda Modeler: its `id` is what a user task's formId names. */
export interface CamundaForm { id: string; components: unknown[]; [key: string]: unknown }

/** The platform's forms, by id (processes/forms/*.form). */
export interface FormSource { byId(formId: string): CamundaForm | null }

export interface TaskForm { userTaskKey: string; step: string; formId: string; schema: CamundaForm; data: Record<string, unknown> }

const FORM_ZH: Record<string, string> = { original: '原件', copy: '复印件', 'original-and-copy': '原件及复印件' };

/**
 * The form a user task links to (`zeebe:formDefinition formId`, the Camunda 8 way) in the model version its
 * instance runs on, with what the step's operator needs filled in: the item's materials for accept, the
 * generated certificate number for decide, the serials for close. The form only shows; the step contract decides.
 */
export function createTaskFormService(deps: {
  tasks: { get(userTaskKey: string): Promise<Task> };
  applications: { get(applicationNumber: string): Promise<ApplicationRecord> };
  items: { version(code: string, version: number): Promise<ServiceItemRecord | null> };
  requisitions: { byProcessInstance(processInstanceKey: string): Promise<Requisition | null> };
  modelOf(processId: string, engineVersion: number): Promise<{ xml: string } | null>;
  forms: FormSource;
}) {
  /** element id → linked form id, per model version (a saved version never changes) */
  const links = new Map<string, Promise<Map<string, string | null>>>();

  function linksOf(processId: string, version: number): Promise<Map<string, string | null>> {
    const key = `${processId}:${version}`;
    let found = links.get(key);
    if (!found) {
      found = (async () => {
        const model = await deps.modelOf(processId, version);
        if (!model) throw new DomainError('MODEL_VERSION_UNKNOWN', ErrorKind.NotFound, { zh: `平台没有流程 ${processId} 第 ${version} 版的模型`, en: `the platform has no saved model for ${processId} as engine version ${version}` });
        const { definitions } = await readModel(model.xml);
        const out = new Map<string, string | null>();
        const visit = (container: BpmnNode) => {
          for (const node of (container.flowElements as BpmnNode[] | undefined) ?? []) {
            if (node.$type === 'bpmn:UserTask' && node.id) out.set(node.id, (extensionsOf(node, 'zeebe:FormDefinition')[0]?.formId as string | undefined) ?? null);
            if (node.$type === 'bpmn:SubProcess') visit(node);
          }
        };
        for (const p of (definitions.rootElements as BpmnNode[] | undefined) ?? []) if (p.$type === 'bpmn:Process') visit(p);
        return out;
      })();
      links.set(key, found);
      found.catch(() => links.delete(key));
    }
    return found;
  }

  async function prefill(task: Task, app: ApplicationRecord | null, requisition: Requisition | null): Promise<Record<string, unknown>> {
    const data: Record<string, unknown> = { caseNumber: task.caseNumber, step: task.step };
    if (app) {
      Object.assign(data, { itemName: app.itemName, documentNumber: app.documentNumber ?? null, printSerial: app.printSerial ?? null });
      if (task.step === 'accept') {
        const item = await deps.items.version(app.itemCode, app.itemVersion);
        data.materialOptions = (item?.materials ?? []).map((m) => ({
          value: m.name, label: `${m.name}（${FORM_ZH[m.form ?? ''] ?? m.form}${(m.count ?? 1) > 1 ? ` ${m.count} 份` : ''}${m.required ? '' : '，非必需'}）`,
        }));
        // what the window noted as not brought at filing: the one-time notice starts from it (一次性告知)
        data.missingMaterials = [...(app.missingMaterials ?? [])];
      }
      // the decider confirms the number generated for the case (seed 000 §26)
      if (task.step === 'decide') data.confirmDocumentNumber = app.documentNumber ?? '';
    }
    if (requisition) {
      Object.assign(data, {
        certificateType: requisition.certificateType, quantity: requisition.quantity,
        allocatedSerials: (requisition.allocatedSerials ?? []).join('、'),
      });
      if (task.step === 'exchange') data.count = requisition.quantity;
    }
    return data;
  }

  return {
    /** The linked form of a task the operator may work, with its prefill. */
    async formOf(userTaskKey: string, actor: Actor): Promise<TaskForm> {
      const task = await deps.tasks.get(userTaskKey);
      mayWork(actor, task);
      const applicationNumber = applicationOf(task);
      const app = applicationNumber ? await deps.applications.get(applicationNumber) : null;
      const requisition = app ? null : await deps.requisitions.byProcessInstance(task.processInstanceKey);
      const processId = app?.processId ?? (requisition ? REQUISITION_PROCESS : null);
      const version = task.processDefinitionVersion;
      if (!processId || !version) {
        throw new DomainError('FORM_NOT_LINKED', ErrorKind.NotFound, { zh: `任务 ${userTaskKey} 没有可查的流程模型版本，无法找到关联表单`, en: `task ${userTaskKey} has no known process model version, so no linked form` });
      }
      const formId = (await linksOf(processId, version)).get(task.elementId) ?? null;
      if (!formId) {
        throw new DomainError('FORM_NOT_LINKED', ErrorKind.NotFound, { zh: `流程 ${processId} 第 ${version} 版的用户任务 ${task.elementId} 没有关联表单（zeebe:formDefinition formId）`, en: `the user task ${task.elementId} of ${processId} v${version} links no form (zeebe:formDefinition formId)` });
      }
      const schema = deps.forms.byId(formId);
      if (!schema) {
        throw new DomainError('FORM_NOT_FOUND', ErrorKind.NotFound, { zh: `用户任务 ${task.elementId} 关联的表单 ${formId} 不在平台表单中（processes/forms）`, en: `the form ${formId} linked by ${task.elementId} is not among the platform's forms (processes/forms)` });
      }
      return { userTaskKey, step: task.step, formId, schema, data: await prefill(task, app, requisition) };
    },
  };
}
export type TaskFormService = ReturnType<typeof createTaskFormService>;
