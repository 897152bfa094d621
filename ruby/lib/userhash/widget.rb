# frozen_string_literal: true

module Userhash
  # Widget configuration snippets that are safe inside HTML (docs/spec.md, section 5),
  # byte for byte what every userhash language writes. The hash is always computed from the
  # user's id, never passed in.
  #
  #   Userhash::Widget.script(signer, preset: 'tau', app_id: 'YOUR_APP_ID',
  #                           user: { id: current_user.id, name: current_user.name }, nonce: csp_nonce)
  #   # => <script nonce="…">window.taubotConfig = {"appId":"YOUR_APP_ID","user":{…}};</script>
  #
  # +signer_or_secret+ is a Signer (build it once) or a secret String. +preset+ is "tau",
  # "hal" or "generic"; +user+ is nil for an anonymous visitor (no id, no hash) or a Hash
  # with :id (required; a String or an Integer) and any of :name, :email, :phone,
  # :profile_picture_url, :created_at (Integer Unix seconds) and :metadata (a flat Hash of
  # String, Integer, true, false or nil values), as the preset allows. A field left out or
  # nil is not written. +global+ names the generic preset's global. The configuration goes
  # to libuserhash as JSON (Ruby's json), and the core checks every field.
  module Widget
    # The fields a user Hash may have (String or Symbol keys).
    USER_FIELDS = %w[id name email phone profile_picture_url created_at metadata].freeze

    # @return [String] the complete <script> element, with nonce="…" when +nonce+ is given
    # @raise [Error] with the stable code of the first field that breaks its rule
    def self.script(signer_or_secret, preset:, app_id:, user: nil, nonce: nil, global: nil)
      config = config_json(preset, app_id, user, global)
      nonce, nonce_length = Native.optional(nonce.nil? ? nil : Native.text(nonce, 'the nonce'))
      signer = signer_handle(signer_or_secret)
      Native.owned_string do |out|
        Native.userhash_widget_script(signer, config, config.bytesize, nonce, nonce_length, out)
      end
    end

    # @return [String] the configuration object alone, as HTML-safe JSON text
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

    # The configuration JSON of userhash_widget_json (docs/spec.md, section 5.3).
    def self.config_json(preset, app_id, user, global)
      JSON.generate({ preset: preset, app_id: app_id, global: global, user: user.is_a?(Hash) ? user_config(user) : user })
    end

    # A user Hash with String keys, the id as the text that is hashed (its bytes, as
    # Signer#sign hashes them; "" when left out, which the core refuses) and an Integer
    # created_at saturated to 64 bits, which keeps the core's verdict on it.
    def self.user_config(user)
      user = user.to_h { |key, value| [key.to_s, value] }
      unknown = user.keys - USER_FIELDS
      unless unknown.empty?
        raise ArgumentError, "unknown widget user field #{unknown.first.to_sym.inspect}: the fields are #{USER_FIELDS.join(', ')}"
      end

      id = user['id'].nil? ? '' : Native.id_bytes(user['id'])
      created_at = user['created_at']
      user.merge('id' => id.dup.force_encoding(Encoding::UTF_8),
                 'created_at' => created_at.is_a?(Integer) ? created_at.clamp(Native::INT64) : created_at)
    end
    private_class_method :signer_handle, :config_json, :user_config
  end
end
