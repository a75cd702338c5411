import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    // the open version rides in the address (?process=…&version=…), so a reload or a shared link comes back to it
    path: '/modeler', name: 'modeler', component: () => import('./ModelerView.vue'),
    meta: { roles: ['business-owner', 'system-admin', 'supervisor', 'auditor', 'service-office', 'department-leader'], nav: { label: 'nav.modeler', order: 50 }, homeFor: ['business-owner'] },
  },
];
