# frozen_string_literal: true

module Userhash
  # Every error userhash raises: #code is the core's stable code (such as "empty_user_id"),
  # the same string in every language userhash supports; the message is the core's.
  class Error < StandardError
    # @return [String] the stable code
    attr_reader :code

    # @param message [String] the core's message, @param code [String] its stable code
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

  # Categories of the contract (contract.json) with a class more specific than Error.
  CATEGORY_CLASSES = { 'secret' => SecretError, 'user_id' => UserIdError, 'user_id_type' => UserIdTypeError }.freeze
  private_constant :CATEGORY_CLASSES
end
