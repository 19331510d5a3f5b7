import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor as DomainActor, Industry, Role } from '@zhtj/domain';
import { AppError, forbidden } from './errors';

/** Who is calling, resolved once per request by the auth guard. */
export interface Actor {
  userId: string;
  username: string;
  role: Role;
  /** The org an admin account is bound to, or the member's own org. */
  orgId: string;
  /** Ancestor path (root … self) of `orgId`. */
  orgPath: string[];
  memberId: string | null;
  /** Industry of `orgId` (graduation marking asks whether it is school domain, Q24). */
  orgIndustry: Industry | null;
  /** GB/T 2260 code of `orgId`'s region: the monitoring rates an admin may read lie inside it (DOMAIN.md §6). */
  orgRegion: string;
  /**
   * The two-digit province key (docs/scaling.md) when the account's org lies under a provincial
   * committee, so its scope lies within that province; else null (the national committee, orgs
   * directly under it). Read with the account, so lists need no query of their own for it.
   */
  scopeProvince?: string | null;
}

/** The caller as the domain rules see it. */
export function domainActor(a: Actor): DomainActor {
  return {
    userId: a.userId,
    role: a.role,
    orgId: a.orgId,
    orgPath: a.orgPath,
    orgIndustry: a.orgIndustry,
    ...(a.memberId ? { memberId: a.memberId } : {}),
  };
}

interface Store {
  actor?: Actor;
  /** The request's id (`x-request-id`), carried by every log line written for it. */
  requestId?: string;
  /**
   * The request only reads (GET, HEAD), so its lag-tolerant reads may go to a hot standby
   * (docs/scaling.md, "Reads that go to replicas"); set by the request middleware, never for work
   * run as an actor (`runAs`: queued writes) or outside a request (jobs).
   */
  readsMayLag?: boolean;
  /** The request has written: what it reads after that comes from the primary. */
  wrote?: boolean;
}

const storage = new AsyncLocalStorage<Store>();

/** Request-scoped context on AsyncLocalStorage (STYLE.md: no thread-local or global context). */
export const RequestContext = {
  run<T>(fn: () => T, opts: { requestId?: string; readsMayLag?: boolean } = {}): T {
    return storage.run(
      { ...(opts.requestId === undefined ? {} : { requestId: opts.requestId }), readsMayLag: opts.readsMayLag === true },
      fn,
    );
  },
  /** Runs `fn` as `actor`, outside any request's context (work done for queued requests, say). */
  runAs<T>(actor: Actor, fn: () => T): T {
    return storage.run({ actor }, fn);
  },
  setActor(actor: Actor): void {
    const store = storage.getStore();
    if (!store) throw new Error('RequestContext.setActor outside a request');
    store.actor = actor;
  },
  /** The current request's id, when there is one (log lines carry it). */
  requestId(): string | undefined {
    return storage.getStore()?.requestId;
  },
  /**
   * The current request's context as an object that stays valid after the request's own async
   * chain ends (an access log written on the response's `finish` reads the actor through it).
   */
  current(): Readonly<Store> | undefined {
    return storage.getStore();
  },
  /** Whether a read that tolerates a standby's lag may go to one now: a reading request that has not written. */
  readsMayLag(): boolean {
    const store = storage.getStore();
    return store?.readsMayLag === true && store.wrote !== true;
  },
  /** The request writes (a transaction, a statement that writes): its later reads stay on the primary. */
  noteWrite(): void {
    const store = storage.getStore();
    if (store) store.wrote = true;
  },
  actorOrNull(): Actor | null {
    return storage.getStore()?.actor ?? null;
  },
  actor(): Actor {
    const actor = storage.getStore()?.actor;
    if (!actor) throw new AppError('UNAUTHORIZED');
    return actor;
  },
  /** The caller when an admin; a member is refused (403 FORBIDDEN). */
  admin(): Actor {
    const actor = RequestContext.actor();
    if (actor.role === 'member') throw forbidden();
    return actor;
  },
  /** The caller when an admin of the national committee; anyone else is refused (403 FORBIDDEN). */
  nationalAdmin(): Actor {
    const actor = RequestContext.actor();
    if (actor.role !== 'national_admin') throw forbidden();
    return actor;
  },
};
