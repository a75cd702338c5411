import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/cases/:caseNumber', component: () => import('./CaseView.vue'), meta: { roles: ['window-staff', 'department-staff'] } },
];
