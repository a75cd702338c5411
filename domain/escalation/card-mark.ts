/** The marks a step's clock passes in turn (seed 000 §29): warning, due (yellow card), red card. */
export type CardMark = 'none' | 'warning' | 'yellow' | 'red';

/** The highest mark a step has passed at `now`: red card, due (yellow card), warning, or none. */
export function markPassed(t: { warningAt?: Date | null; dueAt?: Date | null; redAt?: Date | null }, now: Date): CardMark {
  const passed = (d: Date | null | undefined) => Boolean(d && d <= now);
  return passed(t.redAt) ? 'red' : passed(t.dueAt) ? 'yellow' : passed(t.warningAt) ? 'warning' : 'none';
}
