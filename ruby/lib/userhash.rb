# frozen_string_literal: true

%w[version contract native signer keyring widget vendor].each { |file| require_relative "userhash/#{file}" }

# Widget identity hashes, lowercase hex(HMAC-SHA256(secret, user_id)), by libuserhash (the Rust core).
module Userhash
  # Every error userhash raises: #code is the core's stable code, the message the core's.
  class Error < StandardError
    # @return [String] the stable code, such as "empty_user_id", the same in every language
    attr_reader :code

    # @param message [String] the core's message, @param code [String] its stable code
    def initialize(message, code)
      super(message)
      @code = code
    end
  end

  # The secret cannot be used (the ArgumentError of secrets).
  class SecretError < Error; end
  # The user id's value cannot be hashed (the ArgumentError of ids).
  class UserIdError < Error; end
  # The user id is not a String or an Integer (the TypeError of ids).
  class UserIdTypeError < Error; end
  # Categories of the contract (contract.json) with a class more specific than Error.
  CATEGORY_CLASSES = { 'secret' => SecretError, 'user_id' => UserIdError, 'user_id_type' => UserIdTypeError }.freeze
  private_constant :CATEGORY_CLASSES

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
    id, hash = Native.id_bytes(user_id), Native.presented(hash)
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
