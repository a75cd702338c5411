import CommandInterceptor from 'diagram-js/lib/command/CommandInterceptor';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type BpmnFactory from 'bpmn-js/lib/features/modeling/BpmnFactory';
import type ElementFactory from 'bpmn-js/lib/features/modeling/ElementFactory';
import type Modeling from 'bpmn-js/lib/features/modeling/Modeling';
import type { Element, Parent, Shape } from 'bpmn-js/lib/model/Types';
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil';
import { HUMAN_STEP, RECORD_CARD, headerOf, jobTypeOf, templateIdOf, type ElementTemplates } from './element-templates';

/** seed 000 §29: the warning, yellow and red card of a human step, each a non-interrupting timer on its deadline. */
export const CARDS = [
  { mark: 'warningAt', level: 'warning', timer: '预警 Warning', task: '记预警 Record warning card', end: '已记预警 Warning card recorded' },
  { mark: 'dueAt', level: 'yellow', timer: '黄牌 Yellow', task: '记黄牌 Record yellow card', end: '已记黄牌 Yellow card recorded' },
  { mark: 'redAt', level: 'red', timer: '红牌 Red', task: '记红牌 Record red card', end: '已记红牌 Red card recorded' },
] as const;

// 36 px events 40 px apart, as in processes/*.bpmn: side by side on the step's lower edge without touching (bpmnlint no-overlapping-elements)
const TIMER_SPACING = 40;

const timeDateOf = (event: Element): string => String(getBusinessObject(event).eventDefinitions?.[0]?.timeDate?.body ?? '');

/**
 * Applying the human-step template gives the step its three card timers, each leading to a record-card task,
 * as the processes in processes/*.bpmn have them; changing the step's `step` header carries over to its cards.
 * Both run inside the template's command, so one undo takes the template and its timers back together.
 */
export class CardTimersBehavior extends CommandInterceptor {
  static $inject = ['eventBus', 'modeling', 'elementFactory', 'bpmnFactory', 'elementTemplates'];

  constructor(
    eventBus: EventBus,
    private modeling: Modeling,
    private elementFactory: ElementFactory,
    private bpmnFactory: BpmnFactory,
    private elementTemplates: ElementTemplates,
  ) {
    super(eventBus);
    this.postExecuted('propertiesPanel.zeebe.changeTemplate', (context: { element: Shape; newTemplate?: { id: string } }) => {
      if (context.newTemplate?.id === HUMAN_STEP) this.addMissingCards(context.element);
    }, true);
    this.postExecuted('element.updateModdleProperties', (context: { element: Shape; moddleElement: unknown }) => {
      if (is(context.moddleElement, 'zeebe:TaskHeaders') && templateIdOf(context.element) === HUMAN_STEP) this.syncStep(context.element);
    }, true);
  }

  /** The step's non-interrupting timers, by the deadline mark their date reads. */
  private timers(step: Shape) {
    const boundaries = ((step.attachers ?? []) as Shape[]).filter((b) => is(b, 'bpmn:BoundaryEvent') && getBusinessObject(b).cancelActivity === false);
    return new Map(CARDS.flatMap((c) => {
      const timer = boundaries.find((b) => timeDateOf(b).includes(c.mark));
      return timer ? [[c.mark, timer] as const] : [];
    }));
  }

  private addMissingCards(step: Shape) {
    const template = this.elementTemplates.getLatest(RECORD_CARD)[0];
    if (!template) throw new Error(`the ${RECORD_CARD} template is not loaded`);
    const stepName = headerOf(step, 'step')?.value as string | undefined;
    const present = this.timers(step);
    CARDS.forEach((card, i) => {
      if (present.has(card.mark)) return;
      const timer = this.modeling.createShape(this.elementFactory.createShape({
        type: 'bpmn:BoundaryEvent',
        businessObject: this.bpmnFactory.create('bpmn:BoundaryEvent', { name: card.timer }),
        cancelActivity: false,
        eventDefinitionType: 'bpmn:TimerEventDefinition',
        eventDefinitionAttrs: { timeDate: this.bpmnFactory.create('bpmn:FormalExpression', { body: `=deadline.${card.mark}` }) },
      }), { x: step.x + step.width / 2 + (i - 1) * TIMER_SPACING, y: step.y + step.height }, step, { attach: true });
      // the names are wider than the gap: one line each, so they do not print over one another
      if (timer.label) this.modeling.moveShape(timer.label as Shape, { x: 0, y: i * 14 });

      // not on the canvas yet, so its properties are set directly; appending it is the command undo reverts
      const task = this.elementTemplates.createElement(template);
      task.businessObject.name = card.task;
      headerOf(task, 'level').value = card.level;
      if (stepName) headerOf(task, 'step').value = stepName;
      // the leftmost timer's card goes lowest, so no flow crosses another
      const row = CARDS.length - 1 - i;
      const recorded = this.modeling.appendShape(timer, task, { x: step.x + step.width + 110, y: step.y + step.height + 80 + row * 100 }, timer.parent as Parent);
      const end = this.elementFactory.createShape({ type: 'bpmn:EndEvent', businessObject: this.bpmnFactory.create('bpmn:EndEvent', { name: card.end }) });
      this.modeling.appendShape(recorded, end, { x: recorded.x + recorded.width + 100, y: recorded.y + recorded.height / 2 }, recorded.parent as Parent);
    });
  }

  private syncStep(step: Shape) {
    const stepName = headerOf(step, 'step')?.value;
    if (!stepName) return;
    for (const timer of this.timers(step).values()) {
      for (const flow of timer.outgoing) {
        const task = flow.target as Shape;
        const header = jobTypeOf(task) === 'record-card' ? headerOf(task, 'step') : undefined;
        if (header && header.value !== stepName) this.modeling.updateModdleProperties(task, header, { value: stepName });
      }
    }
  }
}
