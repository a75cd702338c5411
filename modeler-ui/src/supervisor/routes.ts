import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  // the live board is where supervision starts the day (实时监控, seed 000 §15, §30); a leader watches their own unit there
  { path: '/supervision/board', component: () => import('./BoardView.vue'), meta: { roles: ['supervisor', 'department-leader'], nav: { label: 'nav.board', order: 9 }, homeFor: ['supervisor'] } },
  { path: '/supervision/case/:number(SQ\\d{10})', component: () => import('./CaseView.vue'), meta: { roles: ['supervisor', 'department-leader'] } },
  { path: '/supervision', component: () => import('./SupervisionView.vue'), meta: { roles: ['supervisor'], nav: { label: 'nav.supervision', order: 10 } } },
];
