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
  # nil is not written. +global+ names the generic preset's global.
  module Widget
    # The complete <script> element, with nonce="…" when +nonce+ is given.
    def self.script(signer_or_secret, preset:, app_id:, user: nil, nonce: nil, global: nil)
      Native.widget(signer_handle(signer_or_secret), preset, app_id, user, global, nonce, script: true)
    end

    # The configuration object alone, as HTML-safe JSON text.
    def self.json(signer_or_secret, preset:, app_id:, user: nil, global: nil)
      Native.widget(signer_handle(signer_or_secret), preset, app_id, user, global, nil, script: false)
    end

    def self.signer_handle(signer_or_secret)
      signer = signer_or_secret.is_a?(Signer) ? signer_or_secret : Signer.new(signer_or_secret)
      signer.instance_variable_get(:@handle)
    end
    private_class_method :signer_handle
  end
end
