import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router';
import type { Role } from '@/api/auth';
import { hasRole, onSessionExpired, session } from '@/stores/session';

declare module 'vue-router' {
  interface RouteMeta {
    /** Who may open the page: the roles the server asks of the calls the page cannot do without (absent: every logged-in user). */
    roles?: Role[];
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/login/index.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('@/layouts/BasicLayout.vue'),
    children: [
      { path: '', redirect: '/packs' },
      { path: 'packs', name: 'packs', component: () => import('@/views/packs/index.vue'), meta: { title: 'menu.packs' } },
      {
        path: 'packs/:id/versions/:version',
        name: 'editor',
        component: () => import('@/views/editor/index.vue'),
        meta: { title: 'editor.title', menu: 'packs' },
      },
      { path: 'deployments', name: 'deployments', component: () => import('@/views/deployments/index.vue'), meta: { title: 'menu.deployments' } },
      { path: 'simulation', name: 'simulation', component: () => import('@/views/simulation/index.vue'), meta: { title: 'menu.simulation', roles: ['analyst'] } },
      { path: 'results', name: 'results', component: () => import('@/views/results/index.vue'), meta: { title: 'menu.results' } },
      // deployment admins upload and evaluate; readers (viewers, locality users) read the period's results
      { path: 'periods', name: 'periods', component: () => import('@/views/periods/index.vue'), meta: { title: 'menu.periods', roles: ['deployer', 'admin', 'viewer'] } },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/packs' },
];

export const router = createRouter({ history: createWebHistory(), routes });

const allowed = (roles: Role[] | undefined) => !roles?.length || hasRole(...roles);

/** The page named may be opened by the user (its menu item shows only then). */
export function canVisit(name: string): boolean {
  const route = router.getRoutes().find((r) => r.name === name);
  return !!route && allowed(route.meta.roles);
}

router.beforeEach((to: RouteLocationNormalized) => {
  if (!to.meta.public && !session.token) return { name: 'login', query: { redirect: to.fullPath } };
  if (to.name === 'login' && session.token) return { path: '/packs' };
  if (!to.meta.public && !allowed(to.meta.roles)) return { path: '/packs' };
  return true;
});

onSessionExpired(() => {
  const here = router.currentRoute.value;
  if (here.name !== 'login') void router.push({ name: 'login', query: { redirect: here.fullPath } });
});
