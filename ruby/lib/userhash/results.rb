# frozen_string_literal: true

module Userhash
  # Frozen value objects: readers, keyword construction, equality, #to_h and #inspect.
  module ValueObject
    def self.included(base)
      base.extend(ClassMethods)
    end

    # Defines the readers and a keyword constructor that freezes the object and its texts.
    module ClassMethods
      def fields(*names)
        attr_reader(*names)
        assignments = names.map { |name| "@#{name} = #{name}.is_a?(String) ? -#{name} : #{name}" }.join("\n")
        class_eval(<<~RUBY, __FILE__, __LINE__ + 1)
          def initialize(#{names.map { |name| "#{name}: nil" }.join(', ')}) # def initialize(outcome: nil, …)
            #{assignments}                                               #   @outcome = outcome.is_a?(String) ? -outcome : outcome
            freeze
          end
        RUBY
        define_method(:to_h) { names.to_h { |name| [name, public_send(name)] } }
      end
    end

    def ==(other)
      other.instance_of?(self.class) && other.to_h == to_h
    end
    alias eql? ==

    def hash
      [self.class, to_h].hash
    end

    def inspect
      "#<#{self.class.name} #{to_h.map { |name, value| "#{name}=#{value.inspect}" }.join(' ')}>"
    end
  end
  private_constant :ValueObject

  # What Keyring#verify_detailed and #verify_token found (docs/spec.md, section 4).
  # #outcome is one of the stable names "verified", "missing", "malformed", "mismatch",
  # "expired"; #key_id names the key that matched (verified and expired); #reason is the
  # error code of a malformed input ("hash_not_hex", "token_format" …), nil otherwise.
  class Verification
    include ValueObject
    fields :outcome, :key_id, :reason

    OUTCOMES = %w[verified missing malformed mismatch expired].freeze

    def verified?
      outcome == 'verified'
    end

    # "verified (key current)", "malformed [hash_not_hex]", "missing" …
    def to_s
      "#{outcome}#{" (key #{key_id})" if key_id}#{" [#{reason}]" if reason}"
    end
  end

  # What explain concluded: a stable #code ("id_case", "secret_whitespace" …) and a
  # sentence for a developer. Neither ever contains a secret.
  class Finding
    include ValueObject
    fields :code, :message

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
  class FailureEvent
    include ValueObject
    fields :outcome, :reason, :key_id, :user_id, :hash_prefix
  end
end
