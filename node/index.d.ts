// Types of the public API. The functions and value types are the generated binding's own
// declarations (binding.d.ts, from the Rust doc comments); this file declares the two
// classes and the option-taking functions written in index.js, and narrows the
// generated strings to the literal unions of contract.d.ts (generated from contract.json).

import { EventEmitter } from 'node:events'
import type * as native from './binding'
import type { ErrorCode, FailureOutcome, FindingCode, JwtPresetName, Outcome, PresetName } from './contract'

export { sign, verify, generateSecret } from './binding'
export type { Presented, Secret, UnixSeconds, UserId } from './binding'
export type { ErrorCode, FailureOutcome, FindingCode, JwtPresetName, Outcome, PresetName } from './contract'
import type { Presented, Secret, UnixSeconds, UserId } from './binding'

/** The version of userhash, the same in every language. */
export declare const version: string

/** Signs and verifies user ids with one secret whose keyed state is computed once. */
export declare class Signer {
  /** Throws a `TypeError` (`ERR_INVALID_ARG_TYPE`) or an `Error` with a userhash `code`. */
  constructor(secret: Secret)
  /** A signer whose secret is the text of environment variable `name` (`missing_env` when unset). */
  static fromEnv(name: string): Signer
  /** A signer of a vendor dashboard's secret, a string read as `preset`'s profile reads it (Pylon: hex-decoded), or the key bytes. */
  static forPreset(preset: PresetName, secret: Secret): Signer
  /** `hex(HMAC-SHA256(secret, userId))`, lowercase. */
  sign(userId: UserId): string
  /** Whether `hash` is the hash of `userId`; a wrong or malformed hash is `false`. */
  verify(userId: UserId, hash: string | Buffer | Uint8Array): boolean
  /** The hash of every id, in order; throws on the first invalid id. */
  signMany(userIds: ReadonlyArray<UserId>): string[]
}

export interface Verification extends native.Verification {
  outcome: Outcome
  /** For `malformed`: the error code of what is wrong with the input, such as `hash_not_hex`. */
  reason: ErrorCode | null
}

export interface FailureEvent extends native.FailureEvent {
  outcome: FailureOutcome
  reason: ErrorCode | null
}

export interface Finding extends native.Finding {
  code: FindingCode
}

/** The validity window of a verify-only key: `[notBefore, notAfter)` in Unix seconds. */
export interface KeyWindow {
  notBefore?: UnixSeconds | null
  notAfter?: UnixSeconds | null
}

/**
 * Several keys for rotation: signs with the primary key, verifies with every key valid at
 * the time, names the key that matched, and emits `'failure'` for every failed check.
 */
export declare class Keyring extends EventEmitter {
  /** A keyring whose primary (signing) key is `secret` under id `primaryId`. */
  constructor(primaryId: string, secret: Secret)
  /**
   * `USERHASH_SECRET` as key `"current"`; with `USERHASH_PREVIOUS_SECRET` also key
   * `"previous"`, valid until `USERHASH_PREVIOUS_SECRET_NOT_AFTER` (required with it).
   */
  static fromEnv(): Keyring
  /**
   * A keyring whose primary key `primaryId` is a vendor dashboard's secret, a string read as
   * `preset`'s profile reads it (Pylon: hex-decoded), or the key bytes. For Zendesk, the key
   * id is the one the dashboard shows beside the secret: it names the key in the JWT header.
   */
  static forPreset(preset: PresetName, primaryId: string, secret: Secret): Keyring
  /**
   * A handle under which this keyring (its keys as they are now) can be taken up in any
   * worker thread with `Keyring.fromShared(handle)`, until `Keyring.unshare(handle)`.
   * The handle gives signing power: treat it like the secret.
   */
  share(): string
  /** The keyring shared under `handle`, for this thread: the same keys in memory, its own `'failure'` events. */
  static fromShared(handle: string): Keyring
  /** Stops sharing under `handle`; whether it was shared. Keyrings already taken up keep working. */
  static unshare(handle: string): boolean
  /** Adds a key that verifies (within its window) but never signs. */
  add(id: string, secret: Secret, window?: KeyWindow): this
  /** The id of the signing key. */
  readonly primaryId: string
  /** Every key id, primary first. */
  readonly keyIds: string[]
  /** The widget hash under the primary key. */
  sign(userId: UserId): string
  /** Whether `verifyDetailed(...).outcome` is `'verified'`. */
  verify(userId: UserId, hash: Presented, options?: { now?: UnixSeconds | null }): boolean
  /** Checks a widget hash under every key valid at `now` (default: the current time). */
  verifyDetailed(userId: UserId, hash: Presented, options?: { now?: UnixSeconds | null }): Verification
  /** A `v1` token signed by the primary key, expiring `ttl` seconds from now or at `expiresAt`. */
  issueToken(userId: UserId, options: { ttl: UnixSeconds; expiresAt?: undefined } | { expiresAt: UnixSeconds; ttl?: undefined }): string
  /** Checks a `v1` token: `expired` from second `expiresAt + leeway` on (leeway default 0). */
  verifyToken(userId: UserId, token: Presented, options?: { leeway?: UnixSeconds | null; now?: UnixSeconds | null }): Verification
  /**
   * Why `hash` does or does not verify for `userId` under this keyring: a hash of `preset`'s
   * vendor (default: the generic preset); an email vendor's (Crisp, Help Scout, Pylon) needs
   * `email`, the text it signs.
   */
  explain(userId: UserId, hash: Presented, options?: ExplainOptions): Finding
  /**
   * A JWT of `preset`'s vendor for `user`, signed by the primary key (Zendesk: its id is the
   * header's `kid`), issued at `now` (default: now), expiring `ttl` seconds later or at
   * `expiresAt` (at most one; with neither the token has no `exp`).
   */
  issueJwt(preset: JwtPresetName, user: WidgetUser, options?: IssueJwtOptions): string
  /**
   * Checks a JWT of `preset`'s vendor at `now` with `leeway` seconds on `exp`, `nbf` and `iat`
   * (default 0); emits `'failure'` (its `userId` is the token's subject claim) when it fails.
   */
  verifyJwt(preset: JwtPresetName, token: Presented, options?: JwtCheckOptions): JwtVerification
  /** Why a JWT of `preset`'s vendor does or does not verify; emits `'failure'` when it does not. */
  explainJwt(preset: JwtPresetName, token: Presented, options?: JwtCheckOptions): Finding

