declare module 'bpmn-js/lib/Modeler' {
  export default class Modeler {
    constructor(options: { container: string | HTMLElement; keyboard?: { bindTo: unknown }; additionalModules?: unknown[] });
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml?: string }>;
    get<T = unknown>(name: string): T;
  }
}
