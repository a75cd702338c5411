import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: '/reports', component: () => import('./ReportsView.vue'),
    meta: { roles: ['supervisor', 'service-office', 'auditor', 'department-leader'], nav: { label: 'nav.reports', order: 45 } },
  },
];
