import { createRouter, createWebHistory } from 'vue-router';
import { useAuthStore } from '@zhtj/admin/data-access';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
    {
      path: '/',
      component: () => import('./layout/AdminLayout.vue'),
      children: [{ path: '', name: 'home', component: () => import('./pages/HomePage.vue') }],
    },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  const auth = useAuthStore();
  if (to.meta['public']) return true;
  if (!auth.isLoggedIn) return { name: 'login', query: { redirect: to.fullPath } };
  if (!auth.me) {
    try {
      await auth.loadMe();
    } catch {
      auth.logout();
      return { name: 'login' };
    }
  }
  return true;
});
