'use strict'
// Loads the native binding through the loader napi-rs generates (binding.js), and replaces
// its generic failure with what to do: which package this platform needs, or which
// platforms exist.

// The platforms with a `userhash-PLATFORM` package (package.json, napi.targets).
const PLATFORMS = ['linux-x64-gnu', 'linux-arm64-gnu', 'linux-x64-musl']

/** This process's platform as napi-rs names it: `linux-x64-gnu`, `darwin-arm64` … */
function currentPlatform() {
  const base = `${process.platform}-${process.arch}`
  if (process.platform !== 'linux') return base
  const glibc = process.report?.getReport?.().header?.glibcVersionRuntime
  return `${base}-${glibc ? 'gnu' : 'musl'}`
}

function loadBinding() {
  try {
    return require('./binding.js')
  } catch (error) {
    const platform = currentPlatform()
    const message = PLATFORMS.includes(platform)
      ? `userhash: the native binding for ${platform} is not installed: add the package ` +
        `userhash-${platform} (npm leaves optional dependencies out with --omit=optional), or, in ` +
        'a checkout of the source, build it with `npm run build` in node/ (needs Rust)'
      : `userhash: no native binding for this platform (${platform}); there are bindings for ` +
        `${PLATFORMS.join(', ')}`
    throw new Error(message, { cause: error })
  }
}

module.exports = { PLATFORMS, currentPlatform, loadBinding }
