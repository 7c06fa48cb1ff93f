import { vi } from 'vitest'

/**
 * Stubs window.matchMedia, which jsdom lacks, for a viewport width CSS
 * pixels wide, so that usePhoneLayout gets the layout of that width. The
 * stub evaluates (max-width: Npx) queries only and throws on others.
 * vi.unstubAllGlobals removes it.
 */
export function stubViewportWidth(width: number): void {
  vi.stubGlobal('matchMedia', (query: string) => {
    const max = /^\(max-width: (\d+)px\)$/.exec(query)
    if (!max) throw new Error(`unexpected media query ${query}`)
    return {
      matches: width <= Number(max[1]),
      media: query,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    }
  })
}
