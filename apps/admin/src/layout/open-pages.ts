import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { RouteLocationNormalizedLoaded } from 'vue-router';
import type { MessageKey } from '@zhtj/admin/data-access';

/** One tab of the tags view: a page by its route name, at the address it was last seen at. */
export interface OpenPage {
  name: string;
  fullPath: string;
  title: MessageKey;
}

/** Kept for the browser tab's session (a reload keeps the tabs); dropped when the session ends. */
const STORAGE_KEY = 'zhtj.openPages';
/** More tabs than fit on a line help nobody: the oldest one goes first. */
export const MAX_OPEN_PAGES = 12;
export const HOME: OpenPage = { name: 'home', fullPath: '/', title: 'home' };

function restore(): OpenPage[] {
  try {
    const raw = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]') as unknown;
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (p): p is OpenPage =>
        typeof p?.name === 'string' && typeof p?.fullPath === 'string' && p.fullPath.startsWith('/') && typeof p?.title === 'string',
    );
  } catch {
    return [];
  }
}

/**
 * The tags view's pages (issue 23 item 8, as RuoYi / vue-pure-admin / vben have it): every page
 * opened in this session, 首页 first and always there; one tab per page, at its latest address.
 */
export const useOpenPages = defineStore('open-pages', () => {
  const pages = ref<OpenPage[]>(restore().filter((p) => p.name !== HOME.name));

  function save(): void {
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(pages.value));
    } catch {
      // Storage refused: the tabs last until the next reload.
    }
  }

  /** A page was shown: its tab is added (or moved to this address). 首页 and pages without a title have none of their own. */
  function visit(route: RouteLocationNormalizedLoaded): void {
    const name = typeof route.name === 'string' ? route.name : null;
    const title = route.meta.title;
    if (!name || !title || route.meta.public || name === 'not-found' || name === HOME.name) return;
    const page: OpenPage = { name, fullPath: route.fullPath, title };
    const i = pages.value.findIndex((p) => p.name === name);
    if (i >= 0) pages.value.splice(i, 1, page);
    else {
      pages.value.push(page);
      if (pages.value.length > MAX_OPEN_PAGES - 1) pages.value.shift();
    }
    save();
  }

  /** Closes a tab; returns where to go when it was the page shown (the tab to its right, else its left, else 首页). */
  function close(name: string, current: string | null): OpenPage | null {
    const i = pages.value.findIndex((p) => p.name === name);
    if (i < 0) return null;
    pages.value.splice(i, 1);
    save();
    if (name !== current) return null;
    return pages.value[i] ?? pages.value[i - 1] ?? HOME;
  }

  function closeOthers(keep: string): void {
    pages.value = pages.value.filter((p) => p.name === keep);
    save();
  }

  /** The session ended (logout, expiry, another tab's logout): the next one starts with 首页 alone. */
  function clear(): void {
    pages.value = [];
    try {
      sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // Nothing stored.
    }
  }

  return { pages, visit, close, closeOthers, clear };
});
