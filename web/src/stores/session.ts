import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, isApiError } from '@/api/client'
import type { Config, Me } from '@/api/types'

const defaultConfig: Config = { devMode: false, ssoName: '湖北省统一身份认证', smsResendSeconds: 60 }

/**
 * localStorage key present while a user is signed in in this browser. After
 * a reload the store is empty, and the key separates a session that ended
 * (a password change elsewhere, an expiry) from a visitor who never signed in.
 */
const signedInKey = 'wct.signedIn'

function rememberSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(signedInKey, '1')
    else localStorage.removeItem(signedInKey)
  } catch {
    // Storage can be disabled; the in-memory user still covers open pages.
  }
}

function wasSignedIn(): boolean {
  try {
    return localStorage.getItem(signedInKey) === '1'
  } catch {
    return false
  }
}

/** The signed-in user's session and the public app configuration. */
export const useSessionStore = defineStore('session', () => {
  const config = ref<Config>(defaultConfig)
  const configLoaded = ref(false)
  const me = ref<Me | null>(null)
  /** Whether GET /me has been tried since the page loaded or since the last sign-in or sign-out. */
  const meLoaded = ref(false)
  /** Set when the server rejected a session that this browser had, until takeSessionEnded reads it. */
  const sessionEnded = ref(false)

  const active = computed(() => me.value?.activeIdentity ?? null)
  const isOrgManager = computed(
    () =>
      active.value !== null &&
      active.value.kind === 'enterprise' &&
      active.value.status === 'active' &&
      (active.value.role === 'admin' || active.value.role === 'super_admin'),
  )

  /** Whether the session acts as a grid member (网格员), who may list the grid's enterprises. */
  const isGridMember = computed(() => active.value !== null && active.value.kind === 'grid' && active.value.status === 'active')

  async function loadConfig(): Promise<Config> {
    if (configLoaded.value) return config.value
    try {
      config.value = await api.config()
      configLoaded.value = true
    } catch {
      // Keep the defaults; the page still works without dev-mode extras.
    }
    return config.value
  }

  /** Loads the current user once. It returns null when no user is signed in. */
  async function ensureMe(): Promise<Me | null> {
    if (meLoaded.value) return me.value
    return refreshMe()
  }

  /** Reloads the current user. It returns null when no user is signed in. */
  async function refreshMe(): Promise<Me | null> {
    let value: Me | null
    try {
      value = await api.me()
    } catch (err) {
      if (!isApiError(err) || err.status !== 401) throw err
      forgetUser()
      return null
    }
    setMe(value)
    return value
  }

  /** When me was last set, in milliseconds since the epoch. */
  let meLoadedAt = 0

  /**
   * Reloads the current user in the background when the copy is older
   * than maxAgeMs, so that what changes elsewhere, such as waiting join
   * requests or a role taken away, shows as the user moves between pages.
   */
  function refreshIfStale(maxAgeMs: number): void {
    if (!me.value || Date.now() - meLoadedAt < maxAgeMs) return
    meLoadedAt = Date.now()
    refreshMe().catch(() => {})
  }

  /** Sets the signed-in user after a sign-in, or null after a sign-out. */
  function setMe(value: Me | null): void {
    me.value = value
    meLoadedAt = Date.now()
    meLoaded.value = true
    if (value) sessionEnded.value = false
    rememberSignedIn(value !== null)
  }

  /**
   * Forgets the user after the server rejected the session with 401, and
   * marks the session as ended when a user was signed in before, on this
   * page or before it was loaded.
   */
  function forgetUser(): void {
    if (me.value !== null || wasSignedIn()) sessionEnded.value = true
    setMe(null)
  }

  /**
   * Forgets the user after a request got 401 and returns whether a signed-in
   * session ended, clearing the mark. Of requests that fail together, the
   * first to report gets true, also when another forgot the user before it.
   */
  function forgetEndedSession(): boolean {
    forgetUser()
    return takeSessionEnded()
  }

  /** Returns whether a session ended since the last call, and clears the mark. */
  function takeSessionEnded(): boolean {
    const ended = sessionEnded.value
    sessionEnded.value = false
    return ended
  }

  /** Join requests waiting for the active identity to decide; 0 unless it manages members. */
  const joinRequests = computed(() => (isOrgManager.value ? (me.value?.pendingJoinRequests ?? 0) : 0))

  /** Updates the waiting join requests after the member list was loaded. */
  function setJoinRequests(n: number): void {
    if (me.value) me.value = { ...me.value, pendingJoinRequests: n }
  }

  async function logout(): Promise<void> {
    try {
      await api.logout()
    } finally {
      setMe(null)
    }
  }

  return {
    config,
    me,
    active,
    isOrgManager,
    isGridMember,
    joinRequests,
    setJoinRequests,
    loadConfig,
    ensureMe,
    refreshMe,
    refreshIfStale,
    setMe,
    forgetEndedSession,
    takeSessionEnded,
    logout,
  }
})
