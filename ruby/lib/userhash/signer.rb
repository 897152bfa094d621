# frozen_string_literal: true

module Userhash
  # A secret's precomputed HMAC state: immutable, so share one (threads and copies do).
  class Signer
    # @param secret [String] text (its UTF-8 bytes) or, in BINARY encoding, raw key bytes
    def initialize(secret)
      @handle = Native.handle(:userhash_signer_free) { |out| Native.with_secret(:userhash_signer_new, secret, [], [out]) }
    end

    # @return [Signer] whose secret is the text of environment variable +name+ (or missing_env)
    def self.from_env(name)
      value = Native.optional(ENV[name])
      name = Native.text(name, 'the variable name')
      handle = Native.handle(:userhash_signer_free) { |out| Native.userhash_signer_from_env_value(name, name.bytesize, *value, out) }
      allocate.tap { |signer| signer.instance_variable_set(:@handle, handle) }
    end

    # @param user_id [String, Integer] @return [String] its 64-character lowercase hex hash
    def sign(user_id)
      id = Native.id_bytes(user_id)
      Native.c_string { |out| Native.userhash_signer_sign(@handle, id, id.bytesize, out, Native::HASH_BUF_LEN) }
    end

    # @return [Boolean] whether +hash+ (either hex case; nil is false) is that of +user_id+, in constant time
    def verify(user_id, hash)
      id, hash = Native.id_bytes(user_id), Native.presented(hash)
      Native.flag { |out| Native.userhash_signer_verify(@handle, id, id.bytesize, hash, hash.bytesize, out) }
    end

    # @param user_ids [Enumerable<String, Integer>] @return [Array<String>] their hashes, in order
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
