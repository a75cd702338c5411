import type { RouteRecordRaw } from 'vue-router';

// 在线预约 (seed 001 §4(3)): applicants and proxy agents book a slot at a community window; the window confirms,
// moves, and checks in. Booking is never required: the window serves walk-ins the same (seed 004 §18).
const people = ['applicant', 'proxy-agent'] as const;
export const routes: RouteRecordRaw[] = [
  { path: '/appointments/book/:code', component: () => import('./BookView.vue'), meta: { roles: [...people] } },
  { path: '/appointments/mine', component: () => import('./MyAppointmentsView.vue'), meta: { roles: [...people], nav: { label: 'appointment.nav.mine', order: 15 } } },
  { path: '/appointments/window', component: () => import('./WindowAppointmentsView.vue'), meta: { roles: ['window-staff'], nav: { label: 'appointment.nav.window', order: 18 } } },
];
