# frozen_string_literal: true

module Userhash
  # A secret's precomputed HMAC-SHA256 state: build one at boot and share it (it is
  # immutable, so threads may use it at once; copies share it too). The native state is
  # freed when the Signer is garbage-collected. #inspect never shows the secret.
  class Signer
    # @param secret [String] text (its UTF-8 bytes are the key, without surrounding
    #   whitespace) or, in BINARY encoding, the raw key bytes
    # @raise [SecretError] when the secret cannot be used
    def initialize(secret)
      @handle = Native.handle(:userhash_signer_free) { |out| Native.with_secret(:userhash_signer_new, secret, [], [out]) }
    end

    # @return [Signer] whose secret is the text of environment variable +name+
    # @raise [SecretError] missing_env when the variable is not set
    def self.from_env(name)
      value = ENV[name]
      name = Native.text(name, 'the variable name')
      handle = Native.handle(:userhash_signer_free) do |out|
        Native.userhash_signer_from_env_value(name, name.bytesize, *Native.optional(value), out)
      end
      allocate.tap { |signer| signer.instance_variable_set(:@handle, handle) }
    end

    # @param user_id [String, Integer]
    # @return [String] the 64-character lowercase hex hash of +user_id+
    def sign(user_id)
      id = Native.id_bytes(user_id)
      Native.c_string { |out| Native.userhash_signer_sign(@handle, id, id.bytesize, out, Native::HASH_BUF_LEN) }
    end

    # @return [Boolean] whether +hash+ (either hex case) is the hash of +user_id+, compared
    #   in constant time; a wrong, malformed or nil hash is false
    def verify(user_id, hash)
      id = Native.id_bytes(user_id)
      hash = Native.presented(hash)
      Native.flag { |out| Native.userhash_signer_verify(@handle, id, id.bytesize, hash, hash.bytesize, out) }
    end

    # @param user_ids [Enumerable<String, Integer>]
    # @return [Array<String>] their hashes, in order
    def sign_many(user_ids)
      user_ids.map { |user_id| sign(user_id) }
    end

    # @return [String] "#<Userhash::Signer <redacted>>"
    def inspect
      '#<Userhash::Signer <redacted>>'
    end
    alias to_s inspect
  end
end
