import type { ApplicationRepository } from '../application/application.repository.js';
import type { CardRepository } from '../escalation/card.repository.js';
import { CaseKind } from '../shared/constants.js';

export interface Statistics {
  applications: { itemCode: string; status: string; outcome: string | null; count: number }[];
  cards: { warning: number; yellow: number; red: number };
}

/** Counts for supervision (seed 001 §28–30); practice cases never count (seed 000 §19). */
export function createStatisticsService(deps: { applications: Pick<ApplicationRepository, 'countsByItemStatusOutcome' | 'practiceNumbers'>; cards: Pick<CardRepository, 'levels'> }) {
  return {
    async counts(): Promise<Statistics> {
      const groups = await deps.applications.countsByItemStatusOutcome();
      const practice = new Set(await deps.applications.practiceNumbers());
      const cards = { warning: 0, yellow: 0, red: 0 };
      for (const c of await deps.cards.levels()) {
        // practice cases are applications; a requisition's number is never among them
        if (!(c.caseKind === CaseKind.Application && practice.has(c.caseNumber))) cards[c.level as keyof typeof cards] += 1;
      }
      return { applications: [...groups].sort((a, b) => a.itemCode.localeCompare(b.itemCode)), cards };
    },
  };
}
export type StatisticsService = ReturnType<typeof createStatisticsService>;
