import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { GridEnterprisePage, Region } from '@/api/types'
import { stubViewportWidth } from '@/lib/viewport.testing'
import GridEnterprisesView from './GridEnterprisesView.vue'

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

/** Returns a page of the grid with n enterprises of total. */
function page(n: number, total: number, pageNumber = 1): GridEnterprisePage {
  return {
    grid: { id: 'g1', name: '关山街道网格', regionCode: '420111' },
    items: Array.from({ length: n }, (_, i) => ({
      id: `o${i}`,
      name: `武汉网格企业${i}有限公司`,
      creditCode: `91420111MA4K0000${String(i).padStart(2, '0')}`,
      regionCode: '420111',
      addressDetail: '关山大道 1 号',
      legalName: '李法人',
      legalPhoneMasked: '138****5678',
      onboardedAt: '2026-03-01T02:30:00Z',
    })),
    total,
    page: pageNumber,
    pageSize: 20,
  }
}

function stubApi(enterprises: (url: string) => GridEnterprisePage) {
  const fetchMock = vi.fn<FetchFn>(async (input) =>
    String(input) === '/api/v1/regions' ? jsonResponse(200, regions) : jsonResponse(200, enterprises(String(input))),
  )
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('GridEnterprisesView', () => {
  it('lists the enterprises of the grid', async () => {
    const fetchMock = stubApi(() => page(2, 2))
    const wrapper = mount(GridEnterprisesView, { attachTo: document.body })
    await flushPromises()

    expect(fetchMock.mock.calls.map((c) => String(c[0]))).toContain('/api/v1/grid/enterprises?page=1&pageSize=20')
    expect(wrapper.get('[data-testid="grid-enterprises-grid"]').text()).toBe('关山街道网格 · 湖北省武汉市洪山区')
    expect(wrapper.get('[data-testid="grid-enterprises-summary"]').text()).toContain('共 2 家企业')
    const rows = wrapper.get('[data-testid="grid-enterprises"]').findAll('tbody tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('武汉网格企业0有限公司')
    expect(rows[0].text()).toContain('138****5678')
    expect(wrapper.find('[data-testid="grid-enterprises-pager"]').exists()).toBe(false)
  })

  it('pages through a large grid', async () => {
    const fetchMock = stubApi((url) => (url.includes('page=2&') ? page(5, 25, 2) : page(20, 25)))
    const wrapper = mount(GridEnterprisesView, { attachTo: document.body })
    await flushPromises()

    await wrapper.get('[data-testid="grid-enterprises-pager"] .btn-next').trigger('click')
    await flushPromises()

    expect(fetchMock.mock.calls.map((c) => String(c[0]))).toContain('/api/v1/grid/enterprises?page=2&pageSize=20')
    expect(wrapper.get('[data-testid="grid-enterprises"]').findAll('tbody tr')).toHaveLength(5)
  })

  it('lists enterprises as items on phones', async () => {
    stubViewportWidth(390)
    stubApi(() => page(2, 2))
    const wrapper = mount(GridEnterprisesView, { attachTo: document.body })
    await flushPromises()

    const list = wrapper.get('[data-testid="grid-enterprises"]')
    expect(list.find('table').exists()).toBe(false)
    const items = list.findAll('.phone-list-item')
    expect(items).toHaveLength(2)
    expect(items[0].get('[data-testid="grid-enterprise-91420111MA4K000000"]').text()).toBe('武汉网格企业0有限公司')
    const fields = items[0].findAll('dt').map((dt, i) => [dt.text(), items[0].findAll('dd')[i].text().replace(/\s+/g, ' ')])
    expect(fields).toEqual([
      ['信用代码', '91420111MA4K000000'],
      ['所在地址', '湖北省武汉市洪山区 关山大道 1 号'],
      ['法人', '李法人 138****5678'],
      ['入驻时间', expect.stringMatching(/^2026-03-01 \d\d:30$/)],
    ])
  })

  it('shows the empty text on phones', async () => {
    stubViewportWidth(390)
    stubApi(() => page(0, 0))
    const wrapper = mount(GridEnterprisesView, { attachTo: document.body })
    await flushPromises()

    expect(wrapper.get('[data-testid="grid-enterprises"]').text()).toBe('暂无选择本网格的企业')
  })
})

