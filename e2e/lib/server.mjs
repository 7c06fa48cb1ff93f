// Starting and stopping the wct binary for the journey: a private data
// directory, a free loopback port, an operator account and the server's
// log kept in memory for failure reports.

import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

const maxLogLines = 400

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort() {
  const probe = createServer()
  probe.listen(0, '127.0.0.1')
  await once(probe, 'listening')
  const { port } = probe.address()
  probe.close()
  await once(probe, 'close')
  return port
}

/**
 * Returns the environment for the binary: the caller's, less every WCT_
 * variable, so that a developer's settings (a PostgreSQL URL, production
 * SSO) cannot leak into the journey. The server then uses SQLite in the
 * data directory and development mode.
 */
function serverEnv() {
  const env = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('WCT_')) env[key] = value
  }
  return env
}

/** Runs `wct operator add` with the password on standard input. */
export function addOperator(bin, dataDir, { phone, name, password }) {
  return new Promise((resolve, reject) => {
    const child = execFile(
      bin,
      ['operator', 'add', '--data', dataDir, '--phone', phone, '--name', name],
      { env: serverEnv(), timeout: 20_000 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`wct operator add failed: ${err.message}\n${stderr}`))
        else resolve(stdout.trim())
      },
    )
    child.stdin.end(password + '\n')
  })
}

/** WctServer is a running `wct serve` process on a loopback port. */
export class WctServer {
  constructor(child, baseURL) {
    this.child = child
    this.baseURL = baseURL
    this.log = []
    this.exited = false
    const keep = (chunk) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line === '') continue
        this.log.push(line)
        if (this.log.length > maxLogLines) this.log.shift()
      }
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('exit', () => {
      this.exited = true
    })
  }

  /** Returns the last n lines the server wrote. */
  logTail(n = 40) {
    return this.log.slice(-n).join('\n')
  }

  /** Stops the server: SIGTERM, then SIGKILL when it has not exited within 5 seconds. */
  async stop() {
    if (this.exited) return
    const exited = once(this.child, 'exit')
    this.child.kill('SIGTERM')
    const timedOut = await Promise.race([exited.then(() => false), sleep(5_000).then(() => true)])
    if (timedOut) {
      this.child.kill('SIGKILL')
      await exited
    }
  }
}

/**
 * Starts `wct serve` on a free port with its data in dataDir and waits
 * until GET /readyz succeeds, for at most timeoutMs.
 */
export async function startServer(bin, dataDir, timeoutMs = 20_000) {
  const port = await freePort()
  const addr = `127.0.0.1:${port}`
  const child = spawn(bin, ['serve', '--addr', addr, '--data', dataDir], {
    env: serverEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const server = new WctServer(child, `http://${addr}`)
  // Never leave the server behind, even when the runner exits abruptly.
  process.once('exit', () => server.exited || child.kill('SIGKILL'))

  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exited) throw new Error(`wct serve exited during start-up:\n${server.logTail()}`)
    try {
      const res = await fetch(`${server.baseURL}/readyz`, { signal: AbortSignal.timeout(2_000) })
      if (res.ok) return server
    } catch {
      // Not listening yet.
    }
    await sleep(100)
  }
  await server.stop()
  throw new Error(`wct serve was not ready within ${timeoutMs} ms:\n${server.logTail()}`)
}
