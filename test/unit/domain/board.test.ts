import { expect } from 'chai';
import { createBoardService } from '../../../domain/supervision/board.service.js';

const at = (hhmm: string) => new Date(`2026-03-02T${hhmm}:00+08:00`);
const units = [
  { code: 'COM-A', name: '甲社区', level: 'community', kind: 'community', parentCode: 'TWN' },
  { code: 'DEPT-H', name: '卫健局', level: 'city', kind: 'department', parentCode: null },
];
const task = (key: string, unitCode: string, over: Record<string, unknown> = {}) => ({
  userTaskKey: key, caseNumber: `SQ20260000${key.padStart(2, '0')}`, caseKind: 'application', itemCode: 'DSZN', step: 'accept', post: 'acceptor', unitCode,
  assignee: 'a.acceptor', state: 'assigned', createdAt: at('09:00'), practice: false,
  warningAt: at('10:30'), dueAt: at('11:00'), redAt: at('11:30'), ...over,
});
// one working minute per minute, 480 a day: enough to tell overdue from nearly due
const calendar = { minutesPerDay: 480, workingMinutesBetween: (a: Date, b: Date) => Math.max(0, Math.round((b.getTime() - a.getTime()) / 60_000)) };

function board(tasks: ReturnType<typeof task>[], cards: Record<string, unknown>[] = [], practice: string[] = []) {
  return createBoardService({
    tasks: {
      list: async (f: { unitCode?: string; practice?: boolean }) => tasks.filter((t) => (!f.unitCode || t.unitCode === f.unitCode) && (f.practice === undefined || t.practice === f.practice)),
      get: async (key: string) => tasks.find((t) => t.userTaskKey === key)!,
    } as never,
    cards: { after: async () => cards as never },
    units: { list: async () => units },
    practiceNumbers: async () => practice,
    calendar,
  });
}

describe('the live board (实时监控, seed 000 §15, §30)', () => {
  it('puts the overdue step first with its working time left and counts marks by unit and holder', async () => {
    const b = await board([task('1', 'COM-A'), task('2', 'COM-A', { warningAt: at('13:30'), dueAt: at('14:00'), redAt: at('14:30') })]).board({}, { role: 'supervisor', unitCode: null }, at('11:40'));
    expect(b.watch.map((s) => [s.userTaskKey, s.mark, s.timeLeft?.workingMinutes])).to.deep.equal([['1', 'red', -40]]);
    // 140 working minutes left is not yet nearly due (120)
    expect(b.steps.find((s) => s.userTaskKey === '2')!.timeLeft!.workingMinutes).to.equal(140);
    expect(b.totals).to.include({ open: 2, red: 1, yellow: 1, warning: 1, overdue: 1 });
    expect(b.byOperator[0]).to.include({ assignee: 'a.acceptor', open: 2, red: 1 });
  });

  it('keeps practice cases and their cards out', async () => {
    const cards = [{ id: 'c1', level: 'red', caseNumber: 'SQ2026000001', caseKind: 'application', step: 'accept', holder: 'a.acceptor', heldByQueue: false, userTaskKey: '1', at: at('11:31') }];
    const b = await board([task('1', 'COM-A', { practice: true })], cards, ['SQ2026000001']).board({}, { role: 'supervisor', unitCode: null }, at('11:40'));
    expect(b.steps).to.deep.equal([]);
    expect(b.cards).to.deep.equal([]);
  });

  it('shows a department leader their own unit, whatever unit they ask for', async () => {
    const service = board([task('1', 'COM-A'), task('2', 'DEPT-H')]);
    const b = await service.board({ unit: 'COM-A' }, { role: 'department-leader', unitCode: 'DEPT-H' }, at('10:00'));
    expect(b.steps.map((s) => s.unitCode)).to.deep.equal(['DEPT-H']);
    expect(b.filter.unit).to.equal('DEPT-H');
  });
});
