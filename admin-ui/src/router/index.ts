import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { onSessionExpired, session } from '@/stores/session';

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
      { path: 'simulation', name: 'simulation', component: () => import('@/views/simulation/index.vue'), meta: { title: 'menu.simulation' } },
      { path: 'results', name: 'results', component: () => import('@/views/results/index.vue'), meta: { title: 'menu.results' } },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/packs' },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach((to) => {
  if (!to.meta.public && !session.token) return { name: 'login', query: { redirect: to.fullPath } };
  if (to.name === 'login' && session.token) return { path: '/packs' };
  return true;
});

onSessionExpired(() => {
  const here = router.currentRoute.value;
  if (here.name !== 'login') void router.push({ name: 'login', query: { redirect: here.fullPath } });
});
