import type { RouteRecordRaw } from 'vue-router';

// 问责 (seed 001 §31): the supervisor confirms window violations and watches each operator's ladder (a leader reads
// their unit's); an operator reads their own record and states their view
export const routes: RouteRecordRaw[] = [
  { path: '/accountability', component: () => import('./SupervisorAccountabilityView.vue'), meta: { roles: ['supervisor', 'department-leader'], nav: { label: 'accountability.nav.supervise', order: 14 } } },
  { path: '/accountability/mine', component: () => import('./MyRecordView.vue'), meta: { roles: ['window-staff', 'department-staff'], nav: { label: 'accountability.nav.mine', order: 40 } } },
];
