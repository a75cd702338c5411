import { reactive } from 'vue';
import { call } from '../shared/api';

export interface StepForecast {
  userTaskKey: string; caseNumber: string; step: string; level: 'item-step-unit' | 'item-step' | 'step' | 'limit'; samples: number;
  elapsedMinutes: number; remainingMinutes: number; predictedAt: string; dueAt: string | null; probability: number; willBreach: boolean;
}
export interface CaseForecast {
  caseNumber: string; itemCode: string; expectedCompletion: string; probability: number; willBreach: boolean; dueAt: string | null;
  remainingSteps: string[]; openSteps: StepForecast[]; fromHistory: boolean;
}

export const forecastApi = {
  tasks: () => call<{ forecasts: StepForecast[] }>('GET', '/api/forecast/tasks'),
  breaches: () => call<{ until: string; cases: CaseForecast[] }>('GET', '/api/forecast/breaches'),
  ofApplication: (n: string) => call<{ applicationNumber: string; forecast: CaseForecast | null }>('GET', `/api/applications/${encodeURIComponent(n)}/forecast`),
};

/** The forecasts of my to-do list by task; a failed read leaves the list as it is (the forecast is a hint). */
export function useTaskForecasts() {
  const byTask = reactive(new Map<string, StepForecast>());
  async function load() {
    try {
      const { forecasts } = await forecastApi.tasks();
      byTask.clear();
      for (const f of forecasts) byTask.set(f.userTaskKey, f);
    } catch {
      byTask.clear();
    }
  }
  return { byTask, load };
}

export const percent = (p: number) => `${Math.round(p * 100)}%`;
