# frozen_string_literal: true

module Userhash
  # Frozen value objects with keyword construction, equality and a readable #inspect.
  module ValueObject
    def self.included(base)
      base.extend(ClassMethods)
    end

    # Defines the readers and the keyword constructor of the value's fields.
    module ClassMethods
      def fields(*names)
        attr_reader(*names)
        define_method(:to_h) { names.to_h { |name| [name, public_send(name)] } }
      end
    end

    def initialize(**values)
      values.each { |name, value| instance_variable_set(:"@#{name}", value.frozen? ? value : value.dup.freeze) }
      freeze
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
  # Never the secret, never the whole hash or token.
  class FailureEvent
    include ValueObject
    fields :outcome, :reason, :key_id, :user_id, :hash_prefix
  end
end
