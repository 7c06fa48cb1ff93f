import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { AuditEvent } from '@/api/types'
import { auditActionGroups } from '@/lib/labels'
import { stubViewportWidth } from '@/lib/viewport.testing'
import AdminAuditView from './AdminAuditView.vue'

type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

/** Returns an audit event of an admin approving a join request, with the given fields changed. */
function event(fields: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: 'e1',
    at: '2026-03-02T06:45:10Z',
    action: 'member.approve',
    actorKind: 'user',
    actorId: 'u1',
    actorName: '李明',
    identityId: 'i1',
    identityOrgId: 'o1',
    identityOrgName: '武汉光电科技有限公司',
    identityRole: 'admin',
    targetKind: 'identity',
    targetId: 'i2',
    targetLabel: '王芳（武汉光电科技有限公司）',
    addr: '10.0.0.1',
    detail: { org_id: 'o1' },
    ...fields,
  }
}

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/admin/audit', component: AdminAuditView },
      { path: '/admin/organizations/:id', component: { template: '<div />' } },
    ],
  })
  await router.push(path)
  const wrapper = mount(AdminAuditView, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

/** Returns the request URLs of the fetch mock. */
function urls(fetchMock: ReturnType<typeof vi.fn<FetchFn>>): string[] {
  return fetchMock.mock.calls.map((c) => String(c[0]))
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

describe('AdminAuditView', () => {
  it('loads the filters in the URL into the form and the request', async () => {
    const fetchMock = vi.fn<FetchFn>(async () => jsonResponse(200, { items: [event()] }))
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper } = await mountAt(
      '/admin/audit?action=member.approve&action=login&actor=u1&actorName=%E6%9D%8E%E6%98%8E' +
        '&org=o1&orgName=%E5%85%89%E7%94%B5&from=2026-03-01&to=2026-03-31&addr=10.0.0.1',
    )

    expect(urls(fetchMock)).toEqual([
      '/api/v1/admin/audit?action=member.approve&action=login&actor=u1&org=o1&from=2026-03-01&to=2026-03-31&addr=10.0.0.1&limit=50',
    ])
    expect(wrapper.get('[data-testid="admin-audit-actor"]').text()).toContain('李明')
    expect(wrapper.get('[data-testid="admin-audit-org"]').text()).toContain('光电')
    expect(wrapper.get('[data-testid="admin-audit-action"]').text()).toContain('通过加入申请')
    const dates = wrapper.findAll('.filter-range input').map((i) => (i.element as HTMLInputElement).value)
    expect(dates).toEqual(['2026-03-01', '2026-03-31'])
    expect((wrapper.get('input[data-testid="admin-audit-addr"]').element as HTMLInputElement).value).toBe('10.0.0.1')
  })

  it('shows names and Chinese labels in the table', async () => {
    const events = [
      event(),
      event({ id: 'e2', action: 'login', actorKind: 'operator', actorId: 'op1', actorName: '审核员',
        identityId: '', identityOrgId: '', identityOrgName: '', identityRole: '',
        targetKind: 'operator', targetId: 'op1', targetLabel: '审核员', detail: { method: 'password' } }),
      event({ id: 'e3', action: 'application.approve', targetKind: 'application', targetId: 'gone',
        targetLabel: '', identityId: '', identityOrgId: '', identityOrgName: '', identityRole: '' }),
      event({ id: 'e4', action: 'future.action', targetKind: 'organization', targetId: 'o1',
        targetLabel: '武汉光电科技有限公司' }),
    ]
    vi.stubGlobal('fetch', vi.fn<FetchFn>(async () => jsonResponse(200, { items: events })))
    const { wrapper } = await mountAt('/admin/audit')

    const rows = wrapper.get('[data-testid="admin-audit"]').findAll('tbody tr')
    expect(rows).toHaveLength(4)
    const cells = (i: number) => rows[i].findAll('td').map((td) => td.text())
    const target = (i: number) => rows[i].get('[data-testid="admin-audit-row-target"]').text()
    expect(cells(0)[0]).toMatch(/^2026-03-02 \d\d:45:10$/)
    expect(cells(0)[1]).toBe('李明')
    expect(rows[0].get('[data-testid="admin-audit-row-identity"]').text()).toBe('武汉光电科技有限公司')
    expect(rows[0].findAll('td')[2].get('.detail').text()).toBe('管理员')
    expect(cells(0)[3]).toBe('通过加入申请')
    expect(rows[0].get('.target-kind').text()).toBe('成员身份')
    expect(target(0)).toBe('王芳（武汉光电科技有限公司）')
    expect(cells(0)[5]).toBe('10.0.0.1')

    expect(rows[1].get('[data-testid="admin-audit-row-actor"]').text()).toBe('审核员')
    expect(rows[1].get('.kind-tag').text()).toBe('运营')
    expect(cells(1)[2]).toBe('—')
    expect(rows[1].get('[data-testid="admin-audit-row-action"]').text()).toBe('登录')
    expect(rows[1].get('.detail').text()).toBe('密码登录')

    // An application that no longer exists keeps its id on screen.
    expect(cells(2)[2]).toBe('个人')
    expect(rows[2].get('.target-kind').text()).toBe('入驻申请')
    expect(target(2)).toBe('gone')

    // An action without a label shows its code, and an organization links to its page.
    expect(cells(3)[3]).toBe('future.action')
    expect(rows[3].get('a[data-testid="admin-audit-row-target"]').attributes('href')).toBe('/admin/organizations/o1')
  })

  it('offers every recorded action with a Chinese label', async () => {
    vi.stubGlobal('fetch', vi.fn<FetchFn>(async () => jsonResponse(200, { items: [] })))
    const { wrapper } = await mountAt('/admin/audit')

    await wrapper.get('[data-testid="admin-audit-action"]').trigger('click')
    await flushPromises()

    const options = [...document.querySelectorAll('.el-select-dropdown__item')].map((o) => o.textContent?.trim())
    const count = auditActionGroups.reduce((n, g) => n + Object.keys(g.actions).length, 0)
    expect(count).toBe(26)
    expect(options).toHaveLength(count)
    expect(options).toContain('变更成员角色')
    expect(options.filter((o) => !o || /[a-z.]/.test(o))).toEqual([])
  })

  it('loads more with the cursor of the last page', async () => {
    const fetchMock = vi.fn<FetchFn>(async (input) =>
      String(input).includes('cursor=')
        ? jsonResponse(200, { items: [event({ id: 'e2', action: 'member.add' })] })
        : jsonResponse(200, { items: [event()], nextCursor: '1772433910000.e1' }),
    )
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper } = await mountAt('/admin/audit?actor=u1')

    expect(wrapper.find('[data-testid="admin-audit-end"]').exists()).toBe(false)
    await wrapper.get('[data-testid="admin-audit-more"]').trigger('click')
    await flushPromises()

    expect(urls(fetchMock)[1]).toBe('/api/v1/admin/audit?actor=u1&cursor=1772433910000.e1&limit=50')
    const actions = wrapper.findAll('[data-testid="admin-audit-row-action"]').map((a) => a.text())
    expect(actions).toEqual(['通过加入申请', '添加成员'])
    expect(wrapper.find('[data-testid="admin-audit-more"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="admin-audit-end"]').text()).toBe('已显示全部 2 条')
  })

  it('applies the form through the URL', async () => {
    const fetchMock = vi.fn<FetchFn>(async () => jsonResponse(200, { items: [] }))
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper, router } = await mountAt('/admin/audit')

    await wrapper.get('input[data-testid="admin-audit-addr"]').setValue(' 10.0.0.9 ')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(router.currentRoute.value.query).toEqual({ addr: '10.0.0.9' })
    expect(urls(fetchMock).at(-1)).toBe('/api/v1/admin/audit?addr=10.0.0.9&limit=50')
    expect(wrapper.get('[data-testid="admin-audit"]').text()).toContain('没有符合条件的记录')
  })

  it('narrows to the actor of a row', async () => {
    vi.stubGlobal('fetch', vi.fn<FetchFn>(async () => jsonResponse(200, { items: [event()] })))
    const { wrapper, router } = await mountAt('/admin/audit?addr=10.0.0.1')

    await wrapper.get('[data-testid="admin-audit-row-actor"]').trigger('click')
    await flushPromises()

    expect(router.currentRoute.value.query).toEqual({ addr: '10.0.0.1', actor: 'u1', actorName: '李明' })
  })

  it('clears every filter on reset', async () => {
    const fetchMock = vi.fn<FetchFn>(async () => jsonResponse(200, { items: [] }))
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper, router } = await mountAt('/admin/audit?action=login&from=2026-03-01&to=2026-03-02&addr=10.0.0.1')

    await wrapper.get('[data-testid="admin-audit-reset"]').trigger('click')
    await flushPromises()

    expect(router.currentRoute.value.query).toEqual({})
    expect(urls(fetchMock).at(-1)).toBe('/api/v1/admin/audit?limit=50')
  })

  it("shows the server's field error on its filter", async () => {
    const message = '请输入完整的 IPv4 或 IPv6 地址'
    vi.stubGlobal(
      'fetch',
      vi.fn<FetchFn>(async () =>
        jsonResponse(400, {
          error: { code: 'validation_failed', message: '请检查表单中标出的内容', fields: [{ field: 'addr', message }] },
        }),
      ),
    )
    const { wrapper } = await mountAt('/admin/audit?addr=10.0.0')
    await errorShown()

    expect(wrapper.get('.filter-addr .el-form-item__error').text()).toBe(message)
  })

  it('lists events as items on phones', async () => {
    stubViewportWidth(390)
    const events = [
      event(),
      event({ id: 'e2', action: 'login', actorKind: 'operator', actorId: 'op1', actorName: '审核员',
        identityId: '', identityOrgId: '', identityOrgName: '', identityRole: '',
        targetKind: 'organization', targetId: 'o1', targetLabel: '武汉光电科技有限公司', detail: { method: 'password' } }),
    ]
    vi.stubGlobal('fetch', vi.fn<FetchFn>(async () => jsonResponse(200, { items: events })))
    const { wrapper, router } = await mountAt('/admin/audit')

    const list = wrapper.get('[data-testid="admin-audit"]')
    expect(list.find('table').exists()).toBe(false)
    const items = list.findAll('.phone-list-item')
    expect(items).toHaveLength(2)
    // Margins, not spaces, separate the parts of a field.
    const fields = (i: number) => items[i].findAll('dd').map((dd) => dd.text().replace(/\s+/g, ''))
    expect(items[0].get('.phone-item-side').text()).toMatch(/^2026-03-02 \d\d:45:10$/)
    expect(items[0].get('[data-testid="admin-audit-row-action"]').text()).toBe('通过加入申请')
    expect(fields(0)).toEqual(['李明', '武汉光电科技有限公司管理员', '成员身份王芳（武汉光电科技有限公司）', '10.0.0.1'])
    expect(items[1].get('.detail').text()).toBe('密码登录')
    expect(fields(1)[0]).toBe('审核员运营')
    expect(items[1].get('a[data-testid="admin-audit-row-target"]').attributes('href')).toBe('/admin/organizations/o1')

    await items[0].get('[data-testid="admin-audit-row-addr"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ addr: '10.0.0.1' })
  })

  it('requires both dates on phones', async () => {
    stubViewportWidth(390)
    const fetchMock = vi.fn<FetchFn>(async () => jsonResponse(200, { items: [] }))
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper, router } = await mountAt('/admin/audit?from=2026-03-01&to=2026-03-31')

    const inputs = () => wrapper.findAll('.range-dates input')
    expect(inputs().map((i) => (i.element as HTMLInputElement).value)).toEqual(['2026-03-01', '2026-03-31'])
    expect(wrapper.get('[data-testid="admin-audit"]').text()).toBe('没有符合条件的记录')

    // Clearing the end leaves a range open on one side, which the form rejects.
    await inputs()[1].setValue('')
    await inputs()[1].trigger('change')
    await wrapper.get('form').trigger('submit')
    await errorShown()

    expect(wrapper.get('.filter-range .el-form-item__error').text()).toBe('请选择结束日期')
    expect(router.currentRoute.value.query).toEqual({ from: '2026-03-01', to: '2026-03-31' })
    expect(fetchMock).toHaveBeenCalledTimes(1)

    await inputs()[1].setValue('2026-03-20')
    await inputs()[1].trigger('change')
    await vi.waitFor(() => expect(wrapper.find('.filter-range .el-form-item__error').exists()).toBe(false), {
      timeout: 3000,
    })
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(router.currentRoute.value.query).toEqual({ from: '2026-03-01', to: '2026-03-20' })
    expect(urls(fetchMock).at(-1)).toBe('/api/v1/admin/audit?from=2026-03-01&to=2026-03-20&limit=50')
  })
})

