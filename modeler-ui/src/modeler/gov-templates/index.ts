import { CardTimersBehavior } from './card-timers-behavior';
import { TemplateChooser } from './template-chooser';

/** The platform's element templates in the modeler: a chooser dialog, and the card timers of a human step. */
export const GovTemplatesModule = {
  __init__: ['templateChooser', 'cardTimersBehavior'],
  templateChooser: ['type', TemplateChooser],
  cardTimersBehavior: ['type', CardTimersBehavior],
};
export type { TemplateChooser };
