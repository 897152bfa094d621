// Entry of the `deno` condition: Deno compiles the .wasm file beside this module, read with
// fetch (a file: URL locally, needing --allow-read; an https: URL where the package is served).
import { userhash } from './core.mjs'

const bytes = await (await fetch(new URL('./userhash.wasm', import.meta.url))).arrayBuffer()
const api = userhash(await WebAssembly.compile(bytes))
export const { sign, verify, generateSecret, Signer, Keyring, UserhashError, explain, widgetJson, widgetScript, version } = api
export default api
