import type EventBus from 'diagram-js/lib/core/EventBus';
import type Selection from 'diagram-js/lib/features/selection/Selection';
import type { Element } from 'bpmn-js/lib/model/Types';
import { templateIdOf, type ElementTemplate, type ElementTemplates } from './element-templates';

type Translate = (text: string, replacements?: Record<string, string>) => string;

/**
 * A dialog listing the templates an element can take. It opens from the properties panel's own
 * "Select" / "Change" template buttons (they fire `elementTemplates.select`) and from `open(element)`.
 */
export class TemplateChooser {
  static $inject = ['eventBus', 'elementTemplates', 'selection', 'translate'];

  constructor(eventBus: EventBus, private elementTemplates: ElementTemplates, private selection: Selection, private translate: Translate) {
    eventBus.on<{ element: Element }>('elementTemplates.select', ({ element }) => this.open(element));
  }

  /** The latest version of every template whose appliesTo covers the element's type. */
  templatesFor(element: Element | undefined): ElementTemplate[] {
    return element ? this.elementTemplates.getLatest(element) : [];
  }

  open(element: Element) {
    const translate = this.translate;
    const current = templateIdOf(element);
    const dialog = document.createElement('dialog');
    dialog.className = 'template-chooser';
    dialog.dataset.testid = 'template-chooser';
    const title = document.createElement('h3');
    title.textContent = translate('Choose a template');
    const list = document.createElement('ul');
    for (const template of this.templatesFor(element)) {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.template = template.id;
      const name = document.createElement('strong');
      name.textContent = template.id === current ? `${template.name} · ${translate('Applied')}` : template.name;
      const description = document.createElement('small');
      description.textContent = template.description ?? '';
      button.append(name, description);
      button.onclick = () => {
        dialog.close();
        this.apply(element, template);
      };
      const item = document.createElement('li');
      item.append(button);
      list.append(item);
    }
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.className = 'ghost';
    cancel.textContent = translate('Cancel');
    cancel.onclick = () => dialog.close();
    dialog.append(title, list, cancel);
    dialog.addEventListener('close', () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
  }

  /** Applies the template and selects what it returns: a template that changes the type replaces the element. */
  apply(element: Element, template: ElementTemplate): Element {
    const applied = this.elementTemplates.applyTemplate(element, template);
    this.selection.select(applied);
    return applied;
  }
}
