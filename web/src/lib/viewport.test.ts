import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { phoneMaxWidth, usePhoneLayout } from './viewport'
import { stubViewportWidth } from './viewport.testing'

/** A component that prints whether it has the phone layout. */
const Probe = defineComponent({
  setup() {
    const phone = usePhoneLayout()
    return () => h('span', phone.value ? 'phone' : 'desktop')
  },
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('usePhoneLayout', () => {
  it.each([
    [390, 'phone'],
    [phoneMaxWidth, 'phone'],
    [phoneMaxWidth + 1, 'desktop'],
    [1280, 'desktop'],
  ])('at %i px gives the %s layout', (width, layout) => {
    stubViewportWidth(width)
    expect(mount(Probe).text()).toBe(layout)
  })

  it('gives the desktop layout without media queries', () => {
    expect(mount(Probe).text()).toBe('desktop')
  })
})
