import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import AdminOrgsView from './AdminOrgsView.vue'

type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const org = { id: 'o1', name: '武汉光电科技有限公司', creditCode: '91420106MA4K00000X' }

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/admin/organizations', component: AdminOrgsView },
      { path: '/admin/organizations/:id', component: { template: '<div />' } },
    ],
  })
  await router.push(path)
  const wrapper = mount(AdminOrgsView, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('AdminOrgsView', () => {
  it('searches enterprises by the normalized credit code', async () => {
    const fetchMock = vi.fn<FetchFn>(async () => jsonResponse(200, { items: [org] }))
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper, router } = await mountAt('/admin/organizations')

    await wrapper.get('input[data-testid="admin-orgs-q"]').setValue(' 91420106 ma4k 0000 0x ')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/admin/organizations?kind=enterprise&q=91420106MA4K00000X')
    expect(router.currentRoute.value.query).toEqual({ kind: 'enterprise', q: '91420106MA4K00000X' })
    expect(wrapper.get(`[data-testid="admin-org-row-${org.creditCode}"]`).text()).toBe(org.name)
  })

  it('opens the detail page of a result', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn<FetchFn>(async () => jsonResponse(200, { items: [org] })),
    )
    const { wrapper, router } = await mountAt('/admin/organizations?kind=enterprise&q=%E5%85%89%E7%94%B5')

    await wrapper.get(`[data-testid="admin-org-view-${org.creditCode}"]`).trigger('click')
    await flushPromises()

    expect(router.currentRoute.value.path).toBe('/admin/organizations/o1')
  })

  it('offers only enterprises for now', async () => {
    vi.stubGlobal('fetch', vi.fn<FetchFn>())
    const { wrapper } = await mountAt('/admin/organizations')

    await wrapper.get('[data-testid="admin-orgs-kind"]').trigger('click')
    await flushPromises()

    const options = [...document.querySelectorAll('.el-select-dropdown__item')]
    const enabled = options.filter((o) => !o.classList.contains('is-disabled')).map((o) => o.textContent)
    expect(options).toHaveLength(5)
    expect(enabled).toEqual(['企业'])
    expect(options[1].textContent).toContain('即将开放')
  })

  it('shows 暂无数据 when nothing matches', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn<FetchFn>(async () => jsonResponse(200, { items: [] })),
    )
    const { wrapper } = await mountAt('/admin/organizations?q=%E6%97%A0%E6%AD%A4')

    expect(wrapper.get('[data-testid="admin-orgs"]').text()).toContain('暂无数据')
  })
})
