# frozen_string_literal: true

module Userhash
  # A secret's precomputed HMAC-SHA256 state: build one at boot and share it (it is
  # immutable, so threads may use it at once). The native state is released when the
  # Signer is garbage-collected. It never shows its secret: #inspect is redacted.
  class Signer
    # +secret+ is a String: text (its UTF-8 bytes are the key, as in the vendors'
    # snippets; no leading or trailing whitespace) or, when its encoding is BINARY, the raw
    # key bytes taken as they are.
    def initialize(secret)
      @handle = Native.new_signer(secret)
    end

    # A Signer whose secret is the text of environment variable +name+.
    def self.from_env(name)
      new(Native.secret_from_env(name))
    end

    # The 64-character lowercase hex hash of +user_id+ (a String or an Integer).
    def sign(user_id)
      Native.sign(@handle, user_id)
    end

    # Whether +hash+ (either hex case) is the hash of +user_id+, compared in constant time.
    # A wrong, malformed or nil hash is false; only an invalid user id raises.
    def verify(user_id, hash)
      Native.verify(@handle, user_id, hash)
    end

    # The hashes of +user_ids+ (any Enumerable), in order.
    def sign_many(user_ids)
      user_ids.map { |user_id| sign(user_id) }
    end

    def inspect
      '#<Userhash::Signer <redacted>>'
    end
    alias to_s inspect
  end
end
