// The test worker, served by workerd (as modules, and as esbuild's bundle) and by Deno: the
// userhash package as the runtime resolves it (its workerd, edge-light or deno entry), checked
// against the runtime's own node:crypto. POST /vectors with tests/vectors/vectors.json runs
// every vector; GET /runtime what differs by runtime (its clock, randomness, environment).
import * as userhash from 'userhash'
import { createHmac } from 'node:crypto'
import { checks, runtimeChecks, run } from './vectors.mjs'

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url)
    if (pathname === '/vectors') return Response.json(run(checks(userhash, await request.json(), createHmac)))
    if (pathname === '/runtime') return Response.json(run(runtimeChecks(userhash, env, createHmac)))
    return new Response('userhash edge test worker', { status: pathname === '/' ? 200 : 404 })
  },
}
