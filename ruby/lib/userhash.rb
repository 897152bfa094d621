# frozen_string_literal: true

require_relative 'userhash/version'
require_relative 'userhash/errors'
require_relative 'userhash/native'
require_relative 'userhash/signer'
require_relative 'userhash/results'
require_relative 'userhash/keyring'
require_relative 'userhash/widget'

# Identity-verification hashes for chat and support widgets:
# lowercase hex(HMAC-SHA256(key = secret, msg = user_id)), computed by libuserhash, the
# Rust core every userhash package shares. See Userhash::Signer for repeated use.
module Userhash
  # One-off Signer.new(secret).sign(user_id).
  def self.sign(secret, user_id)
    Native.sign_oneshot(secret, user_id)
  end

  # One-off Signer.new(secret).verify(user_id, hash).
  def self.verify(secret, user_id, hash)
    Native.verify_oneshot(secret, user_id, hash)
  end

  # A new text secret: 32 bytes from the OS's CSPRNG as 64 lowercase hex characters.
  def self.generate_secret
    Native.generate_secret
  end

  # The version of the loaded libuserhash (equal to VERSION).
  def self.library_version
    Native.userhash_version
  end

  # Where libuserhash was loaded from: $USERHASH_LIB, the copy bundled in the gem, or the
  # system's "userhash".
  def self.library_path
    Native::LIBRARY
  end
end
