import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Application, GridRef, Region } from '@/api/types'
import EnterpriseFormView from './EnterpriseFormView.vue'

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

const gridsByDistrict: Record<string, GridRef[]> = {
  '420111': [
    { id: 'g1', name: '关山街道网格', regionCode: '420111' },
    { id: 'g2', name: '卓刀泉网格', regionCode: '420111' },
  ],
  '420106': [],
}

const rejected: Application = {
  id: 'a1',
  kind: 'enterprise',
  status: 'rejected',
  reason: '营业执照不清晰',
  flagged: false,
  submittedAt: '2026-03-01T02:30:00Z',
  decidedAt: '2026-03-02T02:30:00Z',
  form: {
    name: '武汉网格测试有限公司',
    creditCode: '91420111MA4K00000X',
    regionCode: '420111',
    addressDetail: '关山大道 1 号',
    gridId: 'g2',
    email: 'a@example.cn',
    techFields: ['新材料'],
    legalName: '李法人',
    legalPhone: '138****5678',
    legalIdNumber: '4201**********1234',
  },
  license: { id: 'u1', url: '/api/v1/uploads/u1' },
}

/** Stubs fetch with the reference data, the grids of each district and the rejected application. */
function stubApi() {
  const fetchMock = vi.fn<FetchFn>(async (input) => {
    const url = new URL(String(input), 'http://localhost')
    switch (url.pathname) {
      case '/api/v1/regions':
        return jsonResponse(200, regions)
      case '/api/v1/tech-fields':
        return jsonResponse(200, ['新材料', '新能源'])
      case '/api/v1/grids':
        return jsonResponse(200, { items: gridsByDistrict[url.searchParams.get('region') ?? ''] ?? [] })
      case '/api/v1/applications/a1':
        return jsonResponse(200, rejected)
    }
    return jsonResponse(404, { error: { code: 'not_found', message: '接口不存在' } })
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

/** Returns the regions the mock was asked for grids of, in order. */
function gridRequests(fetchMock: ReturnType<typeof stubApi>): string[] {
  return fetchMock.mock.calls
    .map(([input]) => new URL(String(input), 'http://localhost'))
    .filter((url) => url.pathname === '/api/v1/grids')
    .map((url) => url.searchParams.get('region') ?? '')
}

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/onboard/enterprise/new', component: EnterpriseFormView },
      { path: '/applications/:id/edit', component: EnterpriseFormView },
      { path: '/applications/:id', component: { template: '<div />' } },
    ],
  })
  await router.push(path)
  const wrapper = mount(EnterpriseFormView, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

/** Picks the district in the address cascader, below the preselected 湖北省 / 武汉市. */
async function pickDistrict(name: string) {
  ;(document.querySelector('[data-testid="form-region"] .el-cascader') as HTMLElement).click()
  await flushPromises()
  const nodes = [...document.querySelectorAll('.region-cascader-popper .el-cascader-node')] as HTMLElement[]
  const node = nodes.find((n) => n.textContent?.trim() === name)
  if (!node) throw new Error(`no cascader node ${name}`)
  node.click()
  await flushPromises()
}

/** Returns the 所属网格 select: its text, whether it is disabled, and its option labels. */
async function gridSelect() {
  const select = document.querySelector('[data-testid="form-gridId"]') as HTMLElement
  const listId = select.querySelector('input')?.getAttribute('aria-controls') ?? ''
  const options = [...(document.getElementById(listId)?.querySelectorAll('.el-select-dropdown__item') ?? [])]
  return {
    text: select.textContent?.trim() ?? '',
    disabled: select.querySelector('.el-select__wrapper')?.classList.contains('is-disabled') ?? false,
    options: options.map((o) => o.textContent?.trim()),
  }
}

/** Opens the 所属网格 select and clicks the option with the label. */
async function chooseGrid(label: string) {
  ;(document.querySelector('[data-testid="form-gridId"] .el-select__wrapper') as HTMLElement).click()
  await flushPromises()
  const option = [...document.querySelectorAll('[data-testid^="form-grid-option-"]')].find(
    (o) => o.textContent?.trim() === label,
  ) as HTMLElement | undefined
  if (!option) throw new Error(`no grid option ${label}`)
  option.click()
  await flushPromises()
}

beforeEach(() => {
  setActivePinia(createPinia())
})

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('EnterpriseFormView 所属网格', () => {
  it('waits for a district before offering grids', async () => {
    const fetchMock = stubApi()
    await mountAt('/onboard/enterprise/new')

    const select = await gridSelect()
    expect(select.disabled).toBe(true)
    expect(select.text).toContain('请先选择武汉市的区')
    expect(gridRequests(fetchMock)).toEqual([])
  })

  it('offers the grids of the chosen district', async () => {
    const fetchMock = stubApi()
    await mountAt('/onboard/enterprise/new')

    await pickDistrict('洪山区')
    await chooseGrid('卓刀泉网格')

    expect(gridRequests(fetchMock)).toEqual(['420111'])
    const select = await gridSelect()
    expect(select.disabled).toBe(false)
    expect(select.options).toEqual(['关山街道网格', '卓刀泉网格'])
    expect(select.text).toContain('卓刀泉网格')
  })

  it('clears the grid when the district changes', async () => {
    const fetchMock = stubApi()
    await mountAt('/onboard/enterprise/new')
    await pickDistrict('洪山区')
    await chooseGrid('关山街道网格')

    await pickDistrict('武昌区')

    expect(gridRequests(fetchMock)).toEqual(['420111', '420106'])
    const select = await gridSelect()
    expect(select.text).not.toContain('关山街道网格')
    expect(select.text).toContain('暂无可选网格')
    expect(select.disabled).toBe(true)
  })

  it('keeps the grid of an edited application', async () => {
    const fetchMock = stubApi()
    await mountAt('/applications/a1/edit')

    expect(gridRequests(fetchMock)).toEqual(['420111'])
    expect((await gridSelect()).text).toContain('卓刀泉网格')
  })
})
