import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/todo', component: () => import('./TodoView.vue'), meta: { roles: ['window-staff', 'department-staff'], nav: { label: 'nav.todo', order: 10 } } },
];
