import { expect } from 'chai';
import { markPassed } from '../../../domain/escalation/card-mark.js';

describe('card marks: the highest mark a step has passed', () => {
  const step = { warningAt: new Date('2026-03-02T09:00:00Z'), dueAt: new Date('2026-03-03T09:00:00Z'), redAt: new Date('2026-03-04T09:00:00Z') };

  it('is none before the warning, then warning, yellow at the due time, red at the red-card time', () => {
    expect(markPassed(step, new Date('2026-03-02T08:59:59Z'))).to.equal('none');
    expect(markPassed(step, new Date('2026-03-02T09:00:00Z'))).to.equal('warning');
    expect(markPassed(step, new Date('2026-03-03T09:00:00Z'))).to.equal('yellow');
    expect(markPassed(step, new Date('2026-03-04T08:59:59Z'))).to.equal('yellow');
    expect(markPassed(step, new Date('2026-03-04T09:00:00Z'))).to.equal('red');
  });

  it('is none for a step without a clock', () => {
    expect(markPassed({ warningAt: null, dueAt: null, redAt: null }, new Date('2030-01-01T00:00:00Z'))).to.equal('none');
  });
});
