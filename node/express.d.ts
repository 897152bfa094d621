import type { Request, Response, NextFunction } from 'express'
import type { Keyring, Preset, Secret, Signer, UserId, WidgetUser } from './index'

/** What `identify` puts on `res.locals.userhash`. */
export interface Identity {
  appId: string
  /** The logged-in user's id; absent for an anonymous visitor. */
  userId?: UserId
  /** `hex(HMAC-SHA256(secret, userId))`; absent for an anonymous visitor. */
  hash?: string
  /** The preset's configuration object as HTML-safe JSON text. */
  json: string
  /** The complete `<script>` element (with the CSP nonce when there is one): put it in the page as is. */
  script: string
}

export interface IdentifyOptions<User = any> {
  /** The widget secret, a ready `Signer`, or a `Keyring` (its primary key signs). Missing or invalid: `identify` throws at start-up. */
  secret: Secret | Signer | Keyring
  /** The widget's app id. */
  appId: string
  /** `tau` (default), `hal` or `generic`. */
  preset?: Preset
  /** The global of the `generic` preset (default `window.userhashConfig`). */
  global?: string
  /** The logged-in user (or a promise of it); `null`/`undefined` for anonymous visitors. Default: `req.user`. */
  getUser?: (req: Request, res: Response) => User | null | undefined | Promise<User | null | undefined>
  /** The widget fields of a user. Default: `{ id, name, email }` of the user. */
  widgetUser?: (user: User) => WidgetUser
  /** The CSP nonce of this response. Default: `res.locals.cspNonce`. */
  nonce?: (req: Request, res: Response) => string | null | undefined
}

/** Middleware setting `res.locals.userhash` for every visitor (see {@link Identity}). */
export declare function identify<User extends { id?: UserId | null } = any>(options: IdentifyOptions<User>): (req: Request, res: Response, next: NextFunction) => void
