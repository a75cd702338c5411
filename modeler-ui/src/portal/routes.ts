import type { RouteRecordRaw } from 'vue-router';

// 申请人门户 (seed 001 §4, 004 §16–18): guides and the progress query for anyone; applying online and
// following one's applications for applicants and proxy agents. Window filing stays open to everyone.
const people = ['applicant', 'proxy-agent'] as const;
export const routes: RouteRecordRaw[] = [
  { path: '/guides', component: () => import('./GuidesView.vue'), meta: { public: true, roles: [...people], nav: { label: 'portal.nav.guides', order: 20 } } },
  { path: '/guides/:code', component: () => import('./GuideView.vue'), meta: { public: true } },
  { path: '/register', component: () => import('./RegisterView.vue'), meta: { public: true } },
  { path: '/progress', component: () => import('./ProgressView.vue'), meta: { public: true, roles: [...people], nav: { label: 'portal.nav.progress', order: 30 } } },
  { path: '/apply/:code', component: () => import('./ApplyView.vue'), meta: { roles: [...people] } },
  { path: '/my', component: () => import('./MyView.vue'), meta: { roles: [...people], nav: { label: 'portal.nav.my', order: 10 }, homeFor: [...people] } },
  { path: '/notices', component: () => import('./NoticesView.vue'), meta: { roles: [...people], nav: { label: 'portal.nav.notices', order: 15 } } },
  { path: '/my/:number', component: () => import('./MyCaseView.vue'), meta: { roles: [...people] } },
];
