import { describe, expect, it } from 'vitest'
import { safeNext } from './index'

describe('safeNext', () => {
  it.each([
    ['/org/members', '/org/members'],
    ['/applications/1?tab=a', '/applications/1?tab=a'],
    ['//evil.example', '/identities'],
    ['/\\evil.example', '/identities'],
    ['/\t/evil.example', '/identities'],
    ['/\n/evil.example', '/identities'],
    ['https://evil.example', '/identities'],
    [undefined, '/identities'],
  ])('maps %j to %j', (next, want) => {
    expect(safeNext(next)).toBe(want)
  })
})
