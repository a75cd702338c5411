import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { DomainError, ErrorKind } from '../shared/domain-error.js';
import { extensionsOf, type BpmnNode } from '../engine/bpmn-node.js';

const require = createRequire(import.meta.url);
const zeebeSchema = require('zeebe-bpmn-moddle/resources/zeebe.json') as object;

type Node = BpmnNode;

export interface ReadModel {
  /** the moddle tree, with the zeebe extensions */
  definitions: Node;
  /** every process of the file, executable or not, by id */
  processes: { id: string; name: string | null; executable: boolean }[];
  warnings: string[];
}

const refuse = (code: string, zh: string, en: string) => new DomainError(code, ErrorKind.Validation, { zh, en });

/**
 * Reads a BPMN file as a business owner would hand it in, and says plainly what is wrong with one that is not a
 * Camunda 8 BPMN model: not XML, not BPMN, a DOCTYPE, a Camunda 7 model, no process. Entities are never expanded.
 */
export async function readModel(xml: string): Promise<ReadModel> {
  if (/<!DOCTYPE/i.test(xml)) {
    throw refuse('MODEL_DOCTYPE', '模型含有 DOCTYPE 声明，平台不接受（BPMN 文件不需要它）；请删除 <!DOCTYPE …> 后再试',
      'the model declares a DOCTYPE, which the platform does not accept (BPMN files need none); remove <!DOCTYPE …> and try again');
  }
  if (/xmlns(:\w+)?="http:\/\/camunda\.org\/schema\/1\.0\/bpmn"/.test(xml) || /modeler:executionPlatform="Camunda Platform"/.test(xml)) {
    throw refuse('MODEL_CAMUNDA7', '这是 Camunda 7 模型（camunda: 扩展）；平台运行 Camunda 8 模型。请在 Camunda Modeler 中将其迁移到 Camunda 8 后再上传',
      'this is a Camunda 7 model (camunda: extensions); the platform runs Camunda 8 models. Migrate it to Camunda 8 in Camunda Modeler, then upload it again');
  }
  let context: { rootElement: unknown; warnings: { message: string }[] };
  try {
    context = await new BpmnModdle({ zeebe: zeebeSchema }).fromXML(xml, 'bpmn:Definitions') as never;
  } catch (err) {
    const reason = String((err as Error).message ?? err).split('\n')[0]!.slice(0, 300);
    throw refuse('MODEL_NOT_BPMN', `这不是可读的 BPMN 模型：${reason}。请上传由 Camunda Modeler 或本平台建模器保存的 .bpmn 文件`,
      `this is not a readable BPMN model: ${reason}. Upload a .bpmn file saved by Camunda Modeler or the platform's modeler`);
  }
  const definitions = context.rootElement as Node | undefined;
  if (!definitions || definitions.$type !== 'bpmn:Definitions') {
    throw refuse('MODEL_NOT_BPMN', '这不是 BPMN 模型：根元素不是 <bpmn:definitions>', 'this is not a BPMN model: the root element is not <bpmn:definitions>');
  }
  const processes = ((definitions.rootElements as Node[] | undefined) ?? []).filter((e) => e.$type === 'bpmn:Process')
    .map((p) => ({ id: String(p.id ?? ''), name: (p.name as string | undefined) ?? null, executable: Boolean(p.isExecutable) }));
  if (processes.length === 0) throw refuse('MODEL_NO_PROCESS', '模型中没有流程（<bpmn:process>）', 'the model contains no process (<bpmn:process>)');
  if (!processes.some((p) => p.executable)) throw refuse('MODEL_NOT_EXECUTABLE', '模型中没有可执行的流程（isExecutable="true"）', 'the model has no executable process (isExecutable="true")');
  const bad = processes.find((p) => !/^[A-Za-z][\w.-]{0,99}$/.test(p.id));
  if (bad) throw refuse('MODEL_PROCESS_ID', `流程标识“${bad.id}”须以字母开头，只含字母、数字、点、下划线和连字符`, `the process id "${bad.id}" must start with a letter and hold only letters, digits, dots, underscores and hyphens`);
  return { definitions, processes, warnings: context.warnings.map((w) => w.message) };
}

/** The processes a model's call activities call, by the element that calls. */
export function calledProcesses(definitions: Node): { elementId: string; processId: string }[] {
  const out: { elementId: string; processId: string }[] = [];
  const walk = (container: Node) => {
    for (const n of (container.flowElements as Node[] | undefined) ?? []) {
      if (n.$type === 'bpmn:CallActivity') {
        const called = extensionsOf(n, 'zeebe:CalledElement')[0];
        const processId = String(called?.processId ?? '');
        if (processId && !processId.startsWith('=')) out.push({ elementId: String(n.id), processId });
      }
      if (n.$type === 'bpmn:SubProcess') walk(n);
    }
  };
  for (const p of ((definitions.rootElements as Node[] | undefined) ?? []).filter((e) => e.$type === 'bpmn:Process')) walk(p);
  return out;
}

