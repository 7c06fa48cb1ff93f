import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { ElMessage, ElMessageBox, provideGlobalConfig } from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/theme-chalk/base.css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import './styles/main.css'
import App from './App.vue'
import { router } from './router'
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
// to the current page afterwards.
onUnauthenticated((path) => {
  const current = router.currentRoute.value
  if (path.startsWith('/admin/')) {
    useAdminStore().setOperator(null)
    if (current.meta.auth === 'admin') {
      void router.replace({ path: '/admin/login', query: { next: current.fullPath } })
    }
    return
  }
  useSessionStore().setMe(null)
  if (current.meta.auth === 'user') {
    void router.replace({ path: '/login', query: { next: current.fullPath } })
  }
})

app.mount('#app')
