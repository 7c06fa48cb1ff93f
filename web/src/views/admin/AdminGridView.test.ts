import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { AdminGrid, Region } from '@/api/types'
import { stubViewportWidth } from '@/lib/viewport.testing'
import AdminGridView from './AdminGridView.vue'

type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const regions: Region[] = [
  {
    code: '420000',
    name: '湖北省',
    children: [{ code: '420100', name: '武汉市', children: [{ code: '420111', name: '洪山区' }] }],
  },
]

const detail: AdminGrid = {
  grid: { id: 'g1', name: '关山街道网格', regionCode: '420111', members: 2, createdAt: '2026-03-01T02:30:00Z' },
  members: [
    {
      identityId: 'i1',
      name: '关网格',
      phoneMasked: '138****5678',
      role: 'member',
      status: 'active',
      createdAt: '2026-03-01T03:00:00Z',
      decidedAt: '2026-03-01T03:00:00Z',
    },
    {
      identityId: 'i2',
      name: '迟网格',
      phoneMasked: '137****4321',
      role: 'member',
      status: 'invited',
      createdAt: '2026-03-02T03:00:00Z',
      decidedAt: '2026-03-02T03:00:00Z',
    },
  ],
}

/** Stubs fetch with the region tree, the grid for GET and the given responses for POST and DELETE. */
function stubApi(grid: () => Response = () => jsonResponse(200, detail)) {
  const fetchMock = vi.fn<FetchFn>(async (input, init) => {
    if (String(input) === '/api/v1/regions') return jsonResponse(200, regions)
    if (init?.method === 'POST') return jsonResponse(201, { identityId: 'i3', status: 'invited' })
    if (init?.method === 'DELETE') return new Response(null, { status: 204 })
    if (init?.method === 'PUT') return jsonResponse(200, { id: 'g1', name: '关山街道第一网格', regionCode: '420111' })
    return grid()
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

/** Returns the mock's requests as "METHOD url". */
function requests(fetchMock: ReturnType<typeof stubApi>): string[] {
  return fetchMock.mock.calls.map(([input, init]) => `${init?.method ?? 'GET'} ${String(input)}`)
}

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/admin/grids/:id', component: AdminGridView }],
  })
  await router.push(path)
  const wrapper = mount(AdminGridView, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

/** Types value into the input with the test id. */
function type(testId: string, value: string) {
  const input = document.querySelector(`input[data-testid="${testId}"]`) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
}

/** Clicks the button of the open message box with the text. */
async function clickMessageBoxButton(text: string) {
  const buttons = [...document.querySelectorAll('.el-message-box button')] as HTMLElement[]
  const button = buttons.find((b) => b.textContent?.trim() === text)
  if (!button) throw new Error(`no message box button ${text}`)
  button.click()
  await flushPromises()
  // The message box resolves after its closing transition.
  await new Promise((resolve) => setTimeout(resolve, 350))
  await flushPromises()
}

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('AdminGridView', () => {
  it('shows the grid and its members', async () => {
    const fetchMock = stubApi()
    const wrapper = await mountAt('/admin/grids/g1')

    expect(requests(fetchMock)).toContain('GET /api/v1/admin/grids/g1')
    expect(wrapper.get('[data-testid="admin-grid-detail"]').text()).toContain('湖北省武汉市洪山区')
    const rows = wrapper.get('[data-testid="admin-grid-members"]').findAll('tbody tr')
    expect(rows).toHaveLength(2)
    expect(wrapper.get('[data-testid="admin-grid-member-status-5678"]').text()).toBe('已加入')
    expect(wrapper.get('[data-testid="admin-grid-member-status-4321"]').text()).toBe('待激活')
  })

  it('assigns a grid member by name and phone', async () => {
    const fetchMock = stubApi()
    const wrapper = await mountAt('/admin/grids/g1')

    await wrapper.get('[data-testid="admin-grid-member-add"]').trigger('click')
    await flushPromises()
    type('admin-grid-member-name', ' 新网格 ')
    type('admin-grid-member-phone', '+86 139 0000 1234')
    ;(document.querySelector('[data-testid="admin-grid-member-submit"]') as HTMLElement).click()
    await flushPromises()

    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST')
    expect(post?.[0]).toBe('/api/v1/admin/grids/g1/members')
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({ name: '新网格', phone: '13900001234' })
    expect(requests(fetchMock).filter((r) => r === 'GET /api/v1/admin/grids/g1')).toHaveLength(2)
  })

  it('removes a grid member after confirmation', async () => {
    const fetchMock = stubApi()
    const wrapper = await mountAt('/admin/grids/g1')

    await wrapper.get('[data-testid="admin-grid-member-remove-5678"]').trigger('click')
    await flushPromises()
    expect(document.querySelector('.el-message-box')?.textContent).toContain('确认移除网格员 关网格')
    await clickMessageBoxButton('确认移除')

    await vi.waitFor(() => expect(requests(fetchMock)).toContain('DELETE /api/v1/admin/grids/g1/members/i1'))
  })

  it('renames the grid', async () => {
    const fetchMock = stubApi()
    const wrapper = await mountAt('/admin/grids/g1')

    await wrapper.get('[data-testid="admin-grid-rename"]').trigger('click')
    await flushPromises()
    const input = document.querySelector('.el-message-box input') as HTMLInputElement
    expect(input.value).toBe('关山街道网格')
    input.value = ' 关山街道第一网格 '
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    await clickMessageBoxButton('保存')

    await vi.waitFor(() => expect(requests(fetchMock)).toContain('PUT /api/v1/admin/grids/g1'))
    const put = fetchMock.mock.calls.find(([, init]) => init?.method === 'PUT')
    expect(put?.[0]).toBe('/api/v1/admin/grids/g1')
    expect(JSON.parse(String(put?.[1]?.body))).toEqual({ name: '关山街道第一网格' })
  })

  it('keeps the member when the removal is cancelled', async () => {
    const fetchMock = stubApi()
    const wrapper = await mountAt('/admin/grids/g1')

    await wrapper.get('[data-testid="admin-grid-member-remove-4321"]').trigger('click')
    await flushPromises()
    await clickMessageBoxButton('取消')

    expect(requests(fetchMock).some((r) => r.startsWith('DELETE'))).toBe(false)
  })

  it('lists members on phones', async () => {
    stubViewportWidth(390)
    const fetchMock = stubApi()
    const wrapper = await mountAt('/admin/grids/g1')

    const list = wrapper.get('[data-testid="admin-grid-members"]')
    expect(list.find('table').exists()).toBe(false)
    const items = list.findAll('.phone-list-item')
    expect(items.map((i) => i.get('.phone-item-title').text())).toEqual(['关网格', '迟网格'])
    expect(items[1].get('[data-testid="admin-grid-member-status-4321"]').text()).toBe('待激活')
    expect(items[1].text()).toContain('137****4321')

    await items[0].get('[data-testid="admin-grid-member-remove-5678"]').trigger('click')
    await flushPromises()
    await clickMessageBoxButton('确认移除')

    expect(requests(fetchMock)).toContain('DELETE /api/v1/admin/grids/g1/members/i1')
  })

  it('fits the add dialog to phones', async () => {
    stubViewportWidth(390)
    stubApi()
    const wrapper = await mountAt('/admin/grids/g1')

    await wrapper.get('[data-testid="admin-grid-member-add"]').trigger('click')
    await flushPromises()

    const dialog = document.querySelector('.el-dialog') as HTMLElement
    expect(dialog.style.getPropertyValue('--el-dialog-width')).toBe('min(440px, 92vw)')
    expect(dialog.querySelector('.el-form')?.classList).toContain('el-form--label-top')
  })

  it('shows an empty state for an unknown grid', async () => {
    stubApi(() => jsonResponse(404, { error: { code: 'not_found', message: '网格不存在' } }))
    const wrapper = await mountAt('/admin/grids/missing')

    expect(wrapper.text()).toContain('未找到该网格')
    expect(wrapper.find('[data-testid="admin-grid-member-add"]').exists()).toBe(false)
  })
})
