# frozen_string_literal: true

module Userhash
  # Secrets under key ids, for rotation without downtime (docs/spec.md, section 3). The
  # primary key (the first) signs and is always valid; every other key only verifies,
  # within its window [not_before, not_after) in Unix seconds. Verification tries every key
  # valid at the time and names the one that matched. Add keys and set the hook, then
  # share the one instance (it cannot be copied) between threads. Secrets are never kept
  # in Ruby; the native state is freed when the Keyring is garbage-collected.
  class Keyring
    # The variables Keyring.from_env reads: the secret, the previous one, its not_after.
    ENV_NAMES = %w[USERHASH_SECRET USERHASH_PREVIOUS_SECRET USERHASH_PREVIOUS_SECRET_NOT_AFTER].freeze

    # @param primary_id [String] the id of the signing key
    # @param secret [String] text, or BINARY for raw key bytes, as in Signer.new
    def initialize(primary_id, secret)
      id = Native.text(primary_id, 'the key id')
      adopt(Native.handle(:userhash_keyring_free) do |out|
        Native.with_secret(:userhash_keyring_new, secret, [id, id.bytesize], [out])
      end)
    end

    # USERHASH_SECRET as primary key "current" and, when USERHASH_PREVIOUS_SECRET is set,
    # that secret as key "previous", valid until USERHASH_PREVIOUS_SECRET_NOT_AFTER (Unix
    # seconds, required with it). The core reads the values.
    # @return [Keyring]
    def self.from_env
      values = ENV_NAMES.flat_map { |name| Native.optional(ENV.fetch(name, nil)) }
      handle = Native.handle(:userhash_keyring_free) { |out| Native.userhash_keyring_from_values(*values, out) }
      allocate.tap { |keyring| keyring.send(:adopt, handle) }
    end

    # Adds a key that verifies but never signs: +secret+ under +id+, valid from +not_before+
    # (inclusive) to +not_after+ (exclusive), Integer Unix seconds or Times; nil is open.
    # @return [self]
    # @raise [RuntimeError] while a hook of this keyring runs (in it or in another thread)
    def add(id, secret, not_before: nil, not_after: nil)
      id = Native.text(id, 'the key id')
      window = [Native.time_pointer(not_before, 'not_before'), Native.time_pointer(not_after, 'not_after')]
      @lock.synchronize do
        if @reporting.positive?
          raise "can't add a key to a Userhash::Keyring while a verification with it runs the on_failure " \
                'hook: add keys before sharing the keyring'
        end

        Native.check(Native.with_secret(:userhash_keyring_add, secret, [@handle, id, id.bytesize], window))
      end
      @key_ids = read_key_ids
      self
    end

    # @return [Array<String>] every key id, the primary first, then in the order added
    attr_reader :key_ids

    # @return [String] the id of the signing key
    def primary_id
      @key_ids.first
    end

    # Calls the block with a FailureEvent for every failed #verify, #verify_detailed,
    # #verify_token and #explain (replacing an earlier block; without one, removes it), on
    # the verifying thread before that call returns, which raises what the block raises.
    # @return [self]
    def on_failure(&hook)
      @hook = hook
      self
    end

    # @return [String] the 64-character lowercase hex hash of +user_id+ under the primary key
    def sign(user_id)
      id = Native.id_bytes(user_id)
      Native.c_string { |out| Native.userhash_keyring_sign(@handle, id, id.bytesize, out, Native::HASH_BUF_LEN) }
    end

    # @return [Boolean] verify_detailed(...).verified?
    def verify(user_id, hash, now: nil)
      verify_detailed(user_id, hash, now: now).verified?
    end

    # Checks a widget hash at +now+ (Integer Unix seconds or a Time; nil: the current time)
    # under every key valid then. Only an invalid user id raises.
    # @return [Verification]
    def verify_detailed(user_id, hash, now: nil)
      verification(user_id, hash, now) do |id, bytes, now_pointer, out|
        Native.userhash_keyring_verify_detailed(@handle, id, id.bytesize, bytes, bytes.bytesize, now_pointer, out)
      end
    end

    # A v1 token for +user_id+ (docs/spec.md, section 2): expiring +ttl+ seconds from now, or
    # at Unix second +expires_at+ (an Integer or a Time; valid up to +expires_at+ - 1).
    # @return [String]
    def issue_token(user_id, ttl: nil, expires_at: nil)
      raise ArgumentError, 'give either ttl: or expires_at:' if ttl.nil? == expires_at.nil?

      id = Native.id_bytes(user_id)
      function, seconds = ttl ? [:userhash_keyring_issue_token, Native.seconds(ttl, 'ttl')]
                              : [:userhash_keyring_issue_token_at, Native.unix_time(expires_at, 'expires_at')]
      Native.c_string(Native::TOKEN_BUF_LEN) do |out|
        Native.send(function, @handle, id, id.bytesize, seconds, out, Native::TOKEN_BUF_LEN)
      end.delete("\0") # a token is shorter than the buffer
    end

    # Checks a v1 token at +now+: expired from second expires_at + +leeway+ on (once its MAC
    # is right), missing when nil or empty, malformed (with the reason) when not a v1 token.
    # @return [Verification]
    def verify_token(user_id, token, leeway: 0, now: nil)
      leeway = Native.seconds(leeway, 'leeway')
      verification(user_id, token, now) do |id, bytes, now_pointer, out|
        Native.userhash_keyring_verify_token(@handle, id, id.bytesize, bytes, bytes.bytesize, now_pointer, leeway, out)
      end
    end

    # Why +hash+ does or does not verify for +user_id+ at +now+: the likely mistake (in the
    # id, the +email+ hashed instead, the secret, the hash, another key). A failure goes to
    # the hook. A server-side debugging aid: never expose it to unauthenticated end users.
    # @return [Finding]
    def explain(user_id, hash, email: nil, now: nil)
      id = Native.id_bytes(user_id)
      hash = Native.presented(hash)
      email, email_length = Native.optional(email.nil? ? nil : Native.text(email, 'the email'))
      now = Native.time_pointer(now, 'now')
      json = Native.owned_string do |out|
        Native.userhash_keyring_explain(@handle, id, id.bytesize, hash, hash.bytesize, email, email_length, now, out)
      end
      code, message, event = JSON.parse(json).values_at('code', 'message', 'event')
      report(id, *event.values_at('outcome', 'reason', 'key_id', 'hash_prefix')) if event
      Finding.new(code: code, message: message)
    end

    # @return [String] the key ids, never the secrets
    def inspect
      "#<Userhash::Keyring key_ids=#{@key_ids.inspect} secrets=<redacted>>"
    end
    alias to_s inspect

    private

    # A copy would share the native keyring: a key added to one would change both.
    def initialize_copy(_original)
      raise TypeError, "can't copy a Userhash::Keyring: share the one instance"
    end

    def adopt(handle)
      @handle = handle
      @key_ids = read_key_ids
      @hook = nil
      @reporting = 0 # hooks running, in any thread: #add waits for none
      @lock = Mutex.new
    end

    # Every key id, primary first, as frozen UTF-8 Strings (copies of borrowed views).
    def read_key_ids
      count = FFI::MemoryPointer.new(:size_t)
      Native.check(Native.userhash_keyring_key_count(@handle, count))
      id = FFI::MemoryPointer.new(:pointer)
      length = FFI::MemoryPointer.new(:size_t)
      Array.new(count.read(:size_t)) do |index|
        Native.check(Native.userhash_keyring_key_id(@handle, index, id, length))
        -id.read_pointer.read_bytes(length.read(:size_t)).force_encoding(Encoding::UTF_8)
      end.freeze
    end

    # The Verification of the block's call (given the converted arguments), reported unless
    # verified.
    def verification(user_id, hash, now)
      id = Native.id_bytes(user_id)
      hash = Native.presented(hash)
      now = Native.time_pointer(now, 'now')
      outcome, reason, index, prefix = Native.verification { |out| yield(id, hash, now, out) }
      result = Verification.new(outcome: outcome, key_id: index && @key_ids[index], reason: reason)
      report(id, outcome, reason, result.key_id, prefix) unless result.verified?
      result
    end

    # Calls the hook, if any, with the FailureEvent of a failed verification of +id+.
    def report(id, outcome, reason, key_id, hash_prefix)
      hook = @hook or return
      event = FailureEvent.new(outcome: outcome, reason: reason, key_id: key_id, hash_prefix: hash_prefix,
                               user_id: id.dup.force_encoding(Encoding::UTF_8).scrub)
      @lock.synchronize { @reporting += 1 }
      begin
        hook.call(event)
      ensure
        @lock.synchronize { @reporting -= 1 }
      end
    end
  end

  # Why +hash+ does or does not verify for +user_id+ under +secret+ (text, or BINARY raw
  # key bytes): Keyring#explain with that one key, named "default" as by userhash_explain.
  # A server-side debugging aid.
  # @return [Finding]
  def self.explain(secret, user_id, hash, email: nil)
    Keyring.new('default', secret).explain(user_id, hash, email: email)
  end
end
