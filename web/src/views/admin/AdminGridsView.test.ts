import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Grid, Region } from '@/api/types'
import AdminGridsView from './AdminGridsView.vue'

type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const regions: Region[] = [
  {
    code: '420000',
    name: '湖北省',
    children: [
      {
        code: '420100',
        name: '武汉市',
        children: [
          { code: '420106', name: '武昌区' },
          { code: '420111', name: '洪山区' },
        ],
      },
    ],
  },
]

const grids: Grid[] = [
  { id: 'g1', name: '关山街道网格', regionCode: '420111', members: 2, createdAt: '2026-03-01T02:30:00Z' },
  { id: 'g2', name: '中南路网格', regionCode: '420106', members: 0, createdAt: '2026-03-02T02:30:00Z' },
]

/**
 * Stubs fetch with the region tree, the grid list, and created for a new
 * grid, and returns the mock to inspect the requests.
 */
function stubApi(created: () => Response = () => jsonResponse(201, grids[0])) {
  const fetchMock = vi.fn<FetchFn>(async (input, init) => {
    const url = String(input)
    if (url === '/api/v1/regions') return jsonResponse(200, regions)
    if (init?.method === 'POST') return created()
    return jsonResponse(200, { items: url.endsWith('region=420106') ? [grids[1]] : grids })
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

/** Returns the URLs of the mock's requests with the method, such as "GET /api/v1/admin/grids". */
function requests(fetchMock: ReturnType<typeof stubApi>): string[] {
  return fetchMock.mock.calls.map(([input, init]) => `${init?.method ?? 'GET'} ${String(input)}`)
}

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/admin/grids', component: AdminGridsView },
      { path: '/admin/grids/:id', component: { template: '<div />' } },
    ],
  })
  await router.push(path)
  const wrapper = mount(AdminGridsView, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

/** Opens the select with the test id and clicks its option labelled label. */
async function choose(testId: string, label: string) {
  const select = document.querySelector(`[data-testid="${testId}"]`)
  ;(select?.querySelector('.el-select__wrapper') as HTMLElement).click()
  await flushPromises()
  // The input names the select's own option list, apart from other selects' lists.
  const listId = select?.querySelector('input')?.getAttribute('aria-controls') ?? ''
  const options = [...(document.getElementById(listId)?.querySelectorAll('.el-select-dropdown__item') ?? [])]
  const option = options.find((o) => o.textContent?.trim() === label) as HTMLElement | undefined
  if (!option) throw new Error(`no option ${label} in the select ${testId}`)
  option.click()
  await flushPromises()
}

/** Waits out the 100 ms for which an Element Plus form item delays showing a new error. */
/** Waits until the element with the selector, once the form's checks have run, shows text. */
async function shows(selector: () => Element | null | undefined, text: string) {
  await vi.waitFor(() => expect(selector()?.textContent).toContain(text), { timeout: 3000 })
}

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('AdminGridsView', () => {
  it('lists grids with district names and member counts', async () => {
    const fetchMock = stubApi()
    const { wrapper } = await mountAt('/admin/grids')

    expect(requests(fetchMock)).toContain('GET /api/v1/admin/grids')
    const rows = wrapper.get('[data-testid="admin-grids"]').findAll('tbody tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('关山街道网格')
    expect(rows[0].text()).toContain('洪山区')
    expect(rows[0].text()).toContain('2')
    expect(rows[1].text()).toContain('武昌区')
    expect(wrapper.get('[data-testid="admin-grids-summary"]').text()).toBe('共 2 个网格')
  })

  it('filters by the district in ?region=', async () => {
    const fetchMock = stubApi()
    const { wrapper, router } = await mountAt('/admin/grids')

    await choose('admin-grids-region', '武昌区')

    expect(router.currentRoute.value.query).toEqual({ region: '420106' })
    expect(requests(fetchMock)).toContain('GET /api/v1/admin/grids?region=420106')
    expect(wrapper.get('[data-testid="admin-grids"]').findAll('tbody tr')).toHaveLength(1)
  })

  it('opens the grid detail page', async () => {
    stubApi()
    const { wrapper, router } = await mountAt('/admin/grids')

    await wrapper.get('[data-testid="admin-grid-view-g1"]').trigger('click')
    await flushPromises()

    expect(router.currentRoute.value.path).toBe('/admin/grids/g1')
  })

  it('creates a grid in the chosen district', async () => {
    const fetchMock = stubApi()
    const { wrapper } = await mountAt('/admin/grids')

    await wrapper.get('[data-testid="admin-grid-create"]').trigger('click')
    await flushPromises()
    const name = document.querySelector('input[data-testid="admin-grid-create-name"]') as HTMLInputElement
    name.value = ' 关山街道网格 '
    name.dispatchEvent(new Event('input'))
    await choose('admin-grid-create-region', '洪山区')
    ;(document.querySelector('[data-testid="admin-grid-create-submit"]') as HTMLElement).click()
    await flushPromises()

    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST')
    expect(post?.[0]).toBe('/api/v1/admin/grids')
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({ name: '关山街道网格', regionCode: '420111' })
    // The list is loaded again after the grid is created.
    expect(requests(fetchMock).filter((r) => r === 'GET /api/v1/admin/grids')).toHaveLength(2)
  })

  it('checks the dialog before sending', async () => {
    const fetchMock = stubApi()
    const { wrapper } = await mountAt('/admin/grids')

    await wrapper.get('[data-testid="admin-grid-create"]').trigger('click')
    await flushPromises()
    ;(document.querySelector('[data-testid="admin-grid-create-submit"]') as HTMLElement).click()
    const dialog = () => document.querySelector('[data-testid="admin-grid-create-dialog"]')
    await shows(dialog, '请输入网格名称')
    await shows(dialog, '请选择网格所在的区')
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false)
  })

  it('shows a duplicate name on the name field', async () => {
    stubApi(() => jsonResponse(409, { error: { code: 'conflict', message: '该区已有同名网格，请换一个名称' } }))
    const { wrapper } = await mountAt('/admin/grids?region=420111')

    await wrapper.get('[data-testid="admin-grid-create"]').trigger('click')
    await flushPromises()
    const name = document.querySelector('input[data-testid="admin-grid-create-name"]') as HTMLInputElement
    name.value = '关山街道网格'
    name.dispatchEvent(new Event('input'))
    // The filtered district is preselected in the dialog.
    ;(document.querySelector('[data-testid="admin-grid-create-submit"]') as HTMLElement).click()
    await shows(() => name.closest('.el-form-item'), '该区已有同名网格，请换一个名称')
    expect(document.querySelector('[data-testid="admin-grid-create-dialog"]')).not.toBeNull()
  })
})
