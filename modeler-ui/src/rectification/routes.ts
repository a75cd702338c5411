import type { RouteRecordRaw } from 'vue-router';

// 差评整改 (seed 004 §37): the handling unit verifies and rectifies its bad reviews (reached from the to-do list);
// the 好差评 office (service office) decides invalid-review requests and records the follow-up visits
export const routes: RouteRecordRaw[] = [
  { path: '/rectifications', component: () => import('./UnitRectificationsView.vue'), meta: { roles: ['window-staff', 'department-staff', 'department-leader'], nav: { label: 'rectification.nav.unit', order: 12 } } },
  { path: '/rectifications/office', component: () => import('./OfficeRectificationsView.vue'), meta: { roles: ['service-office'], nav: { label: 'rectification.nav.office', order: 46 } } },
];
