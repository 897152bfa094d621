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

  # The name of USERHASH_OUTCOME_VERIFIED.
  VERIFIED = Contract::OUTCOMES.fetch(1)
  private_constant :VERIFIED

  # What Keyring#verify_detailed and #verify_token found (docs/spec.md, section 4): the
  # #outcome (one of OUTCOMES), the #key_id that matched (verified and expired) and the
  # #reason code of a malformed input ("hash_not_hex", "token_format" …).
  Verification = value_struct(:outcome, :key_id, :reason) do
    # Every outcome name, from the contract.
    const_set(:OUTCOMES, Contract::OUTCOMES.values.freeze)

    # @return [Boolean] whether the outcome is verified
    def verified?
      outcome == VERIFIED
    end

    # @return [String] "verified (key current)", "malformed [hash_not_hex]", "missing" …
    def to_s
      "#{outcome}#{" (key #{key_id})" if key_id}#{" [#{reason}]" if reason}"
    end
  end

  # What explain concluded: a stable #code ("id_case", "secret_whitespace" …) and a
  # sentence for a developer. Neither ever contains a secret.
  Finding = value_struct(:code, :message) do
    # @return [String] the message and the code
    def to_s
      "#{message} [#{code}]"
    end
  end

  # A failed verification, as Keyring#on_failure receives it: #outcome, #reason, #key_id,
  # the #user_id (UTF-8, invalid bytes replaced by U+FFFD) and at most the first 8 bytes of
  # what was presented (#hash_prefix), never the secret or the whole hash. #user_id and
  # #hash_prefix are what the request sent: escape them (#inspect) before logging.
  FailureEvent = value_struct(:outcome, :reason, :key_id, :user_id, :hash_prefix)
end
