import { reactive, ref, useTemplateRef } from 'vue'
import { ElMessage, type FormInstance, type FormRules } from 'element-plus'
import type { AddedMember } from '@/api/types'
import { useFieldErrors } from '@/lib/errors'
import { checkRule, maxLengthRule, mobileError, normalizeMobile, requiredRule } from '@/lib/rules'

/** Messages and actions of a page's add-person dialog. */
export interface AddPersonOptions {
  /** Message of an empty name, such as 请输入成员姓名. */
  nameRequired: string
  /** Sends the trimmed name and the normalized phone. */
  add: (name: string, phone: string) => Promise<AddedMember>
  /** Message when the person is added at once. */
  added: (name: string) => string
  /** Message when the addition waits for the person's provincial login. */
  invited: string
  /** Runs after a successful addition, such as reloading the list. */
  done: () => Promise<void>
}

/**
 * Returns the state of a dialog that adds a person by name and phone: the
 * form, its rules and server errors, and the open and submit steps. The
 * submit step reports whether the person was added at once or is invited.
 * The page's el-form must have ref="addPersonForm".
 */
export function useAddPerson(options: AddPersonOptions) {
  const open = ref(false)
  const formRef = useTemplateRef<FormInstance>('addPersonForm')
  const form = reactive({ name: '', phone: '' })
  const busy = ref(false)
  const errors = useFieldErrors()
  const rules: FormRules = {
    name: [requiredRule(options.nameRequired), maxLengthRule(50)],
    phone: [checkRule(mobileError)],
  }

  function show() {
    form.name = ''
    form.phone = ''
    errors.clear()
    open.value = true
  }

  async function submit() {
    try {
      await formRef.value?.validate()
    } catch {
      return
    }
    busy.value = true
    errors.clear()
    const name = form.name.trim()
    try {
      const added = await options.add(name, normalizeMobile(form.phone))
      ElMessage.success(added.status === 'active' ? options.added(name) : options.invited)
      open.value = false
      await options.done()
    } catch (err) {
      await errors.show(err, ['name', 'phone'])
    } finally {
      busy.value = false
    }
  }

  return { open, form, busy, errors, rules, show, submit }
}
