# frozen_string_literal: true

module Userhash
  # A frozen Struct (equality, #to_h, pattern matching) built from keywords, its texts frozen.
  def self.value_struct(*fields, &body)
    Struct.new(*fields) do
      class_eval(<<~RUBY, __FILE__, __LINE__ + 1)
        def initialize(#{fields.map { |name| "#{name}: nil" }.join(', ')}) # (outcome: nil, …)
          super(#{fields.map { |name| "#{name}.is_a?(String) ? -#{name} : #{name}" }.join(', ')})
          freeze
        end
      RUBY

      # @return [String] "#<Userhash::Finding code=\"id_case\" message=\"…\">"
      def inspect
        "#<#{self.class.name} #{to_h.map { |name, value| "#{name}=#{value.inspect}" }.join(' ')}>"
      end

      class_eval(&body) if body
    end
  end
  private_class_method :value_struct

  VERIFIED = Contract::OUTCOMES.fetch(1) # USERHASH_OUTCOME_VERIFIED's name
  private_constant :VERIFIED

  # What a Verification and a JwtVerification share: reading the #outcome.
  module Outcome
    # @return [Boolean] whether the outcome is verified: the only one that may let a user in
    def verified?
      outcome == VERIFIED
    end

    # @return [String] "verified (key current)", "malformed [hash_not_hex]", "missing" …
    def to_s
      "#{outcome}#{" (key #{key_id})" if key_id}#{" [#{reason}]" if reason}"
    end
  end
  private_constant :Outcome

  # A verification's #outcome, the #key_id that matched and a malformed input's #reason code.
  Verification = value_struct(:outcome, :key_id, :reason) do
    const_set(:OUTCOMES, Contract::OUTCOMES.values.freeze) # every outcome name
    include Outcome
  end

  # What explain concluded: a stable #code ("id_case" …) and a #message, never a secret.
  Finding = value_struct(:code, :message) do
    # @return [String] the message and the code
    def to_s
      "#{message} [#{code}]"
    end
  end

  # A failed verification for the hook; #user_id and #hash_prefix are as sent: escape them to log.
  FailureEvent = value_struct(:outcome, :reason, :key_id, :user_id, :hash_prefix)

  # Secrets under key ids for rotation (docs/spec.md, section 3): the first signs, all verify.
  class Keyring
    # The variables Keyring.from_env reads: the secret, the previous one, its not_after.
    ENV_NAMES = %w[USERHASH_SECRET USERHASH_PREVIOUS_SECRET USERHASH_PREVIOUS_SECRET_NOT_AFTER].freeze

    # @param primary_id [String] the signing key's id, @param secret [String] as in Signer.new
    def initialize(primary_id, secret)
      id = Native.text(primary_id, 'the key id')
      adopt(Native.handle(:userhash_keyring_free) do |out|
        Native.with_secret(:userhash_keyring_new, secret, [id, id.bytesize], [out])
      end)
    end

    # @return [Keyring] of keys "current" and, if set, "previous", from ENV_NAMES (read by the core)
    def self.from_env
      values = ENV_NAMES.flat_map { |name| Native.optional(ENV.fetch(name, nil)) }
      handle = Native.handle(:userhash_keyring_free) { |out| Native.userhash_keyring_from_values(*values, out) }
      allocate.tap { |keyring| keyring.send(:adopt, handle) }
    end

    # Adds a verify-only key, valid in [not_before, not_after) (nil is open). @return [self]
    # @raise [RuntimeError] while a verification with this keyring runs its hook
    def add(id, secret, not_before: nil, not_after: nil)
      id = Native.text(id, 'the key id')
      window = [Native.time_pointer(not_before, 'not_before'), Native.time_pointer(not_after, 'not_after')]
      @lock.synchronize do
        raise "can't add a key to a Userhash::Keyring while a verification with it runs the on_failure " \
              'hook: add keys before sharing the keyring' if @reporting.positive?
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

    # Calls the block with a FailureEvent for each failed verification or explain. @return [self]
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

    # @return [Verification] of a widget hash under every key valid at +now+ (nil: the current time)
    def verify_detailed(user_id, hash, now: nil)
      verification(user_id, hash, now)
    end

    # @return [String] a v1 token expiring +ttl+ seconds from now or at +expires_at+ (docs/spec.md, 2)
    def issue_token(user_id, ttl: nil, expires_at: nil)
      raise ArgumentError, 'give either ttl: or expires_at:' if ttl.nil? == expires_at.nil?
      id = Native.id_bytes(user_id)
      function, seconds = ttl ? [:userhash_keyring_issue_token, Native.seconds(ttl, 'ttl')]
                              : [:userhash_keyring_issue_token_at, Native.seconds(expires_at, 'expires_at', :time)]
      Native.c_string(Native::TOKEN_BUF_LEN) do |out|
        Native.send(function, @handle, id, id.bytesize, seconds, out, Native::TOKEN_BUF_LEN)
      end.delete("\0") # a token is shorter than the buffer
    end

    # @return [Verification] of a v1 token at +now+, expired from second expires_at + +leeway+ on
    def verify_token(user_id, token, leeway: 0, now: nil)
      verification(user_id, token, now, Native.seconds(leeway, 'leeway'))
    end

    # @return [Finding] why +hash+ does or does not verify (a failure reaches the hook); server-side only
    def explain(user_id, hash, email: nil, now: nil)
      id, hash = Native.id_bytes(user_id), Native.presented(hash)
      email = Native.optional(email, 'the email')
      now = Native.time_pointer(now, 'now')
      json = Native.owned_string(:userhash_keyring_explain, @handle, id, id.bytesize, hash, hash.bytesize, *email, now)
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

    # Copies of the borrowed views, once per key added.
    def read_key_ids
      count, length = Array.new(2) { FFI::MemoryPointer.new(:size_t) }
      id = FFI::MemoryPointer.new(:pointer)
      Native.check(Native.userhash_keyring_key_count(@handle, count))
      Array.new(count.read(:size_t)) do |index|
        Native.check(Native.userhash_keyring_key_id(@handle, index, id, length))
        -id.read_pointer.read_bytes(length.read(:size_t)).force_encoding(Encoding::UTF_8)
      end.freeze
    end

    # A widget hash's Verification, or with a +leeway+ a token's, reported unless verified.
    def verification(user_id, hash, now, leeway = nil)
      id, hash = Native.id_bytes(user_id), Native.presented(hash)
      now = Native.time_pointer(now, 'now')
      outcome, reason, index, prefix = Native.verification do |out|
        leeway ? Native.userhash_keyring_verify_token(@handle, id, id.bytesize, hash, hash.bytesize, now, leeway, out)
               : Native.userhash_keyring_verify_detailed(@handle, id, id.bytesize, hash, hash.bytesize, now, out)
      end
      result = Verification.new(outcome: outcome, key_id: index && @key_ids[index], reason: reason)
      report(id, outcome, reason, result.key_id, prefix) unless result.verified?
      result
    end

    # The hook runs after the call (no C callback); #add refuses keys while it runs.
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

  # @return [Finding] Keyring#explain with +secret+ as the one key, "default" as in userhash_explain
  def self.explain(secret, user_id, hash, email: nil)
    Keyring.new('default', secret).explain(user_id, hash, email: email)
  end
end
