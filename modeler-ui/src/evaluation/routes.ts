import type { RouteRecordRaw } from 'vue-router';

// 好差评 (seed 004 §35–37): the window evaluator for window staff, the ratings list for supervision, the service
// office, audit and department leaders; the applicant rates on their case page (RateCard in the portal)
export const routes: RouteRecordRaw[] = [
  { path: '/evaluator', component: () => import('./WindowEvaluatorView.vue'), meta: { roles: ['window-staff'], nav: { label: 'evaluation.nav.evaluator', order: 60 } } },
  { path: '/evaluations', component: () => import('./RatingsView.vue'), meta: { roles: ['supervisor', 'service-office', 'auditor', 'department-leader'], nav: { label: 'evaluation.nav.ratings', order: 45 } } },
];
