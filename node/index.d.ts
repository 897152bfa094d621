// Types of the public API. The functions are the generated binding's own declarations;
// only the Signer class, written in index.js, is declared here.

export { sign, verify, generateSecret } from './binding'

/** A widget secret: a string (its UTF-8 is the key) or the raw key bytes. */
export type Secret = string | Buffer | Uint8Array

/**
 * A user id: a string (hashed as UTF-8, like `createHmac().update(string)`), bytes, a safe
 * integer `number` or a `bigint` (both hashed as their canonical decimal text).
 */
export type UserId = string | Buffer | Uint8Array | number | bigint

/** The version of userhash, the same in every language. */
export declare const version: string

/** Signs and verifies user ids with one secret whose keyed state is computed once. */
export declare class Signer {
  /** Throws a `TypeError` (`ERR_INVALID_ARG_TYPE`) or an `Error` with a userhash `code`. */
  constructor(secret: Secret)
  /** A signer whose secret is the text of environment variable `name` (`missing_env` when unset). */
  static fromEnv(name: string): Signer
  /** `hex(HMAC-SHA256(secret, userId))`, lowercase. */
  sign(userId: UserId): string
  /** Whether `hash` is the hash of `userId`; a wrong or malformed hash is `false`. */
  verify(userId: UserId, hash: string | Buffer | Uint8Array): boolean
  /** The hash of every id, in order; throws on the first invalid id. */
  signMany(userIds: ReadonlyArray<UserId>): string[]
}
