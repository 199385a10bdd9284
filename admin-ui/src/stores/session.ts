import { computed, reactive } from 'vue';
import type { Principal, Role } from '@/api/auth';
import { configureHttp } from '@/api/http';
import type { Org } from '@/api/orgs';

const KEY = 'kaoping.session';

interface SessionState {
  token: string | null;
  user: Principal | null;
  /** The organisation the pages are scoped to: the user's own or one of its subtree (the header switcher). */
  orgId: string | null;
  orgs: Org[];
}

function load(): SessionState {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw) return { orgs: [], ...JSON.parse(raw) } as SessionState;
  } catch {
    /* storage unavailable or corrupt: start logged out */
  }
  return { token: null, user: null, orgId: null, orgs: [] };
}

// The token lives in sessionStorage only: it dies with the tab and is never written to localStorage or a cookie.
export const session = reactive<SessionState>(load());

function persist(): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ token: session.token, user: session.user, orgId: session.orgId }));
  } catch {
    /* private mode: keep it in memory */
  }
}

export function signIn(token: string, user: Principal): void {
  session.token = token;
  session.user = user;
  session.orgId = user.orgId;
  persist();
}

export function signOut(): void {
  session.token = null;
  session.user = null;
  session.orgId = null;
  session.orgs = [];
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    /* ignore */
  }
}

export function setOrgs(orgs: Org[]): void {
  session.orgs = orgs;
}

export function switchOrg(orgId: string): void {
  session.orgId = orgId;
  persist();
}

// Mirrors the server: admin is a role of its own, not a superset of the others.
export const hasRole = (...roles: Role[]) => !!session.user && session.user.roles.some((r) => roles.includes(r));
export const isLoggedIn = computed(() => !!session.token);
export const currentOrg = computed(() => session.orgs.find((o) => o.id === session.orgId) ?? null);
/** The switcher appears only when there is somewhere to switch to: the user's organisation has a subtree. */
export const canSwitchOrg = computed(() => session.orgs.length > 1);

let unauthorizedHandler: () => void = () => {};
export function onSessionExpired(fn: () => void): void {
  unauthorizedHandler = fn;
}

configureHttp({
  token: () => session.token,
  unauthorized: () => {
    signOut();
    unauthorizedHandler();
  },
});
