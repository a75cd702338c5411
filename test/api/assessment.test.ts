import { expect } from 'chai';
import type { LightMyRequestResponse } from 'fastify';
import { AuditAction } from '../../domain/audit/audit-entry.model.js';
import { auditEntries, call, login } from '../support/api.js';

type Json = Record<string, unknown>;
const weights = (over: Json = {}) => ({
  publishing: 10, consultation: 10, appointment: 10, acceptance: 20, 'time-limit': 20, evaluation: 10, 'complaint-handling': 10, 'complaint-outcome': 10, ...over,
});

function expectStatus(res: LightMyRequestResponse, status: number, code?: string) {
  expect(res.statusCode, res.body).to.equal(status);
  if (code) expect(res.json().code, res.body).to.equal(code);
  return res.json();
}
const as = async (username: string, method: 'GET' | 'POST', url: string, body?: Json) => call(method, url, { token: await login(username), body });

/** A proposal left open by an earlier run is rejected by the other person, so this run can propose. */
async function clearPending() {
  const { sets } = expectStatus(await as('office.zhang', 'GET', '/api/assessment/weights'), 200);
  for (const s of sets.filter((x: { status: string }) => x.status === 'pending')) {
    const other = s.proposedBy.username === 'office.zhang' ? 'office.li' : 'office.zhang';
    expectStatus(await as(other, 'POST', `/api/assessment/weights/${s.version}/reject`, { comment: '清理未决的权重' }), 200);
  }
}

describe('api: quantified assessment and unit ranking (seed 001 §13, §30)', function () {
  this.timeout(60_000);

  it('states the eight dimensions with their formulas in Chinese and English', async () => {
    const { dimensions } = expectStatus(await as('supervisor', 'GET', '/api/assessment/dimensions'), 200);
    expect(dimensions.map((d: { key: string }) => d.key)).to.deep.equal(['publishing', 'consultation', 'appointment', 'acceptance', 'time-limit', 'evaluation', 'complaint-handling', 'complaint-outcome']);
    expect(dimensions[0].name.zh).to.equal('信息公开');
    for (const d of dimensions) {
      expect(d.formula.zh).to.match(/^100 ×/);
      expect(d.formula.en).to.match(/^100 ×/);
    }
  });

  it('four eyes: sums other than 100 are refused in both languages; the proposer cannot approve; another person can, and rankings name the version', async () => {
    await clearPending();
    const wrong = expectStatus(await as('office.zhang', 'POST', '/api/assessment/weights', { weights: weights({ appointment: 15 }), reason: '加大预约权重' }), 422, 'WEIGHTS_SUM_NOT_100');
    expect(wrong.message.zh).to.include('须为 100').and.include('105');
    expect(wrong.message.en).to.include('add up to 100').and.include('105');
    expectStatus(await as('office.zhang', 'POST', '/api/assessment/weights', { weights: weights({ appointment: -5, acceptance: 35 }), reason: '负数' }), 400);
    expectStatus(await as('supervisor', 'POST', '/api/assessment/weights', { weights: weights(), reason: '监察提出' }), 403, 'ROLE_FORBIDDEN');

    const proposed = expectStatus(await as('office.zhang', 'POST', '/api/assessment/weights', { weights: weights(), reason: '受理与时限为本季重点' }), 201);
    expect(proposed).to.include({ status: 'pending', reason: '受理与时限为本季重点' });
    expect(proposed.proposedBy.username).to.equal('office.zhang');
    const self = expectStatus(await as('office.zhang', 'POST', `/api/assessment/weights/${proposed.version}/approve`, {}), 403, 'FOUR_EYES_REQUIRED');
    expect(self.message.zh).to.include('提出人以外');
    expectStatus(await as('office.li', 'POST', '/api/assessment/weights', { weights: weights(), reason: '另一份' }), 409, 'WEIGHTS_PENDING');

    const approved = expectStatus(await as('office.li', 'POST', `/api/assessment/weights/${proposed.version}/approve`, { comment: '同意' }), 200);
    expect(approved).to.include({ status: 'approved', comment: '同意' });
    expectStatus(await as('office.li', 'POST', `/api/assessment/weights/${proposed.version}/approve`, {}), 409, 'WEIGHTS_ALREADY_DECIDED');

    const ranking = expectStatus(await as('supervisor', 'GET', '/api/assessment/rankings/2026-Q4'), 200);
    expect(ranking.weights).to.deep.equal({ version: proposed.version, weights: weights() });
    expect(ranking.rows.length).to.be.greaterThan(0);
    expect(ranking.rows.every((r: { weightsVersion: number }) => r.weightsVersion === proposed.version)).to.equal(true);

    const trail = await auditEntries({ target: String(proposed.version) });
    const mine = trail.filter((e) => e.target.kind === 'assessment-weights');
    expect(mine.map((e) => [e.action, e.actor.id])).to.deep.include.members([
      [AuditAction.AssessmentWeightsProposed, 'office.zhang'], [AuditAction.AssessmentWeightsApproved, 'office.li'],
    ]);
  });

  it('ranks every community and department with eight scores; a leader sees the whole ranking with their unit named', async () => {
    const leader = expectStatus(await as('health.leader', 'GET', '/api/assessment/rankings/2026-Q4'), 200);
    expect(leader.ownUnit).to.equal('DEPT-HEALTH');
    expect(leader).to.include({ period: '2026-Q4', kind: 'quarter', from: '2026-09-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    const codes = leader.rows.map((r: { unitCode: string }) => r.unitCode);
    expect(codes).to.include.members(['COM-BINHU', 'COM-DUSHAN', 'DEPT-HEALTH', 'DEPT-CIVIL']);
    for (const r of leader.rows) {
      expect(r.dimensions).to.have.length(8);
      if (r.total === null) expect(r.rank).to.equal(null);
    }
    const ranks = leader.rows.filter((r: { rank: number | null }) => r.rank !== null).map((r: { rank: number }) => r.rank);
    expect(ranks).to.deep.equal(ranks.map((_: number, i: number) => i + 1));
    const again = expectStatus(await as('supervisor', 'GET', '/api/assessment/rankings/2026-Q4'), 200);
    expect(again.ownUnit).to.equal(null);
    expect(again.rows.length).to.equal(leader.rows.length);
    expectStatus(await as('supervisor', 'GET', '/api/assessment/rankings/1999'), 422, 'PERIOD_INVALID');
    expectStatus(await as('supervisor', 'GET', '/api/assessment/rankings/2026-Q5'), 400);
  });
});
