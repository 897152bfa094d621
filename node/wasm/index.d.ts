// Types of the WebAssembly build (the workerd, edge-light and deno conditions): the Node
// package's API (../index.d.ts), with the errors' class, and Keyring.fromEnv taking the
// runtime's environment (a worker's `env`; default `process.env` or `Deno.env`).
import type { ErrorCode } from '../contract'

export * from '../index'

/** Every error userhash throws that is not a TypeError or RangeError. */
export declare class UserhashError extends Error {
  code: ErrorCode
}
