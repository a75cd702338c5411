import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/admin/accounts', component: () => import('./AccountsView.vue'), meta: { roles: ['system-admin'], nav: { label: 'nav.accounts', order: 10 } } },
];
