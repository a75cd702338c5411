import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/leader', component: () => import('./LeaderView.vue'), meta: { roles: ['department-leader'], nav: { label: 'nav.leader', order: 10 }, homeFor: ['department-leader'] } },
];
