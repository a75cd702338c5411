/** A BPMN element as bpmn-moddle reads it, with the zeebe extensions; shared by the lint rules, the contract and the engine. */
export type BpmnNode = { $type: string; id?: string; name?: string; [k: string]: unknown };

/** The element's extension elements of one type (e.g. `zeebe:TaskDefinition`). */
export function extensionsOf<N extends BpmnNode = BpmnNode>(node: BpmnNode, type: string): N[] {
  return ((((node.extensionElements as { values?: N[] } | undefined)?.values) ?? []) as N[]).filter((v) => v.$type === type);
}

/** The element's `zeebe:taskHeaders` as key → value. */
export function headersOf(node: BpmnNode): Record<string, string> {
  return Object.fromEntries(((extensionsOf(node, 'zeebe:TaskHeaders')[0]?.values as { key: string; value: string }[] | undefined) ?? []).map((h) => [h.key, h.value]));
}
