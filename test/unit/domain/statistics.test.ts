import { expect } from 'chai';
import { createStatisticsService } from '../../../domain/statistics/statistics.service.js';

describe('statistics for supervision', () => {
  it('counts cards of real cases only and lists the counts by item (seed 000 §19, 001 §28–30)', async () => {
    const service = createStatisticsService({
      applications: {
        countsByItemStatusOutcome: async () => [
          { itemCode: 'ZZ-9', status: 'closed', outcome: 'issued', count: 2 },
          { itemCode: 'AA-1', status: 'in-review', outcome: null, count: 1 },
        ],
        practiceNumbers: async () => ['P1'],
      },
      cards: {
        levels: async () => [
          { caseNumber: 'A1', caseKind: 'application', level: 'warning' }, { caseNumber: 'A1', caseKind: 'application', level: 'yellow' },
          { caseNumber: 'A2', caseKind: 'application', level: 'red' }, { caseNumber: 'P1', caseKind: 'application', level: 'red' },
          // a certificate requisition's card counts, even under a number a practice application also has
          { caseNumber: 'P1', caseKind: 'requisition', level: 'warning' },
        ],
      },
    });
    expect(await service.counts()).to.deep.equal({
      applications: [
        { itemCode: 'AA-1', status: 'in-review', outcome: null, count: 1 },
        { itemCode: 'ZZ-9', status: 'closed', outcome: 'issued', count: 2 },
      ],
      cards: { warning: 2, yellow: 1, red: 1 },
    });
  });
});
