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
          { applicationNumber: 'A1', level: 'warning' }, { applicationNumber: 'A1', level: 'yellow' },
          { applicationNumber: 'A2', level: 'red' }, { applicationNumber: 'P1', level: 'red' },
        ],
      },
    });
    expect(await service.counts()).to.deep.equal({
      applications: [
        { itemCode: 'AA-1', status: 'in-review', outcome: null, count: 1 },
        { itemCode: 'ZZ-9', status: 'closed', outcome: 'issued', count: 2 },
      ],
      cards: { warning: 1, yellow: 1, red: 1 },
    });
  });
});
