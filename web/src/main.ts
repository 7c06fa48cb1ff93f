import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { ElMessage, ElMessageBox, provideGlobalConfig } from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/theme-chalk/base.css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import './styles/main.css'
import App from './App.vue'
import { loginQuery, router } from './router'
import { onUnauthenticated } from './api/client'
import { useSessionStore } from './stores/session'
import { useAdminStore } from './stores/admin'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(router)

// ElConfigProvider in App.vue covers the component tree. Messages and
// message boxes are mounted outside it, so they take the Chinese locale
// from the app context instead.
provideGlobalConfig({ locale: zhCn }, app, true)
ElMessage._context = app._context
ElMessageBox._context = app._context

// An expired session sends the user to the matching login page and back
// to the current page afterwards. When someone was signed in, expired=1
// makes the login page show that the sign-in has ended.
onUnauthenticated((path) => {
  const current = router.currentRoute.value
  if (path.startsWith('/admin/')) {
    const admin = useAdminStore()
    const ended = admin.operator !== null
    admin.setOperator(null)
    if (current.meta.auth === 'admin') {
      void router.replace({ path: '/admin/login', query: loginQuery(current.fullPath, ended) })
    }
    return
  }
  const ended = useSessionStore().forgetEndedSession()
  if (current.meta.auth === 'user') {
    void router.replace({ path: '/login', query: loginQuery(current.fullPath, ended) })
  }
})

app.mount('#app')
