import type { RouteRecordRaw } from 'vue-router';

// 量化考核 (seed 001 §13, §30): the ranking is reported to supervision, the service office and the units' leaders;
// the service office sets the dimension weights, one person proposing and another approving
export const routes: RouteRecordRaw[] = [
  { path: '/assessment', component: () => import('./RankingView.vue'), meta: { roles: ['supervisor', 'service-office', 'department-leader'], nav: { label: 'assessment.nav.ranking', order: 47 } } },
  { path: '/assessment/weights', component: () => import('./WeightsView.vue'), meta: { roles: ['service-office'], nav: { label: 'assessment.nav.weights', order: 48 } } },
];
