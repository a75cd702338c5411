/**
 * What a step form's answers become: the body of the step (domain/task/step-contract.ts). Every keyed field of
 * the form is a field of the body; a text list (custom property bodyType = lines) becomes one item a line, and
 * an empty optional answer is left out. The server checks the body against the step; nothing here widens it.
 */
export interface FormComponent { type: string; key?: string; properties?: Record<string, string>; components?: FormComponent[] }

function keyed(components: FormComponent[] = []): FormComponent[] {
  return components.flatMap((c) => [...(c.key ? [c] : []), ...keyed(c.components)]);
}

export function stepBodyOf(schema: { components: FormComponent[] }, data: Record<string, unknown>): Record<string, unknown> {
  const lines = new Set(keyed(schema.components).filter((c) => c.properties?.bodyType === 'lines').map((c) => c.key!));
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === null || value === undefined) continue;
    if (lines.has(key)) {
      const list = String(value).split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
      if (list.length) body[key] = list;
      continue;
    }
    if (typeof value === 'string') {
      if (value.trim()) body[key] = value.trim();
      continue;
    }
    if (Array.isArray(value) && value.length === 0) continue;
    body[key] = value;
  }
  return body;
}
