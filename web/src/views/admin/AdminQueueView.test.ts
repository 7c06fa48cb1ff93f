import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import AdminQueueView from './AdminQueueView.vue'

type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const rejected = {
  id: 'a1',
  kind: 'enterprise',
  status: 'rejected',
  orgName: '武汉东湖材料有限公司',
  creditCode: '91420100MA4K00001X',
  reason: '营业执照照片不清晰',
  flagged: false,
  submittedAt: '2026-11-30T02:00:00Z',
  decidedAt: '2026-12-01T03:00:00Z',
  applicantName: '李明',
  applicantPhoneMasked: '138****5678',
}

async function mountAt(path: string, fetchMock: ReturnType<typeof vi.fn<FetchFn>>) {
  vi.stubGlobal('fetch', fetchMock)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/admin', component: AdminQueueView },
      { path: '/admin/applications/:id', component: { template: '<div />' } },
    ],
  })
  await router.push(path)
  const wrapper = mount(AdminQueueView, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('AdminQueueView', () => {
  it('loads the tab and page named in the URL', async () => {
    const fetchMock = vi.fn<FetchFn>(async () =>
      jsonResponse(200, { items: [rejected], total: 41, page: 3, pageSize: 20 }),
    )
    const { wrapper } = await mountAt('/admin?status=rejected&page=3', fetchMock)

    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/admin/applications?status=rejected&page=3&pageSize=20')
    expect(wrapper.get('[data-testid="admin-queue-summary"]').text()).toBe('按审核时间从近到远排列，共 41 条。')
    expect(wrapper.get('[data-testid="admin-queue"]').text()).toContain('营业执照照片不清晰')
    expect(wrapper.get(`[data-testid="admin-review-${rejected.creditCode}"]`).text()).toBe('查看')
    expect(wrapper.find('[data-testid="admin-queue-pager"]').exists()).toBe(true)
  })

  it('starts a tab from its first page', async () => {
    const fetchMock = vi.fn<FetchFn>(async () => jsonResponse(200, { items: [], total: 0, page: 1, pageSize: 20 }))
    const { wrapper, router } = await mountAt('/admin?status=rejected&page=3', fetchMock)

    await wrapper.get('[data-testid="admin-queue-tab-pending"]').trigger('click')
    await flushPromises()

    expect(router.currentRoute.value.query).toEqual({ status: 'pending', page: '1' })
    expect(fetchMock.mock.calls.at(-1)?.[0]).toBe('/api/v1/admin/applications?status=pending&page=1&pageSize=20')
    expect(wrapper.get('[data-testid="admin-queue"]').text()).toContain('暂无待审核的申请')
    expect(wrapper.find('[data-testid="admin-queue-pager"]').exists()).toBe(false)
  })

  it('moves past the end of the queue to its last page', async () => {
    const fetchMock = vi.fn<FetchFn>(async (input) =>
      String(input).includes('page=5')
        ? jsonResponse(200, { items: [], total: 41, page: 5, pageSize: 20 })
        : jsonResponse(200, { items: [rejected], total: 41, page: 3, pageSize: 20 }),
    )
    const { router } = await mountAt('/admin?status=rejected&page=5', fetchMock)
    await flushPromises()

    expect(router.currentRoute.value.query).toEqual({ status: 'rejected', page: '3' })
    expect(fetchMock.mock.calls.at(-1)?.[0]).toBe('/api/v1/admin/applications?status=rejected&page=3&pageSize=20')
  })
})
