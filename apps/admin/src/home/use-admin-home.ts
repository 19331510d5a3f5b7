import { computed, ref, shallowRef } from 'vue';
import { OVERDUE_LISTS } from '@zhtj/domain';
import type { IndicatorView, OrgView, ReminderInboxItem, TransferHistoryItem } from '@zhtj/shared/contract';
import { can, isMissingRoute, membersApi, metricsApi, orgsApi, transfersApi, useAuthStore } from '@zhtj/admin/data-access';

/** A transfer this close to its 10-day return is shown as urgent (§3.2.3). */
export const NEAR_EXPIRY_DAYS = 3;
/** Pending transfers read for the home page; the full lists are in 转接管理. */
const PENDING_READ = 100;

export interface OverdueCount {
  key: string;
  /** The list's name on the overdue lists' page (`/overdue?list=`), when the API serves them. */
  list?: string;
  total: number;
}

/**
 * 首页 of an admin: the day's work and numbers, each read from the route that owns it and scoped
 * by the API — transfers waiting for my approval, those near the 10-day return, reminders (催办)
 * received, the overdue lists, graduates not yet transferred, and the rates of my region.
 * A number that cannot be read shows as null ("—"), never as 0.
 */
export function useAdminHome() {
  const auth = useAuthStore();
  const loading = ref(true);
  const org = shallowRef<OrgView | null>(null);
  const memberTotal = ref<number | null>(null);
  const incoming = shallowRef<TransferHistoryItem[]>([]);
  const incomingTotal = ref<number | null>(null);
  const outgoing = shallowRef<TransferHistoryItem[]>([]);
  const reminders = shallowRef<ReminderInboxItem[]>([]);
  /** Returned to me (Q15, Q20, §3.2.3): until sent again or closed. */
  const returned = shallowRef<TransferHistoryItem[]>([]);
  const returnedTotal = ref<number | null>(null);
  const overdue = shallowRef<OverdueCount[]>([]);
  /** True when the overdue lists' route is there; otherwise `overdue` holds the members filter's count. */
  const overdueLists = ref(false);
  const openGraduates = ref<number | null>(null);
  const sx = shallowRef<IndicatorView | null>(null);
  const xs = shallowRef<IndicatorView | null>(null);

  const nearExpiry = computed(() =>
    [...incoming.value, ...outgoing.value]
      .filter((x, i, all) => x.daysLeft !== null && x.daysLeft <= NEAR_EXPIRY_DAYS && all.findIndex((y) => y.id === x.id) === i)
      .sort((a, b) => (a.daysLeft ?? 0) - (b.daysLeft ?? 0)),
  );

  const orNull = <T>(p: Promise<T>): Promise<T | null> => p.catch(() => null);

  async function loadOverdue(): Promise<void> {
    const lists = await Promise.all(
      OVERDUE_LISTS.map((key) =>
        membersApi.overdue({ list: key, pageSize: 1 }).then(
          (page) => ({ key, total: page.total, missing: false }),
          (err: unknown) => ({ key, total: -1, missing: isMissingRoute(err) }),
        ),
      ),
    );
    if (lists.some((l) => !l.missing)) {
      overdueLists.value = true;
      overdue.value = lists.filter((l) => l.total >= 0).map(({ key, total }) => ({ key: `overdueList_${key}`, list: key, total }));
      return;
    }
    // The overdue lists' route is not served here yet: the members filter's count stands in.
    const page = await orNull(membersApi.list({ overdue: true, pageSize: 1 }));
    overdue.value = page ? [{ key: 'overdueMembers', total: page.total }] : [];
  }

  async function load(): Promise<void> {
    loading.value = true;
    const role = auth.role;
    const metrics = can(role, 'metrics');
    const [o, members, inc, out, rem, ret, sxv, xsv, gsx, gxs] = await Promise.all([
      auth.me?.orgId ? orNull(orgsApi.get(auth.me.orgId)) : Promise.resolve(null),
      orNull(membersApi.list({ pageSize: 1 })),
      // §5 two-party consent: what this side decides — sent to it, or pulled from it.
      orNull(transfersApi.list('decide', { status: 'pending', pageSize: PENDING_READ })),
      orNull(transfersApi.list('outgoing', { status: 'pending', pageSize: PENDING_READ })),
      orNull(transfersApi.reminders()),
      orNull(transfersApi.list('returned', { pageSize: PENDING_READ })),
      metrics ? orNull(metricsApi.indicator('sx')) : Promise.resolve(null),
      metrics ? orNull(metricsApi.indicator('xs')) : Promise.resolve(null),
      metrics ? orNull(metricsApi.graduates({ indicator: 'sx', completed: false, pageSize: 1 })) : Promise.resolve(null),
      metrics ? orNull(metricsApi.graduates({ indicator: 'xs', completed: false, pageSize: 1 })) : Promise.resolve(null),
      loadOverdue(),
    ]);
    org.value = o;
    memberTotal.value = members?.total ?? null;
    incoming.value = inc?.items ?? [];
    incomingTotal.value = inc?.total ?? null;
    outgoing.value = out?.items ?? [];
    reminders.value = rem ?? [];
    returned.value = ret?.items ?? [];
    returnedTotal.value = ret?.total ?? null;
    sx.value = sxv;
    xs.value = xsv;
    openGraduates.value = gsx && gxs ? gsx.total + gxs.total : null;
    loading.value = false;
  }

  return {
    loading,
    org,
    memberTotal,
    incoming,
    incomingTotal,
    nearExpiry,
    reminders,
    returned,
    returnedTotal,
    overdue,
    overdueLists,
    openGraduates,
    sx,
    xs,
    load,
  };
}
