# frozen_string_literal: true

require_relative 'userhash/version'
require_relative 'userhash/contract'
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
  # @return [String] Signer.new(secret).sign(user_id), in one call
  def self.sign(secret, user_id)
    secret = Native.secret(secret)
    return Signer.new(secret).sign(user_id) if secret.encoding == Encoding::BINARY

    id = Native.id_bytes(user_id)
    Native.c_string { |out| Native.userhash_sign(secret, secret.bytesize, id, id.bytesize, out, Native::HASH_BUF_LEN) }
  end

  # @return [Boolean] Signer.new(secret).verify(user_id, hash), in one call
  def self.verify(secret, user_id, hash)
    secret = Native.secret(secret)
    return Signer.new(secret).verify(user_id, hash) if secret.encoding == Encoding::BINARY

    id = Native.id_bytes(user_id)
    hash = Native.presented(hash)
    Native.flag { |out| Native.userhash_verify(secret, secret.bytesize, id, id.bytesize, hash, hash.bytesize, out) }
  end

  # @return [String] a new text secret: 32 bytes from the OS's CSPRNG as 64 hex characters
  def self.generate_secret
    Native.c_string(Native::SECRET_BUF_LEN) { |out| Native.userhash_generate_secret(out, Native::SECRET_BUF_LEN) }
  end

  # @return [String] the version of the loaded libuserhash (equal to VERSION)
  def self.library_version
    Native.userhash_version
  end

  # @return [String] where libuserhash was loaded from: $USERHASH_LIB, the gem's copy or "userhash"
  def self.library_path
    Native::LIBRARY
  end
end
