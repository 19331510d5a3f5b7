import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { createApiClient } from './api-client';
import type { LoginResult, Me } from './types';

const TOKEN_KEY = 'zhtj.token';

export const useAuthStore = defineStore('auth', () => {
  const token = ref<string | null>(localStorage.getItem(TOKEN_KEY));
  const me = ref<Me | null>(null);
  const expired = ref(false);

  const api = createApiClient({
    getToken: () => token.value,
    onUnauthorized: () => {
      expired.value = true;
      clear();
    },
  });

  const isLoggedIn = computed(() => token.value !== null);

  function clear(): void {
    token.value = null;
    me.value = null;
    localStorage.removeItem(TOKEN_KEY);
  }

  async function login(username: string, password: string): Promise<void> {
    const res = await api.post<LoginResult>('/auth/login', { username, password });
    token.value = res.accessToken;
    localStorage.setItem(TOKEN_KEY, res.accessToken);
    expired.value = false;
    await loadMe();
  }

  async function loadMe(): Promise<Me | null> {
    if (!token.value) return null;
    me.value = await api.get<Me>('/auth/me');
    return me.value;
  }

  function logout(): void {
    clear();
  }

  return { token, me, expired, isLoggedIn, api, login, loadMe, logout };
});
