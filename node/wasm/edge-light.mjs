// Entry of the `edge-light` condition (Vercel's Edge Runtime, Next.js middleware and edge
// routes): their bundler imports a .wasm file with `?module` as a compiled WebAssembly.Module.
import module from './userhash.wasm?module'
import { userhash } from './core.mjs'

const api = userhash(module)
export const { sign, verify, generateSecret, Signer, Keyring, UserhashError, explain, widgetJson, widgetScript, version } = api
export default api
