import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, isApiError } from '@/api/client'
import type { Config, Me } from '@/api/types'

const defaultConfig: Config = { devMode: false, ssoName: '湖北省统一身份认证', smsResendSeconds: 60 }

/** The signed-in user's session and the public app configuration. */
export const useSessionStore = defineStore('session', () => {
  const config = ref<Config>(defaultConfig)
  const configLoaded = ref(false)
  const me = ref<Me | null>(null)
  /** Whether GET /me has been tried since the page loaded or since the last sign-in or sign-out. */
  const meLoaded = ref(false)

  const active = computed(() => me.value?.activeIdentity ?? null)
  const isOrgManager = computed(
    () =>
      active.value !== null &&
      active.value.kind === 'enterprise' &&
      active.value.status === 'active' &&
      (active.value.role === 'admin' || active.value.role === 'super_admin'),
  )

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
    try {
      me.value = await api.me()
    } catch (err) {
      if (!isApiError(err) || err.status !== 401) throw err
      me.value = null
    }
    meLoaded.value = true
    return me.value
  }

  function setMe(value: Me | null): void {
    me.value = value
    meLoaded.value = true
  }

  async function logout(): Promise<void> {
    try {
      await api.logout()
    } finally {
      setMe(null)
    }
  }

  return { config, me, active, isOrgManager, loadConfig, ensureMe, refreshMe, setMe, logout }
})
