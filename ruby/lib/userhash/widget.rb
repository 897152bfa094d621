# frozen_string_literal: true

module Userhash
  # Widget snippets, safe inside HTML (docs/spec.md, section 5), from a Signer or secret String and
  # a +user+ Hash of USER_FIELDS (nil: anonymous). The core checks the configuration's JSON.
  module Widget
    USER_FIELDS = %w[id name email phone profile_picture_url created_at metadata].freeze

    # @return [String] the <script> element, with nonce="…" when +nonce+ is given
    def self.script(signer_or_secret, preset:, app_id:, user: nil, nonce: nil, global: nil)
      snippet(:userhash_widget_script, signer_or_secret, preset, app_id, user, global, nonce)
    end

    # @return [String] the configuration object alone, as HTML-safe JSON
    def self.json(signer_or_secret, preset:, app_id:, user: nil, global: nil)
      snippet(:userhash_widget_json, signer_or_secret, preset, app_id, user, global)
    end

    # The owned string +function+ makes from the configuration's JSON (and the nonce of a script).
    def self.snippet(function, signer_or_secret, preset, app_id, user, global, *nonce)
      config = JSON.generate({ preset: Native.preset(preset), app_id: app_id, global: global, user: user.is_a?(Hash) ? user_config(user) : user })
      nonce = Native.optional(nonce.first, 'the nonce') unless nonce.empty?
      signer = signer_or_secret.is_a?(Signer) ? signer_or_secret : Signer.new(signer_or_secret)
      Native.owned_string(function, signer.instance_variable_get(:@handle), config, config.bytesize, *nonce)
    end

    # The id as Signer#sign hashes it ("" if none: refused); created_at saturated as Native.seconds.
    def self.user_config(user)
      user = user.to_h { |key, value| [key.to_s, value] }
      unknown = user.keys - USER_FIELDS
      raise ArgumentError, "unknown widget user field :#{unknown.first}: the fields are #{USER_FIELDS.join(', ')}" if unknown.any?
      user['id'] = (user['id'].nil? ? '' : Native.id_bytes(user['id'])).dup.force_encoding(Encoding::UTF_8)
      user['created_at'] = user['created_at'].clamp(Native::INT64) if user['created_at'].is_a?(Integer)
      user
    end
    private_class_method :snippet, :user_config
  end
end
