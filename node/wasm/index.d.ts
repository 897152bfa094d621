// Types of the WebAssembly build (the workerd, edge-light and deno conditions): the Node
// package's API (../index.d.ts), with the errors' class, Keyring.fromEnv taking the runtime's
// environment (a worker's `env`; default `process.env` or `Deno.env`), and the widget options'
// invalidFields.
import type { ErrorCode } from '../contract'
import type { Keyring, Secret, Signer, WidgetOptions } from '../index'

export * from '../index'

/** Every error userhash throws that is not a TypeError or RangeError. */
export declare class UserhashError extends Error {
  code: ErrorCode
}

/** An optional user field `invalidFields: 'drop'` left out: its name and its rule's error (never the value). */
export interface InvalidField {
  field: string
  code: ErrorCode
  message: string
}

export interface EdgeWidgetOptions extends WidgetOptions {
  /** `'raise'` (default): a field failing its rule is an error; `'drop'`: it is left out and reported. */
  invalidFields?: 'raise' | 'drop' | null
  /** Told of each field left out; default `process.emitWarning`, else `console.warn`. */
  onInvalidField?: (field: InvalidField) => void
}

export declare function widgetJson(signerOrSecret: Signer | Keyring | Secret, options: EdgeWidgetOptions): string
export declare function widgetScript(signerOrSecret: Signer | Keyring | Secret, options: EdgeWidgetOptions): string
