# frozen_string_literal: true

module Userhash
  # A frozen keyword Struct (equality, #to_h, pattern matching) whose texts are frozen too.
  def self.value_struct(*fields, &body)
    Struct.new(*fields, keyword_init: true) do
      def initialize(**fields)
        super(**fields.transform_values { |value| value.is_a?(String) ? -value : value })
        freeze
      end

      # @return [String] "#<Userhash::Finding code=\"id_case\" message=\"…\">"
      def inspect
        "#<#{self.class.name} #{to_h.map { |name, value| "#{name}=#{value.inspect}" }.join(' ')}>"
      end

      class_eval(&body) if body
    end
  end
  private_class_method :value_struct

  # What Keyring#verify_detailed and #verify_token found (docs/spec.md, section 4).
  # #outcome is one of the stable names in OUTCOMES; #key_id names the key that matched
  # (verified and expired); #reason is the error code of a malformed input
  # ("hash_not_hex", "token_format" …), nil otherwise.
  Verification = value_struct(:outcome, :key_id, :reason) do
    # Every outcome name, from the contract.
    const_set(:OUTCOMES, Contract::OUTCOMES.values.freeze)

    # @return [Boolean] whether the outcome is USERHASH_OUTCOME_VERIFIED's
    def verified?
      outcome == Contract::OUTCOMES.fetch(1)
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

  # A failed verification, as a Keyring's on_failure hook receives it: the outcome, the
  # reason of a malformed input, the key id of an expired one, the user id (as UTF-8, invalid
  # bytes replaced by U+FFFD) and at most the first 8 characters of what was presented.
  # Never the secret, never the whole hash or token. #user_id and #hash_prefix are what the
  # request sent: escape them (#inspect) before logging, or a newline in an id writes a log
  # line of its own.
  FailureEvent = value_struct(:outcome, :reason, :key_id, :user_id, :hash_prefix)
end
