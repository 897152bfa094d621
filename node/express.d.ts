import type { Request, Response, NextFunction } from 'express'
import type { Secret, Signer, UserId } from './index'

/** What `identify` puts on `res.locals.userhash` for a logged-in user. */
export interface Identity {
  appId: string | undefined
  userId: UserId
  /** `hex(HMAC-SHA256(secret, userId))`. */
  hash: string
}

export interface IdentifyOptions {
  /** The widget secret, or a ready `Signer`. Missing or invalid: `identify` throws at start-up. */
  secret: Secret | Signer
  /** The widget's app id, copied into `res.locals.userhash`. */
  appId?: string
  /** The logged-in user (or a promise of it); `null`/`undefined` for anonymous visitors. Default: `req.user`. */
  getUser?: (req: Request, res: Response) => { id: UserId } | null | undefined | Promise<{ id: UserId } | null | undefined>
}

/** Middleware setting `res.locals.userhash` for authenticated users and nothing for anonymous ones. */
export declare function identify(options: IdentifyOptions): (req: Request, res: Response, next: NextFunction) => void
