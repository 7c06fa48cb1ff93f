import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { ElMessage } from 'element-plus'
import { useSessionStore } from '@/stores/session'
import { useAdminStore } from '@/stores/admin'
import { showError } from '@/lib/errors'

declare module 'vue-router' {
  interface RouteMeta {
    /** Page title shown in the browser tab. */
    title?: string
    /** The session the page requires: a signed-in user ("user") or operator ("admin"). */
    auth?: 'user' | 'admin'
    /** Only enterprise admins and super admins may open the page. */
    orgManager?: boolean
    /** Only a grid member acting as the grid identity may open the page. */
    gridMember?: boolean
    /** The page exists only when the server runs in development mode. */
    devOnly?: boolean
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/workbench' },
  {
    path: '/',
    component: () => import('@/components/AuthLayout.vue'),
    children: [
      { path: 'login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { title: '登录' } },
      {
        path: 'forgot-password',
        name: 'forgot-password',
        component: () => import('@/views/ForgotPasswordView.vue'),
        meta: { title: '找回密码' },
      },
    ],
  },
  {
    path: '/',
    component: () => import('@/components/AppLayout.vue'),
    children: [
      {
        path: 'identities',
        name: 'identities',
        component: () => import('@/views/IdentitiesView.vue'),
        meta: { title: '切换身份', auth: 'user' },
      },
      {
        path: 'workbench',
        name: 'workbench',
        component: () => import('@/views/WorkbenchView.vue'),
        meta: { title: '工作台', auth: 'user' },
      },
      {
        path: 'onboard/enterprise',
        name: 'onboard-enterprise',
        component: () => import('@/views/OnboardEnterpriseView.vue'),
        meta: { title: '企业入驻', auth: 'user' },
      },
      {
        path: 'onboard/enterprise/new',
        name: 'onboard-enterprise-new',
        component: () => import('@/views/EnterpriseFormView.vue'),
        meta: { title: '新增企业入驻', auth: 'user' },
      },
      {
        path: 'applications/:id',
        name: 'application',
        component: () => import('@/views/ApplicationStatusView.vue'),
        meta: { title: '入驻申请', auth: 'user' },
      },
      {
        path: 'applications/:id/edit',
        name: 'application-edit',
        component: () => import('@/views/EnterpriseFormView.vue'),
        meta: { title: '修改入驻申请', auth: 'user' },
      },
      {
        path: 'org/members',
        name: 'org-members',
        component: () => import('@/views/OrgMembersView.vue'),
        meta: { title: '企业成员管理', auth: 'user', orgManager: true },
      },
      {
        path: 'grid/enterprises',
        name: 'grid-enterprises',
        component: () => import('@/views/GridEnterprisesView.vue'),
        meta: { title: '网格企业', auth: 'user', gridMember: true },
      },
      {
        path: 'account/password',
        name: 'change-password',
        component: () => import('@/views/ChangePasswordView.vue'),
        meta: { title: '修改密码', auth: 'user' },
      },
      {
        path: 'dev/outbox',
        name: 'dev-outbox',
        component: () => import('@/views/DevOutboxView.vue'),
        meta: { title: '开发短信发件箱', devOnly: true },
      },
    ],
  },
  {
    path: '/admin/login',
    name: 'admin-login',
    component: () => import('@/views/admin/AdminLoginView.vue'),
    meta: { title: '运营后台登录' },
  },
  {
    path: '/admin',
    component: () => import('@/components/AdminLayout.vue'),
    children: [
      {
        path: '',
        name: 'admin-queue',
        component: () => import('@/views/admin/AdminQueueView.vue'),
        meta: { title: '入驻审核', auth: 'admin' },
      },
      {
        path: 'applications/:id',
        name: 'admin-application',
        component: () => import('@/views/admin/AdminApplicationView.vue'),
        meta: { title: '审核申请', auth: 'admin' },
      },
      {
        path: 'users',
        name: 'admin-users',
        component: () => import('@/views/admin/AdminUsersView.vue'),
        meta: { title: '用户查询', auth: 'admin' },
      },
      {
        path: 'organizations',
        name: 'admin-organizations',
        component: () => import('@/views/admin/AdminOrgsView.vue'),
        meta: { title: '机构查询', auth: 'admin' },
      },
      {
        path: 'organizations/:id',
        name: 'admin-organization',
        component: () => import('@/views/admin/AdminOrgView.vue'),
        meta: { title: '机构详情', auth: 'admin' },
      },
      {
        path: 'grids',
        name: 'admin-grids',
        component: () => import('@/views/admin/AdminGridsView.vue'),
        meta: { title: '服务网格', auth: 'admin' },
      },
      {
        path: 'grids/:id',
        name: 'admin-grid',
        component: () => import('@/views/admin/AdminGridView.vue'),
        meta: { title: '网格详情', auth: 'admin' },
      },
      {
        path: 'audit',
        name: 'admin-audit',
        component: () => import('@/views/admin/AdminAuditView.vue'),
        meta: { title: '审计日志', auth: 'admin' },
      },
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/NotFoundView.vue'),
    meta: { title: '页面不存在' },
  },
]

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

/** Maximum age of the signed-in user's copy before a page change reloads it. */
const meMaxAgeMs = 30_000

router.beforeEach(async (to) => {
  const session = useSessionStore()
  await session.loadConfig()

  if (to.meta.devOnly && !session.config.devMode) {
    return { name: 'not-found', params: { pathMatch: to.path.slice(1).split('/') } }
  }

  try {
    if (to.meta.auth === 'user') {
      const me = await session.ensureMe()
      if (!me) return { path: '/login', query: loginQuery(to.fullPath, session.takeSessionEnded()) }
      session.refreshIfStale(meMaxAgeMs)
      if (to.meta.orgManager && !session.isOrgManager) {
        ElMessage.warning('请先切换到企业管理员身份')
        return { path: '/identities' }
      }
      if (to.meta.gridMember && !session.isGridMember) {
        ElMessage.warning('请先切换到网格员身份')
        return { path: '/identities' }
      }
    }
    if (to.meta.auth === 'admin') {
      const operator = await useAdminStore().ensureOperator()
      if (!operator) return { path: '/admin/login', query: { next: to.fullPath } }
    }
  } catch (err) {
    showError(err)
    return false
  }
  return true
})

router.afterEach((to) => {
  const base = to.path.startsWith('/admin') ? '武创通 运营后台' : '武创通'
  document.title = to.meta.title ? `${to.meta.title} - ${base}` : base
})

/** Returns a safe in-app path from a ?next= value: a single-slash absolute path, else fallback. */
export function safeNext(next: unknown, fallback = '/identities'): string {
  // Browsers drop tabs and newlines from URLs and read a backslash as a
  // slash, so "/\t/host" or "/\\host" would lead to another site.
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) {
    return fallback
  }
  if (/[\u0000-\u001f\u007f]/.test(next)) {
    return fallback
  }
  return next
}

/**
 * Returns the query of a login page that leads back to next. With ended
 * set, it adds expired=1, and the page then shows that the earlier
 * sign-in has ended.
 */
export function loginQuery(next: string, ended: boolean): Record<string, string> {
  return ended ? { next, expired: '1' } : { next }
}
