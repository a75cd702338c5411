import type { Element, ModdleElement, Shape } from 'bpmn-js/lib/model/Types';
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil';

/** What the modeler needs of bpmn-js-element-templates' `elementTemplates` service (it ships no types). */
export interface ElementTemplate { id: string; name: string; description?: string; version?: number; appliesTo: string[]; elementType?: { value: string } }
export interface ElementTemplates {
  getLatest(elementOrTemplateId?: Element | string): ElementTemplate[];
  /** Returns the element the template ended on: a new one when the template changes the element's type. */
  applyTemplate(element: Element, template: ElementTemplate): Element;
  createElement(template: ElementTemplate): Shape;
}

export const HUMAN_STEP = 'gov.human-step';
export const RECORD_CARD = 'gov.record-card';

export const templateIdOf = (element: Element): string | undefined => getBusinessObject(element).get('zeebe:modelerTemplate');

const extension = (bo: ModdleElement, type: string): ModdleElement | undefined =>
  (bo.extensionElements?.values ?? []).find((v: ModdleElement) => is(v, type));

/** The `zeebe:Header` with the given key, if the element has one. */
export const headerOf = (element: Element, key: string): ModdleElement | undefined =>
  extension(getBusinessObject(element), 'zeebe:TaskHeaders')?.values?.find((h: ModdleElement) => h.key === key);

export const jobTypeOf = (element: Element): string | undefined => extension(getBusinessObject(element), 'zeebe:TaskDefinition')?.type;
