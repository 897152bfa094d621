// ES module entry of userhash/express.
import express from './express.js'

export const { identify } = express
