import { afterEach, describe, expect, it, vi } from 'vitest'
import { api, ApiError, onUnauthenticated, request } from './client'

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

function stubFetch(response: Response | Error) {
  const fetchMock = vi.fn<FetchFn>(async () => {
    if (response instanceof Error) throw response
    return response
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

afterEach(() => {
  vi.unstubAllGlobals()
  onUnauthenticated(null)
})

describe('request', () => {
  it('decodes a JSON body and sends JSON', async () => {
    const fetchMock = stubFetch(jsonResponse(200, { resendAfter: 60 }))

    const result = await api.sendSmsCode('13812345678', 'login')

    expect(result).toEqual({ resendAfter: 60 })
    const [url, init = {}] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/auth/sms-codes')
    expect(init.method).toBe('POST')
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json')
    expect(JSON.parse(init.body as string)).toEqual({ phone: '13812345678', purpose: 'login' })
    expect(init.credentials).toBe('same-origin')
  })

  it('returns undefined for 204', async () => {
    stubFetch(new Response(null, { status: 204 }))
    await expect(api.logout()).resolves.toBeUndefined()
  })

  it('turns the error shape into an ApiError', async () => {
    stubFetch(
      jsonResponse(400, {
        error: {
          code: 'validation_failed',
          message: '请检查表单中的错误',
          fields: [{ field: 'creditCode', message: '校验位不正确', reason: 'checksum' }],
        },
      }),
    )

    const err = await request('POST', '/applications', { json: {} }).catch((e: unknown) => e)

    expect(err).toBeInstanceOf(ApiError)
    const apiErr = err as ApiError
    expect(apiErr.status).toBe(400)
    expect(apiErr.code).toBe('validation_failed')
    expect(apiErr.message).toBe('请检查表单中的错误')
    expect(apiErr.fields).toHaveLength(1)
    expect(apiErr.field('creditCode')?.reason).toBe('checksum')
    expect(apiErr.field('email')).toBeUndefined()
  })

  it('keeps retryAfter of rate_limited', async () => {
    stubFetch(jsonResponse(429, { error: { code: 'rate_limited', message: '发送过于频繁，请稍后再试', retryAfter: 42 } }))

    const err = (await api.sendSmsCode('13812345678', 'login').catch((e: unknown) => e)) as ApiError

    expect(err.code).toBe('rate_limited')
    expect(err.retryAfter).toBe(42)
  })

  it('falls back for a body that is not the error shape', async () => {
    stubFetch(new Response('<html>Bad Gateway</html>', { status: 502 }))

    const err = (await api.config().catch((e: unknown) => e)) as ApiError

    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(502)
    expect(err.code).toBe('internal')
    expect(err.message).toContain('502')
  })

  it('reports a network failure as status 0', async () => {
    stubFetch(new TypeError('Failed to fetch'))

    const err = (await api.config().catch((e: unknown) => e)) as ApiError

    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(0)
    expect(err.code).toBe('network')
  })

  it('calls the unauthenticated handler on 401 unauthenticated', async () => {
    const handler = vi.fn()
    onUnauthenticated(handler)
    stubFetch(jsonResponse(401, { error: { code: 'unauthenticated', message: '请先登录' } }))

    await api.myIdentities().catch(() => undefined)

    expect(handler).toHaveBeenCalledTimes(1)
    expect(handler.mock.calls[0][0]).toBe('/me/identities')
  })

  it('skips the handler for session probes and wrong credentials', async () => {
    const handler = vi.fn()
    onUnauthenticated(handler)

    stubFetch(jsonResponse(401, { error: { code: 'unauthenticated', message: '请先登录' } }))
    await api.me().catch(() => undefined)
    stubFetch(jsonResponse(401, { error: { code: 'invalid_credentials', message: '手机号或密码错误' } }))
    await api.loginPassword('13812345678', 'wrong').catch(() => undefined)

    expect(handler).not.toHaveBeenCalled()
  })

  it('sends uploads as multipart without a JSON content type', async () => {
    const fetchMock = stubFetch(
      jsonResponse(201, { id: 'u1', url: '/api/v1/uploads/u1', format: 'png', width: 1, height: 1, size: 68 }),
    )
    const file = new File([new Uint8Array([137, 80, 78, 71])], 'license.png', { type: 'image/png' })

    const upload = await api.upload(file, 'license')

    expect(upload.id).toBe('u1')
    const init = fetchMock.mock.calls[0][1] ?? {}
    expect(init.body).toBeInstanceOf(FormData)
    const form = init.body as FormData
    expect(form.get('purpose')).toBe('license')
    expect((form.get('file') as File).name).toBe('license.png')
    expect((init.headers as Record<string, string>)['Content-Type']).toBeUndefined()
  })

  it('escapes search keywords in the query string', async () => {
    const fetchMock = stubFetch(jsonResponse(200, { items: [] }))

    await api.searchOrganizations('enterprise', '光谷&新材料')

    expect(fetchMock.mock.calls[0][0]).toBe(
      `/api/v1/organizations?kind=enterprise&q=${encodeURIComponent('光谷&新材料')}`,
    )
  })

  it('escapes the back office directory keywords and ids', async () => {
    const fetchMock = vi.fn<FetchFn>(async () => jsonResponse(200, { items: [] }))
    vi.stubGlobal('fetch', fetchMock)

    await api.adminUsers('李 明&x=1')
    await api.adminOrganizations('enterprise', '光谷#1')
    await api.adminOrganization('a/b')

    const urls = fetchMock.mock.calls.map((c) => c[0])
    expect(urls).toEqual([
      '/api/v1/admin/users?q=%E6%9D%8E%20%E6%98%8E%26x%3D1',
      '/api/v1/admin/organizations?kind=enterprise&q=%E5%85%89%E8%B0%B7%231',
      '/api/v1/admin/organizations/a%2Fb',
    ])
  })
})
