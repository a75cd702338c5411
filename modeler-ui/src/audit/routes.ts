import type { RouteRecordRaw } from 'vue-router';

// the search, the page and the open case ride in the address (?tab=…&actor=…&case=SQ…)
export const routes: RouteRecordRaw[] = [
  { path: '/audit', name: 'audit', component: () => import('./AuditView.vue'), meta: { roles: ['auditor'], nav: { label: 'nav.audit', order: 10 } } },
];
