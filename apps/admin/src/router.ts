import { createRouter, createWebHistory } from 'vue-router';
import type { RouteComponent, RouteMeta, RouteRecordRaw } from 'vue-router';
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

/** A page of the console, loaded as its own chunk when first opened: path, name, component and meta. */
function page(path: string, name: string, component: () => Promise<{ default: RouteComponent }>, meta: RouteMeta): RouteRecordRaw {
  return { path, name, component, meta };
}

// Every page is its own chunk: the login route loads only what it needs.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    page('/login', 'login', () => import('./pages/LoginPage.vue'), { public: true, title: 'login' }),
    page('/forgot-password', 'forgot', () => import('./pages/ForgotPasswordPage.vue'), { public: true, title: 'forgotPassword' }),
    // Issue 24: a login whose org requires a second factor the account has not set up lands here (enrol-only token).
    page('/security/enrol', 'enrol-2fa', () => import('./pages/EnrolSecondFactorPage.vue'), { title: 'twoFactorForcedTitle' }),
    {
      path: '/',
      component: () => import('./layout/AdminLayout.vue'),
      children: [
        page('', 'home', () => import('./pages/HomePage.vue'), { title: 'home' }),
        page('orgs', 'orgs', () => import('./pages/OrgsPage.vue'), { title: 'orgs', capability: 'orgs' }),
        page('members', 'members', () => import('./pages/MembersPage.vue'), { title: 'members', capability: 'members' }),
        // 超期名单 (DOMAIN.md §3, §5): ?list=school_retention|county_mobile|township_mobile|check_in|abroad_silent&orgId=
        page('overdue', 'overdue', () => import('./pages/OverduePage.vue'), { title: 'overdueTitle', capability: 'members' }),
        page('metrics', 'metrics', () => import('./pages/MetricsPage.vue'), { title: 'metrics', capability: 'metrics' }),
        // The graduates behind a number; a school admin's "graduates not done" list: /metrics/graduates?completed=false
        page('metrics/graduates', 'metrics-graduates', () => import('./pages/MetricsGraduatesPage.vue'), {
          title: 'metricsGraduatesTitle',
          capability: 'metrics',
          parent: 'metrics',
        }),
        page('transfers', 'transfers', () => import('./pages/TransfersPage.vue'), { title: 'transfers', capability: 'transfers' }),
        page('graduation', 'graduation', () => import('./pages/GraduationPage.vue'), { title: 'graduation', capability: 'graduation' }),
        page('import', 'import', () => import('./pages/ImportPage.vue'), { title: 'import', capability: 'import' }),
        page('account/password', 'password', () => import('./pages/ChangePasswordPage.vue'), { title: 'changePassword' }),
        page('account/security', 'security', () => import('./pages/SecurityPage.vue'), {
          title: 'securitySettings',
          capability: 'secondFactor',
        }),
        page(':pathMatch(.*)*', 'not-found', () => import('./pages/NotFoundPage.vue'), { title: 'notFound' }),
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
