import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: '/modeler', component: () => import('./ModelerView.vue'),
    meta: { roles: ['business-owner', 'system-admin', 'supervisor', 'auditor', 'service-office', 'department-leader'], nav: { label: 'nav.modeler', order: 50 } },
  },
];
