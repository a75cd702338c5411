import { expect } from 'chai';
import { AuditAction } from '../../../domain/audit/audit-entry.model.js';
import auditWords from '../../../modeler-ui/src/audit/messages.js';

// The auditor reads every action of the trail as a sentence: an action the web app has no words for would show as
// a bare code.
describe('audit page: words for every audit action', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`has a sentence in ${lang} for each action the domain records`, () => {
      const words = (auditWords[lang] as unknown as { action: Record<string, string> }).action;
      const missing = Object.values(AuditAction).map((a) => a.replace(/\./g, '_')).filter((key) => !words[key]);
      expect(missing).to.deep.equal([]);
    });
  }
});
