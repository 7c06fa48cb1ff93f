import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Me } from '@/api/types'
import { loginQuery } from '@/router'
import { useSessionStore } from './session'

type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

const me: Me = {
  user: { id: 'u1', name: '李明', phoneMasked: '138****5678', hasPassword: true },
  loginMethod: 'password',
  legalScope: null,
  activeIdentity: null,
  pendingJoinRequests: 0,
}

const admin: Me = {
  ...me,
  activeIdentity: {
    id: 'i1',
    kind: 'enterprise',
    role: 'admin',
    status: 'active',
    org: { id: 'o1', name: '武汉光谷新材料有限公司', creditCode: '91420100MA4K00000X', status: 'active' },
  },
  pendingJoinRequests: 3,
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const unauthenticated = () =>
  jsonResponse(401, { error: { code: 'unauthenticated', message: '请先登录' } })

/** Stubs fetch with one response per call, in order. */
function stubMe(...responses: Array<() => Response>) {
  const fetchMock = vi.fn<FetchFn>()
  for (const response of responses) fetchMock.mockImplementationOnce(async () => response())
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

beforeEach(() => {
  setActivePinia(createPinia())
  localStorage.clear()
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('session store', () => {
  it('reloads a stale copy of the user in the background', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const fetchMock = stubMe(
        () => jsonResponse(200, admin),
        () => jsonResponse(200, { ...admin, pendingJoinRequests: 5 }),
      )
      const session = useSessionStore()
      await session.refreshMe()

      session.refreshIfStale(30_000)
      expect(fetchMock).toHaveBeenCalledTimes(1)

      vi.advanceTimersByTime(31_000)
      session.refreshIfStale(30_000)
      await vi.waitFor(() => expect(session.joinRequests).toBe(5))
      expect(fetchMock).toHaveBeenCalledTimes(2)
    } finally {
      vi.useRealTimers()
    }
  })

  it('counts join requests only for a manager', async () => {
    stubMe(() => jsonResponse(200, admin))
    const session = useSessionStore()
    await session.refreshMe()
    expect(session.joinRequests).toBe(3)

    session.setJoinRequests(1)
    expect(session.joinRequests).toBe(1)

    const member = { ...admin, activeIdentity: { ...admin.activeIdentity!, role: 'member' as const } }
    session.setMe(member)
    expect(session.joinRequests).toBe(0)
  })

  it('reports no ended session for a first visit', async () => {
    stubMe(unauthenticated)
    const session = useSessionStore()

    expect(await session.refreshMe()).toBeNull()
    expect(session.takeSessionEnded()).toBe(false)
  })

  it('reports a session that ended before a reload', async () => {
    stubMe(() => jsonResponse(200, me))
    await useSessionStore().refreshMe()

    // A reload starts with an empty store; only localStorage remains.
    setActivePinia(createPinia())
    stubMe(unauthenticated)
    const reloaded = useSessionStore()

    expect(await reloaded.refreshMe()).toBeNull()
    expect(reloaded.takeSessionEnded()).toBe(true)
    expect(reloaded.takeSessionEnded()).toBe(false)
  })

  it('reports a session that ended while the page was open', () => {
    const session = useSessionStore()
    session.setMe(me)

    expect(session.forgetEndedSession()).toBe(true)
    expect(session.me).toBeNull()
    expect(session.forgetEndedSession()).toBe(false)
  })

  it('reports the end to the second of two failed requests', async () => {
    stubMe(unauthenticated)
    const session = useSessionStore()
    session.setMe(me)

    // GET /me clears the user first, then another request's 401 arrives.
    await session.refreshMe()

    expect(session.forgetEndedSession()).toBe(true)
  })

  it('reports no ended session after a logout', async () => {
    stubMe(() => new Response(null, { status: 204 }), unauthenticated)
    const session = useSessionStore()
    session.setMe(me)

    await session.logout()
    setActivePinia(createPinia())
    const reloaded = useSessionStore()

    expect(await reloaded.refreshMe()).toBeNull()
    expect(reloaded.takeSessionEnded()).toBe(false)
  })

  it('clears the ended mark on the next sign-in', async () => {
    stubMe(unauthenticated)
    const session = useSessionStore()
    session.setMe(me)
    await session.refreshMe()

    session.setMe(me)

    expect(session.takeSessionEnded()).toBe(false)
  })
})

describe('loginQuery', () => {
  it('adds expired only for an ended session', () => {
    expect(loginQuery('/org/members', true)).toEqual({ next: '/org/members', expired: '1' })
    expect(loginQuery('/org/members', false)).toEqual({ next: '/org/members' })
  })
})
