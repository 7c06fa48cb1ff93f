import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import AdminUsersView from './AdminUsersView.vue'

type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const user = { id: 'u1', name: '李明', phoneMasked: '138****5678', activeIdentities: 2, createdAt: '2026-03-01T02:30:00Z' }

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/admin/users', component: AdminUsersView }],
  })
  await router.push(path)
  const wrapper = mount(AdminUsersView, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

/** Waits until a form item shows an error, which Element Plus delays by 100 ms and a busy machine by more. */
async function errorShown() {
  await vi.waitFor(
    () => {
      if (!document.querySelector('.el-form-item__error')) throw new Error('no form error shown yet')
    },
    { timeout: 3000 },
  )
  await flushPromises()
}

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('AdminUsersView', () => {
  it('searches by the normalized phone and lists the user', async () => {
    const fetchMock = vi.fn<FetchFn>(async () => jsonResponse(200, { items: [user] }))
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper, router } = await mountAt('/admin/users')
    expect(fetchMock).not.toHaveBeenCalled()

    await wrapper.get('input[data-testid="admin-users-q"]').setValue('+86 138 1234 5678')
    await wrapper.get('[data-testid="admin-users-search"]').trigger('submit')
    await flushPromises()

    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/admin/users?q=13812345678')
    expect(router.currentRoute.value.query).toEqual({ q: '13812345678' })
    const row = wrapper.get('[data-testid="admin-user-row-5678"]').element.closest('tr')
    expect(row?.textContent).toContain('138****5678')
    expect(row?.textContent).toContain('2')
  })

  it('runs the search in ?q= when opened', async () => {
    const fetchMock = vi.fn<FetchFn>(async () => jsonResponse(200, { items: [] }))
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper } = await mountAt('/admin/users?q=%E6%9D%8E%E6%98%8E')

    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/admin/users?q=%E6%9D%8E%E6%98%8E')
    expect((wrapper.get('input[data-testid="admin-users-q"]').element as HTMLInputElement).value).toBe('李明')
    expect(wrapper.text()).toContain('暂无数据')
  })

  it('does not send a one-character keyword', async () => {
    const fetchMock = vi.fn<FetchFn>()
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper } = await mountAt('/admin/users')

    await wrapper.get('input[data-testid="admin-users-q"]').setValue('李')
    await wrapper.get('form').trigger('submit')
    await errorShown()

    expect(fetchMock).not.toHaveBeenCalled()
    expect(wrapper.get('.el-form-item__error').text()).toBe('请输入 2 至 100 个字的姓名或完整手机号')
  })

  it('shows a server field error under the box', async () => {
    const body = {
      error: {
        code: 'validation_failed',
        message: '请求参数有误',
        fields: [{ field: 'q', message: '请输入 2 至 100 个字的关键词或完整手机号' }],
      },
    }
    vi.stubGlobal(
      'fetch',
      vi.fn<FetchFn>(async () => jsonResponse(400, body)),
    )
    const { wrapper } = await mountAt('/admin/users?q=x')
    await errorShown()

    expect(wrapper.get('.el-form-item__error').text()).toBe('请输入 2 至 100 个字的关键词或完整手机号')
  })
})