  on(event: 'failure', listener: (event: FailureEvent) => void): this
  once(event: 'failure', listener: (event: FailureEvent) => void): this
  off(event: 'failure', listener: (event: FailureEvent) => void): this
  addListener(event: 'failure', listener: (event: FailureEvent) => void): this
  removeListener(event: 'failure', listener: (event: FailureEvent) => void): this
  emit(event: 'failure', failureEvent: FailureEvent): boolean
}

/** Why `hash` does not verify for `userId` under `secret` (read as `preset`'s profile reads it): tries the known mistakes. */
export declare function explain(secret: Secret, userId: UserId, hash: Presented, options?: Omit<ExplainOptions, 'now'>): Finding

/** The presets whose vendor takes a hex hash. */
export type HashPresetName = Exclude<PresetName, JwtPresetName>

export interface ExplainOptions {
  /** The user's email: what an email vendor signs, or a hash of it made by mistake. */
  email?: string | Buffer | Uint8Array | null
  now?: UnixSeconds | null
  /** The vendor whose hash this is; default the generic preset. */
  preset?: HashPresetName | null
}

/** When a JWT is issued and when it expires (Unix seconds); at most one of `ttl` and `expiresAt`. */
export type IssueJwtOptions =
  | { ttl?: UnixSeconds | null; expiresAt?: null; now?: UnixSeconds | null }
  | { expiresAt?: UnixSeconds | null; ttl?: null; now?: UnixSeconds | null }

export interface JwtCheckOptions {
  /** Seconds of clock skew tolerated on `exp`, `nbf` and `iat` (default 0). */
  leeway?: UnixSeconds | null
  now?: UnixSeconds | null
}

/** What `verifyJwt` found: the outcome as for a hash, and an authentic token's claims. */
export interface JwtVerification extends Omit<native.JwtVerification, 'outcome' | 'reason' | 'claims'> {
  outcome: Outcome
  /** For `malformed`: the error code of what is wrong with the token, such as `jwt_header`. */
  reason: ErrorCode | null
  /** The claims as signed, for `verified` and `expired` (else `null`): only a verified token's are to be trusted. */
  claims: Record<string, unknown> | null
}

/** A preset of the Express middleware (docs/spec.md, section 5.1). */
export type Preset = 'tau' | 'hal' | 'generic'

/** A flat metadata value. */
export type MetaValue = NonNullable<native.WidgetUser['metadata']>[string]

export interface WidgetUser extends native.WidgetUser {
  id: UserId
}

export interface WidgetOptions extends Omit<native.WidgetOptions, 'preset' | 'user'> {
  preset: PresetName
  user?: WidgetUser | null
}

/**
 * The widget configuration object as HTML-safe JSON text, signed with a Signer, a Keyring's
 * primary key (its id is a Zendesk JWT's `kid`) or a secret (a string read as the preset's
 * profile reads it: Pylon's is hex-decoded).
 */
export declare function widgetJson(signerOrSecret: Signer | Keyring | Secret, options: WidgetOptions): string
/** The widget configuration as a complete, HTML-safe `<script>` element, signed like `widgetJson`. */
export declare function widgetScript(signerOrSecret: Signer | Keyring | Secret, options: WidgetOptions): string
