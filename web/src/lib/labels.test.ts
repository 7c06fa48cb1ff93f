import { describe, expect, it } from 'vitest'
import { ssoErrorMessage } from './labels'

describe('ssoErrorMessage', () => {
  it('explains an unusable provincial name and whom to contact', () => {
    const message = ssoErrorMessage('sso_invalid_name')
    expect(message).toContain('姓名')
    expect(message).toContain('联系平台')
    expect(message).not.toContain('sso_invalid_name')
  })

  it('names an unknown code in the fallback message', () => {
    expect(ssoErrorMessage('something_new')).toContain('something_new')
  })
})
