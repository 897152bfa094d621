// Entry of the `workerd` condition (Cloudflare Workers and workerd): a worker imports a .wasm
// file as a compiled WebAssembly.Module (wrangler and workerd's "wasm" modules do).
import module from './userhash.wasm'
import { userhash } from './core.mjs'

const api = userhash(module)
export const { sign, verify, generateSecret, Signer, Keyring, UserhashError, explain, widgetJson, widgetScript, version } = api
export default api
