declare module '@bpmn-io/element-templates-validator' {
  export interface ValidationResult { valid: boolean; object: unknown; errors: { message: string }[] | null; warnings: unknown[] | null }
  export function validateAllZeebe(templates: unknown[]): { valid: boolean; results: ValidationResult[] };
}
