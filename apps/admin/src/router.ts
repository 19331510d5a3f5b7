import { createRouter, createWebHistory } from 'vue-router';
import type { Capability, MessageKey } from '@zhtj/admin/data-access';
import { can, t, useAuthStore } from '@zhtj/admin/data-access';

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
    title?: MessageKey;
    /** Routes a role without this capability is sent home from (menus hide them too). */
    capability?: Capability;
    /** The route (by name) this page sits under in the breadcrumb, below 首页. */
    parent?: string;
  }
}

// Every page is its own chunk: the login route loads only what it needs.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true, title: 'login' } },
    {
      path: '/forgot-password',
      name: 'forgot',
      component: () => import('./pages/ForgotPasswordPage.vue'),
      meta: { public: true, title: 'forgotPassword' },
    },
    // Issue 24: a login whose org requires a second factor the account has not set up lands here (enrol-only token).
    {
      path: '/security/enrol',
      name: 'enrol-2fa',
      component: () => import('./pages/EnrolSecondFactorPage.vue'),
      meta: { title: 'twoFactorForcedTitle' },
    },
    {
      path: '/',
      component: () => import('./layout/AdminLayout.vue'),
      children: [
        { path: '', name: 'home', component: () => import('./pages/HomePage.vue'), meta: { title: 'home' } },
        { path: 'orgs', name: 'orgs', component: () => import('./pages/OrgsPage.vue'), meta: { title: 'orgs', capability: 'orgs' } },
        {
          path: 'members',
          name: 'members',
          component: () => import('./pages/MembersPage.vue'),
          meta: { title: 'members', capability: 'members' },
        },
        // 超期名单 (DOMAIN.md §3, §5): ?list=school_retention|county_mobile|township_mobile|check_in|abroad_silent&orgId=
        {
          path: 'overdue',
          name: 'overdue',
          component: () => import('./pages/OverduePage.vue'),
          meta: { title: 'overdueTitle', capability: 'members' },
        },
        {
          path: 'metrics',
          name: 'metrics',
          component: () => import('./pages/MetricsPage.vue'),
          meta: { title: 'metrics', capability: 'metrics' },
        },
        // The graduates behind a number; a school admin's "graduates not done" list: /metrics/graduates?completed=false
        {
          path: 'metrics/graduates',
          name: 'metrics-graduates',
          component: () => import('./pages/MetricsGraduatesPage.vue'),
          meta: { title: 'metricsGraduatesTitle', capability: 'metrics', parent: 'metrics' },
        },
        {
          path: 'transfers',
          name: 'transfers',
          component: () => import('./pages/TransfersPage.vue'),
          meta: { title: 'transfers', capability: 'transfers' },
        },
        {
          path: 'graduation',
          name: 'graduation',
          component: () => import('./pages/GraduationPage.vue'),
          meta: { title: 'graduation', capability: 'graduation' },
        },
        {
          path: 'import',
          name: 'import',
          component: () => import('./pages/ImportPage.vue'),
          meta: { title: 'import', capability: 'import' },
        },
        {
          path: 'account/password',
          name: 'password',
          component: () => import('./pages/ChangePasswordPage.vue'),
          meta: { title: 'changePassword' },
        },
        {
          path: 'account/security',
          name: 'security',
          component: () => import('./pages/SecurityPage.vue'),
          meta: { title: 'securitySettings', capability: 'secondFactor' },
        },
        { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue'), meta: { title: 'notFound' } },
      ],
    },
  ],
});

router.beforeEach(async (to) => {
  const auth = useAuthStore();
  if (to.meta.public) return true;
  if (!auth.isLoggedIn) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  // A session limited to enrolling a second factor reaches nothing else (the API refuses it too).
  if (auth.enrolOnly && to.name !== 'enrol-2fa') return { name: 'enrol-2fa' };
  if (!auth.enrolOnly && to.name === 'enrol-2fa') return { name: 'security' };
  if (!auth.me) {
    try {
      await auth.loadMe();
    } catch {
      // A 401 has already ended the session (and flagged it expired). Anything else — the page
      // reloaded while this request was in flight, the network dropped, the server restarting —
      // says nothing about the session: it is kept, and the login page offers to try again.
      if (!auth.isLoggedIn) return { name: 'login' };
      return { name: 'login', query: { unreachable: '1', redirect: to.fullPath } };
    }
  }
  if (to.meta.capability && !can(auth.role, to.meta.capability)) return { name: 'home' };
  return true;
});

router.afterEach((to, from) => {
  document.title = to.meta.title ? `${t(to.meta.title)} - ${t('appTitle')}` : t('appTitle');
  // After an in-app navigation, move focus to the page content for screen-reader and keyboard users.
  if (from.matched.length > 0) setTimeout(() => document.getElementById('main')?.focus({ preventScroll: true }), 0);
});
