import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Role } from '../../../domain/account/account.model.js';
import type { CaseForecast, StepForecast } from '../../../domain/forecast/breach-forecast.js';
import type { DomainServices } from '../../../domain/services.js';
import { principalOf } from '../../plugins/auth.js';
import { ApplicationNumber, Strict, problems } from '../../schemas/common.js';

const Time = Type.String({ format: 'date-time' });
const Level = Type.Union(['item-step-unit', 'item-step', 'step', 'limit'].map((l) => Type.Literal(l)), {
  description: 'the history the forecast comes from: the same item, step and unit; item and step; step; or none (completion at the limit)',
});
const StepView = Type.Object({
  userTaskKey: Type.String(), caseNumber: Type.String(), step: Type.String(), level: Level, samples: Type.Integer(),
  elapsedMinutes: Type.Integer({ description: 'working minutes since the step opened' }),
  remainingMinutes: Type.Integer({ description: 'predicted working minutes left' }),
  predictedAt: Time, dueAt: Type.Union([Time, Type.Null()]),
  probability: Type.Number({ minimum: 0, maximum: 1, description: 'probability of missing the due time' }),
  willBreach: Type.Boolean({ description: 'predicted to go red (probability at least one half)' }),
});
const CaseView = Type.Object({
  caseNumber: Type.String(), itemCode: Type.String(), expectedCompletion: Time, probability: Type.Number({ minimum: 0, maximum: 1 }),
  willBreach: Type.Boolean(), dueAt: Type.Union([Time, Type.Null()]), remainingSteps: Type.Array(Type.String()), openSteps: Type.Array(StepView),
  fromHistory: Type.Boolean({ description: 'false while the item has no finished case: the steps to come are unknown and the expected completion covers only the open steps' }),
});

const stepView = (f: StepForecast) => ({
  userTaskKey: f.id, caseNumber: f.caseNumber, step: f.step, level: f.level, samples: f.samples, elapsedMinutes: Math.round(f.elapsedMinutes),
  remainingMinutes: Math.round(f.remainingMinutes), predictedAt: f.predictedAt.toISOString(), dueAt: f.dueAt?.toISOString() ?? null,
  probability: f.probability, willBreach: f.willBreach,
});
const caseView = (c: CaseForecast) => ({
  caseNumber: c.caseNumber, itemCode: c.itemCode, expectedCompletion: c.expectedCompletion.toISOString(), probability: c.probability,
  willBreach: c.willBreach, dueAt: c.dueAt?.toISOString() ?? null, remainingSteps: c.remainingSteps, openSteps: c.openSteps.map(stepView),
  fromHistory: c.fromHistory,
});

const operators = { roles: [Role.WindowStaff, Role.DepartmentStaff] };
const supervisors = { roles: [Role.Supervisor] };
const readers = { roles: [Role.WindowStaff, Role.DepartmentStaff, Role.DepartmentLeader, Role.Applicant, Role.ProxyAgent, Role.Supervisor, Role.Auditor] };

/** 超时预测: which of my tasks will go red, which cases will breach this week, when my case is expected to be done. */
export const forecastRoutes: FastifyPluginAsyncTypebox<{ services: DomainServices }> = async (app, { services }) => {
  app.get('/api/forecast/tasks', {
    config: { access: operators },
    schema: {
      tags: ['forecast'], summary: 'Forecast of my tasks and my posts’ queue: predicted completion and probability of missing the due time',
      response: { 200: Type.Object({ forecasts: Type.Array(StepView) }), ...problems(401, 403) },
    },
  }, async (req) => {
    const me = principalOf(req);
    const now = await services.now();
    // the same tasks the to-do list shows: claimed by me, and the unclaimed queue of my posts in my unit
    const scope = me.activated ? { posts: me.posts } : { practice: true };
    const mine = await services.tasks.list({ unitCode: me.unitCode ?? '', ...scope, state: ['assigned'], assignee: me.username });
    const queue = await services.tasks.list({ unitCode: me.unitCode ?? '', ...scope, state: ['created'] });
    const forecasts = await services.forecast.ofTasks([...mine, ...queue].map((t) => t.userTaskKey), now);
    return { forecasts: forecasts.map(stepView) };
  });

  app.get('/api/forecast/breaches', {
    config: { access: supervisors },
    schema: {
      tags: ['forecast'], summary: 'Open cases predicted to miss a due time that falls before the end of this week, most likely first',
      response: { 200: Type.Object({ until: Time, cases: Type.Array(CaseView) }), ...problems(401, 403) },
    },
  }, async () => {
    const r = await services.forecast.breachingThisWeek(await services.now());
    return { until: r.until.toISOString(), cases: r.cases.map(caseView) };
  });

  app.get('/api/applications/:applicationNumber/forecast', {
    config: { access: readers },
    schema: {
      tags: ['forecast'], summary: 'Expected completion of an application from the history of its steps; an applicant sees only their own (else 404)',
      params: Strict({ applicationNumber: ApplicationNumber }),
      response: { 200: Type.Object({ applicationNumber: Type.String(), forecast: Type.Union([CaseView, Type.Null()], { description: 'null when no step is open' }) }), ...problems(400, 401, 403, 404) },
    },
  }, async (req) => {
    const me = principalOf(req);
    await services.applications.readableBy(me, req.params.applicationNumber);
    const c = await services.forecast.ofCase(req.params.applicationNumber, await services.now());
    return { applicationNumber: req.params.applicationNumber, forecast: c ? caseView(c) : null };
  });
};
