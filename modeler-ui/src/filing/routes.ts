import type { RouteRecordRaw } from 'vue-router';

// window staff with the acceptor post take in walk-in applications and supplements (seed 004 §18, seed 000 §26)
export const routes: RouteRecordRaw[] = [
  { path: '/filing', component: () => import('./FilingView.vue'), meta: { roles: ['window-staff'], nav: { label: 'nav.filing', order: 20 } } },
  { path: '/filing/supplement/:applicationNumber', component: () => import('./SupplementView.vue'), meta: { roles: ['window-staff'] } },
];
