import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { restore, session, type Role } from './session';

declare module 'vue-router' {
  interface RouteMeta {
    /** who may open the page; none = anyone logged in */
    roles?: Role[];
    /** open without login */
    public?: boolean;
    /** shown in the navigation under this text key, in this order */
    nav?: { label: string; order: number; icon?: string };
  }
}

/** Each workspace lists its pages in its own `routes.ts`; the shell collects them. */
const workspaces = import.meta.glob<{ routes: RouteRecordRaw[] }>('../*/routes.ts', { eager: true });
export const workspaceRoutes: RouteRecordRaw[] = Object.values(workspaces).flatMap((m) => m.routes);

/** The first page a role lands on after login. */
export function homeOf(role: Role): string {
  const mine = workspaceRoutes
    .filter((r) => r.meta?.nav && (!r.meta.roles || r.meta.roles.includes(role)))
    .sort((a, b) => a.meta!.nav!.order - b.meta!.nav!.order);
  return mine[0]?.path ?? '/me';
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: { render: () => null }, meta: {} },
    { path: '/login', name: 'login', component: () => import('../login/LoginView.vue'), meta: { public: true } },
    { path: '/password', name: 'password', component: () => import('../login/PasswordView.vue'), meta: {} },
    { path: '/forbidden', name: 'forbidden', component: () => import('./StatusPage.vue'), props: { kind: 'forbidden' }, meta: {} },
    { path: '/me', name: 'me', component: () => import('./ProfilePage.vue'), meta: {} },
    ...workspaceRoutes,
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./StatusPage.vue'), props: { kind: 'notFound' }, meta: { public: true } },
  ],
});

let restored = false;
router.beforeEach(async (to) => {
  if (!restored) {
    restored = true;
    await restore();
  }
  const me = session.me;
  if (to.meta.public) return to.name === 'login' && me ? homeOf(me.role) : true;
  if (!me) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  if (me.mustChangePassword && to.name !== 'password') return { name: 'password' };
  if (to.name === 'home') return homeOf(me.role);
  if (to.meta.roles && !to.meta.roles.includes(me.role)) return { name: 'forbidden', query: { from: to.fullPath } };
  return true;
});
