import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import SmsCodeButton from './SmsCodeButton.vue'

type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

beforeEach(() => {
  setActivePinia(createPinia())
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('SmsCodeButton', () => {
  it('sends the normalized phone and counts down', async () => {
    const fetchMock = vi.fn<FetchFn>(async () => jsonResponse(202, { resendAfter: 60 }))
    vi.stubGlobal('fetch', fetchMock)
    const wrapper = mount(SmsCodeButton, { props: { phone: '+86 138 1234 5678', purpose: 'login' } })

    await wrapper.get('button').trigger('click')
    await flushPromises()

    const init = fetchMock.mock.calls[0][1] ?? {}
    expect(JSON.parse(init.body as string)).toEqual({ phone: '13812345678', purpose: 'login' })
    expect(wrapper.get('button').text()).toBe('60 秒后重新获取')
    expect(wrapper.get('button').attributes('disabled')).toBeDefined()

    await vi.advanceTimersByTimeAsync(59_000)
    expect(wrapper.get('button').text()).toBe('1 秒后重新获取')
    await vi.advanceTimersByTimeAsync(1_000)
    expect(wrapper.get('button').text()).toBe('获取验证码')
    expect(wrapper.get('button').attributes('disabled')).toBeUndefined()
  })

  it('does not send when validation fails', async () => {
    const fetchMock = vi.fn<FetchFn>()
    vi.stubGlobal('fetch', fetchMock)
    const wrapper = mount(SmsCodeButton, {
      props: { phone: '123', purpose: 'login', validate: async () => false },
    })

    await wrapper.get('button').trigger('click')
    await flushPromises()

    expect(fetchMock).not.toHaveBeenCalled()
    expect(wrapper.get('button').text()).toBe('获取验证码')
  })

  it('waits retryAfter seconds when rate limited', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(429, { error: { code: 'rate_limited', message: '发送过于频繁，请稍后再试', retryAfter: 42 } })),
    )
    const wrapper = mount(SmsCodeButton, { props: { phone: '13812345678', purpose: 'reset_password' } })

    await wrapper.get('button').trigger('click')
    await flushPromises()

    expect(wrapper.emitted('error')).toHaveLength(1)
    expect(wrapper.get('button').text()).toBe('42 秒后重新获取')
  })

  it('sends to the own phone without a number', async () => {
    const fetchMock = vi.fn<FetchFn>(async () => jsonResponse(202, { resendAfter: 60 }))
    vi.stubGlobal('fetch', fetchMock)
    const wrapper = mount(SmsCodeButton, { props: { ownPhone: true, purpose: 'change_password' } })

    await wrapper.get('button').trigger('click')
    await flushPromises()

    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/me/sms-codes')
  })
})
