declare module 'bpmn-js/lib/Modeler' {
  export default class Modeler {
    constructor(options: { container: string | HTMLElement; keyboard?: { bindTo: unknown }; additionalModules?: unknown[]; moddleExtensions?: Record<string, unknown>; propertiesPanel?: { parent: string } });
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml?: string }>;
    get<T = unknown>(name: string): T;
    destroy(): void;
  }
}
declare module 'bpmn-js-properties-panel';
declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
declare module 'zeebe-bpmn-moddle/resources/zeebe.json';
declare module 'bpmn-js-element-templates';
declare module 'bpmn-js/lib/NavigatedViewer' {
  export default class NavigatedViewer {
    constructor(options: { container: string | HTMLElement; additionalModules?: unknown[]; moddleExtensions?: Record<string, unknown> });
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml?: string }>;
    get<T = unknown>(name: string): T;
    destroy(): void;
  }
}
