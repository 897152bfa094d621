# frozen_string_literal: true

module Userhash
  # Widget configuration snippets that are safe inside HTML (docs/spec.md, section 5), byte
  # for byte what every userhash language writes, with the hash computed from the user's id.
  # +signer_or_secret+ is a Signer or a secret String; +preset+ "tau", "hal" or "generic";
  # +user+ nil (anonymous: no id, no hash) or a Hash of USER_FIELDS (String or Symbol keys;
  # nil is left out). The configuration goes to the core as JSON, which checks every field.
  module Widget
    # The fields a user Hash may have.
    USER_FIELDS = %w[id name email phone profile_picture_url created_at metadata].freeze

    # @return [String] the <script> element, with nonce="…" when +nonce+ is given
    # @raise [Error] with the stable code of the first field that breaks its rule
    def self.script(signer_or_secret, preset:, app_id:, user: nil, nonce: nil, global: nil)
      config = config_json(preset, app_id, user, global)
      nonce, nonce_length = Native.optional(nonce.nil? ? nil : Native.text(nonce, 'the nonce'))
      signer = signer_handle(signer_or_secret)
      Native.owned_string do |out|
        Native.userhash_widget_script(signer, config, config.bytesize, nonce, nonce_length, out)
      end
    end

    # @return [String] the configuration object alone, as HTML-safe JSON
    # @raise [Error] with the stable code of the first field that breaks its rule
    def self.json(signer_or_secret, preset:, app_id:, user: nil, global: nil)
      config = config_json(preset, app_id, user, global)
      signer = signer_handle(signer_or_secret)
      Native.owned_string { |out| Native.userhash_widget_json(signer, config, config.bytesize, out) }
    end

    def self.signer_handle(signer_or_secret)
      signer = signer_or_secret.is_a?(Signer) ? signer_or_secret : Signer.new(signer_or_secret)
      signer.instance_variable_get(:@handle)
    end

    # The JSON of userhash_widget_json (docs/spec.md, section 5.3).
    def self.config_json(preset, app_id, user, global)
      JSON.generate({ preset: preset, app_id: app_id, global: global, user: user.is_a?(Hash) ? user_config(user) : user })
    end

    # +user+ with String keys; the id as the bytes Signer#sign hashes ("" when left out,
    # which the core refuses); an Integer created_at saturated to 64 bits, which keeps the
    # core's verdict on it.
    def self.user_config(user)
      user = user.to_h { |key, value| [key.to_s, value] }
      unknown = user.keys - USER_FIELDS
      raise ArgumentError, "unknown widget user field :#{unknown.first}: the fields are #{USER_FIELDS.join(', ')}" if unknown.any?

      id = user['id'].nil? ? '' : Native.id_bytes(user['id'])
      created_at = user['created_at']
      user.merge('id' => id.dup.force_encoding(Encoding::UTF_8),
                 'created_at' => created_at.is_a?(Integer) ? created_at.clamp(Native::INT64) : created_at)
    end
    private_class_method :signer_handle, :config_json, :user_config
  end
end
