# frozen_string_literal: true

module Userhash
  # Every error userhash raises. #code is the core's stable code (such as
  # "empty_user_id"), the same string in every language userhash supports.
  class Error < StandardError
    attr_reader :code

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

  # Codes whose errors get a more specific class than Userhash::Error.
  ERROR_CLASSES = {
    'empty_secret' => SecretError,
    'secret_whitespace' => SecretError,
    'secret_not_utf8' => SecretError,
    'missing_env' => SecretError,
    'empty_user_id' => UserIdError,
    'user_id_not_unicode' => UserIdError,
    'user_id_out_of_range' => UserIdError,
    'invalid_user_id_type' => UserIdTypeError
  }.freeze
  private_constant :ERROR_CLASSES

  # The exception for a code, with the core's message unless a more precise one is given.
  def self.error_for(code, message)
    ERROR_CLASSES.fetch(code, Error).new(message, code)
  end
end
