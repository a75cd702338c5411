import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CamundaForm, FormSource } from '../../../domain/task/task-form.service.js';

/**
 * The step forms saved with the process models (processes/forms/*.form, Camunda Forms JSON), read once at start
 * and found by their `id`, the id a user task's `zeebe:formDefinition formId` names.
 */
export function loadFormDirectory(dir: string): FormSource & { ids: string[] } {
  const forms = new Map<string, CamundaForm>();
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.form')).sort() : [];
  for (const f of files) {
    const form = JSON.parse(readFileSync(join(dir, f), 'utf8')) as CamundaForm;
    if (typeof form.id !== 'string' || !Array.isArray(form.components)) throw new Error(`${join(dir, f)} is not a Camunda form (no id or components)`);
    if (forms.has(form.id)) throw new Error(`two forms in ${dir} have the id ${form.id}`);
    forms.set(form.id, form);
  }
  return { ids: [...forms.keys()], byId: (formId) => forms.get(formId) ?? null };
}
