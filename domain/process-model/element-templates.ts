import { NoticeKind } from '../notification/notice.model.js';
import { CardLevel, Steps } from '../shared/constants.js';
import { JobType } from './job-types.js';

// Camunda 8 element templates: a business owner picks "Notify party" or "Human step" and chooses from lists,
// never typing a job type or a FEEL expression. Each applies to any task and turns it into the type it needs,
// so a plain task from the palette can become either kind of step.
const SCHEMA = 'https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json';
const STEPS = [...new Set(Object.values(Steps).flatMap((s) => s.map((x) => x.step)))];
const choice = (value: string, name = value) => ({ name, value });
// the lists a business owner chooses from, shown open in the properties panel
const GROUPS = [{ id: 'gov', label: '环节设置 Step settings', openByDefault: true }];
const jobType = (value: string) => ({ type: 'Hidden', value, binding: { type: 'zeebe:taskDefinition', property: 'type' } });
const header = (label: string, key: string, choices: { name: string; value: string }[]) =>
  ({ label, type: 'Dropdown', value: choices[0]!.value, choices, group: 'gov', binding: { type: 'zeebe:taskHeader', key }, constraints: { notEmpty: true } });
const input = (name: string, value: string) => ({ type: 'Hidden', value, binding: { type: 'zeebe:input', name } });
const service = (id: string, name: string, description: string, properties: object[]) => ({
  $schema: SCHEMA, id: `gov.${id}`, name, description, version: 1, appliesTo: ['bpmn:Task'], elementType: { value: 'bpmn:ServiceTask' },
  groups: GROUPS, properties: [jobType(id), ...properties],
});
const stepHeader = header('环节 Step', 'step', STEPS.map((s) => choice(s)));

/**
 * `formIds`: the platform's step forms (processes/forms), offered to a human step so that its form is chosen
 * from a list, as its post is.
 */
export function elementTemplates(formIds: readonly string[] = []) {
  const all: { step: string; post: string }[] = Object.values(Steps).flatMap((s) => [...s]);
  const posts = all.filter((s, i) => all.findIndex((x) => x.step === s.step) === i);
  return [
    service(JobType.ComputeStepDeadline, '计算时限 Compute step deadline', 'Starts the clock of the next human step; its card timers read deadline.warningAt / dueAt / redAt', [stepHeader]),
    service(JobType.RecordCard, '记录预警 / 黄牌 / 红牌 Record card', 'Runs after a card timer (seed 000 §29)', [
      header('级别 Level', 'level', Object.values(CardLevel).map((l) => choice(l))), stepHeader, input('deadlineId', '=deadline.id'),
    ]),
    service(JobType.RecordDeemedApproval, '记录超时默许 Record deemed approval', 'Runs after the interrupting timer of a deemed-approval step (seed 003 §5)', [stepHeader, input('deadlineId', '=deadline.id')]),
    service(JobType.UsePrintSerial, '登记印字号 Use print serial', 'Uses the community’s next blank certificate', []),
    service(JobType.GenerateDocumentNumber, '生成证书编号 Generate certificate number', 'Unique per item and year, one per application', []),
    service(JobType.NotifyParty, '发送通知 Notify party', 'Stores and sends a notice to the applicant or the community', [header('通知 Notice', 'notice', Object.values(NoticeKind).map((n) => choice(n)))]),
    service(JobType.ArchiveCase, '归档 Archive case', 'Electronic record and paper location (seed 000 §28)', []),
    service(JobType.CheckStockArchives, '档案核对 Check stock archives', 'Lists the last period\'s one-to-one breaks and returns voided forms (seed 000 §23(3))', []),
    service(JobType.AllocatePrintSerials, '调拨印字号 Allocate print serials', 'Allocates the range entered at the exchange step to the requisition', []),
    service(JobType.WithdrawPrintSerials, '撤回印字号 Withdraw print serials', 'Takes back serials the community did not receive', []),
    service(JobType.BookPrintSerials, '入库 Book print serials', 'Books the confirmed serials into the community\'s stock', []),
    service(JobType.CloseRequisition, '申领办结 Close requisition', 'Closes a refused requisition', [header('结果 Outcome', 'outcome', [choice('refused')])]),
    service(JobType.NotifyAppointment, '预约通知 Notify appointment', 'Tells the booker the window’s answer (confirmed or moved) or reminds them before the slot', [header('通知 Notice', 'notice', ['handled', 'reminder'].map((n) => choice(n)))]),
    service(JobType.AcceptComplaint, '视为受理 Accept complaint', 'Runs after the interrupting timer of the complaint intake step: not returned within 1 working day, so accepted (seed 004 §33)', [header('视为受理 Deemed', 'deemed', [choice('true')])]),
    service(JobType.GenerateDueReports, '生成到期报表 Generate due reports', 'Makes the daily, weekly, monthly and quarterly reports due on the working-day calendar and sets nextRunAt (seed 001 §30)', []),
    service(JobType.AnswerPackage, '统一反馈 Answer package', 'After every branch of a package answered: one joint answer to the applicant with each refusal\'s reasons (seed 004 §19)', []),
    service(JobType.CloseCase, '办结 Close case', 'Closes the case with its outcome', [header('结果 Outcome', 'outcome', ['issued', 'refused', 'not-approved'].map((o) => choice(o)))]),
    {
      $schema: SCHEMA, id: 'gov.human-step', name: '人工环节 Human step', version: 1, appliesTo: ['bpmn:Task'], elementType: { value: 'bpmn:UserTask' },
      description: 'A step done by a post; the modeler adds its three card timers (warning / yellow / red) as boundary events',
      groups: GROUPS,
      properties: [
        { type: 'Hidden', value: 'true', binding: { type: 'zeebe:userTask' } },
        { label: '岗位与单位 Post and unit', type: 'Dropdown', group: 'gov', value: `=["${posts[0]!.post}:" + units.${posts[0]!.step}]`,
          choices: posts.map((p) => choice(`=["${p.post}:" + units.${p.step}]`, `${p.step} → ${p.post}`)), binding: { type: 'zeebe:assignmentDefinition', property: 'candidateGroups' } },
        stepHeader,
        header('岗位 Post', 'post', [...new Set(posts.map((p) => p.post))].map((p) => choice(p))),
        ...(formIds.length ? [{ label: '表单 Form', type: 'Dropdown', group: 'gov', value: formIds[0], choices: formIds.map((f) => choice(f)),
          binding: { type: 'zeebe:formDefinition', property: 'formId' }, constraints: { notEmpty: true } }] : []),
      ],
    },
  ];
}
