import type { RouteRecordRaw } from 'vue-router';

// anyone checks an electronic certificate without logging in: the QR code on the certificate leads here (seed 004 §40)
export const routes: RouteRecordRaw[] = [
  { path: '/verify', component: () => import('./VerifyPage.vue'), meta: { public: true } },
  { path: '/verify/:id', component: () => import('./VerifyPage.vue'), props: true, meta: { public: true } },
];
