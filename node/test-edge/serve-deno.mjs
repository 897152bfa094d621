// Serves the test worker with Deno on 127.0.0.1:PORT (the first argument), its environment
// being the process's, as Deno Deploy gives it.
import worker from './worker.mjs'

Deno.serve({ hostname: '127.0.0.1', port: Number(Deno.args[0]) }, (request) => worker.fetch(request, Deno.env.toObject()))
