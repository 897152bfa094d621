// ES module entry: the same objects as the CommonJS entry.
import userhash from './index.js'

export const { sign, verify, generateSecret, Signer, Keyring, explain, widgetJson, widgetScript, version } = userhash
export default userhash
