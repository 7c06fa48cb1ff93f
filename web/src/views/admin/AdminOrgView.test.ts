import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { AdminOrganization, Region } from '@/api/types'
import AdminOrgView from './AdminOrgView.vue'

type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const regions: Region[] = [
  {
    code: '420000',
    name: '湖北省',
    children: [{ code: '420100', name: '武汉市', children: [{ code: '420106', name: '武昌区' }] }],
  },
]

const detail: AdminOrganization = {
  org: {
    id: 'o1',
    kind: 'enterprise',
    name: '武汉光电科技有限公司',
    creditCode: '91420106MA4K00000X',
    regionCode: '420106',
    addressDetail: '中北路 88 号',
    email: 'contact@example.com',
    techFields: ['新材料', '新一代信息技术'],
    legalName: '陈建国',
    legalPhoneMasked: '139****0001',
    source: 'legal_login',
    createdAt: '2026-03-01T02:30:00Z',
  },
  members: [
    {
      identityId: 'i1',
      name: '李明',
      phoneMasked: '138****5678',
      role: 'admin',
      status: 'active',
      createdAt: '2026-03-01T01:00:00Z',
      decidedAt: '2026-03-02T06:45:00Z',
    },
    {
      identityId: 'i2',
      name: '王芳',
      phoneMasked: '137****4321',
      role: 'member',
      status: 'pending',
      createdAt: '2026-03-03T08:10:00Z',
      decidedAt: null,
    },
  ],
}

/** Stubs fetch with the region tree and the given response for the organization. */
function stubApi(orgResponse: () => Response) {
  const fetchMock = vi.fn<FetchFn>(async (input) =>
    String(input) === '/api/v1/regions' ? jsonResponse(200, regions) : orgResponse(),
  )
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

async function mountAt(path: string) {
  const { wrapper } = await mountWithRouter(path)
  return wrapper
}

async function mountWithRouter(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/admin/organizations/:id', component: AdminOrgView },
      { path: '/admin/audit', component: { template: '<div />' } },
    ],
  })
  await router.push(path)
  const wrapper = mount(AdminOrgView, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

/** Returns the text of the descriptions cell next to label. */
function cell(wrapper: Awaited<ReturnType<typeof mountAt>>, label: string): string {
  const labels = wrapper.findAll('.el-descriptions__label')
  const found = labels.find((l) => l.text() === label)
  if (!found) throw new Error(`no descriptions item labelled ${label}`)
  return found.element.nextElementSibling?.textContent?.trim() ?? ''
}

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('AdminOrgView', () => {
  it('shows the organization with region names and labels', async () => {
    const fetchMock = stubApi(() => jsonResponse(200, detail))
    const wrapper = await mountAt('/admin/organizations/o1')

    expect(fetchMock.mock.calls.map((c) => String(c[0]))).toContain('/api/v1/admin/organizations/o1')
    expect(cell(wrapper, '所在地址')).toContain('湖北省武汉市武昌区 中北路 88 号')
    expect(cell(wrapper, '技术领域')).toBe('新材料、新一代信息技术')
    expect(cell(wrapper, '法人手机号')).toBe('139****0001')
    expect(cell(wrapper, '入驻方式')).toBe('法人登录入驻')
  })

  it('lists members with the time they joined', async () => {
    stubApi(() => jsonResponse(200, detail))
    const wrapper = await mountAt('/admin/organizations/o1')

    const rows = wrapper.get('[data-testid="admin-org-members"]').findAll('tbody tr')
    expect(rows).toHaveLength(2)
    expect(wrapper.get('[data-testid="admin-org-member-role-5678"]').text()).toBe('管理员')
    // The active member shows decidedAt, the pending one createdAt.
    expect(rows[0].text()).toContain('加入于')
    expect(rows[0].text()).toMatch(/2026-03-02 \d\d:45/)
    expect(rows[1].text()).toContain('申请于')
    expect(rows[1].text()).toMatch(/2026-03-03 \d\d:10/)
  })

  it('links to the audit log of the organization', async () => {
    stubApi(() => jsonResponse(200, detail))
    const { wrapper, router } = await mountWithRouter('/admin/organizations/o1')

    await wrapper.get('[data-testid="admin-org-audit"]').trigger('click')
    await flushPromises()

    expect(router.currentRoute.value.path).toBe('/admin/audit')
    expect(router.currentRoute.value.query).toEqual({ org: 'o1', orgName: '武汉光电科技有限公司' })
  })

  it('shows an empty state for an unknown organization', async () => {
    stubApi(() => jsonResponse(404, { error: { code: 'not_found', message: '机构不存在' } }))
    const wrapper = await mountAt('/admin/organizations/missing')

    expect(wrapper.text()).toContain('未找到该机构')
    expect(wrapper.find('[data-testid="admin-org-members"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="admin-org-audit"]').exists()).toBe(false)
  })
})
