# frozen_string_literal: true

module Userhash
  # Every preset (vendor profile) name, as contract.json lists them (the tests check it).
  PRESETS = %w[tau hal generic intercom intercom-jwt chatwoot crisp helpscout front pylon zendesk canny featurebase].freeze
  # The presets whose vendor takes a JWT instead of a hex hash.
  JWT_PRESETS = %w[intercom-jwt zendesk canny featurebase].freeze

  # The C ABI's vendor functions (bindings/c/README.md, "Vendor profiles and JWTs").
  module Native
    {
      %i[pointer size_t pointer size_t pointer size_t pointer] => %i[keyring_new_preset],
      %i[pointer pointer size_t int64 pointer] => %i[keyring_widget_json],
      %i[pointer pointer size_t pointer size_t int64 pointer] => %i[keyring_widget_script],
      %i[pointer pointer size_t pointer size_t int64 pointer pointer] => %i[keyring_issue_jwt],
      %i[pointer pointer size_t pointer size_t int64 int64 pointer] => %i[keyring_verify_jwt keyring_explain_jwt],
      %i[pointer pointer size_t pointer size_t pointer size_t pointer size_t int64 pointer] => %i[keyring_explain_preset]
    }.each { |arguments, names| names.each { |name| attach_function :"userhash_#{name}", arguments, :uint32 } }

    module_function

    # A preset's name: a String as it is, a Symbol with "_" for "-" (:intercom_jwt). The core knows the names.
    def preset(preset)
      return preset.to_s.tr('_', '-') if preset.is_a?(Symbol)
      text(expect(preset, String, 'the preset must be a String or a Symbol'), 'the preset')
    end

    # The Unix second of +now+ (Integer or Time; nil: the current time), which the vendor functions require.
    def now(now)
      seconds(now.nil? ? Time.now : now, 'now', :time)
    end
  end

  # What checking a vendor's JWT found: a Verification's #outcome, #key_id and #reason, and for
  # an authentic token (verified or expired) its #claims as signed, parsed by JSON (frozen).
  JwtVerification = value_struct(:outcome, :key_id, :reason, :claims) { include Outcome }

  # Vendor profiles (docs/spec.md, sections 5.1 and 6): snippets of every preset and HS256 JWTs.
  class Keyring
    # @param preset [String, Symbol] the vendor profile, @param secret [String] its dashboard secret
    # @return [Keyring] whose primary key +key_id+ is +secret+ read as the profile reads it (Pylon: hex-decoded)
    def self.for_preset(preset, secret, key_id: 'current')
      preset, id, secret = Native.preset(preset), Native.text(key_id, 'the key id'), Native.secret(secret)
      handle = Native.handle(:userhash_keyring_free) do |out|
        Native.userhash_keyring_new_preset(preset, preset.bytesize, id, id.bytesize, secret, secret.bytesize, out)
      end
      allocate.tap { |keyring| keyring.send(:adopt, handle) }
    end

    # @return [String] the vendor's <script> element for any preset (nonce="…" when +nonce+ is given;
    #   "" for an anonymous visitor to a call that only identifies), signed by the primary key with its
    #   id; a JWT is issued at +now+ (nil: the current time) and expires +ttl+ seconds later (default 3600)
    def widget_script(preset:, app_id: nil, user: nil, nonce: nil, global: nil, ttl: nil, now: nil)
      config = vendor_config(preset, app_id, user, global, ttl)
      nonce = Native.optional(nonce, 'the nonce')
      Native.owned_string(:userhash_keyring_widget_script, @handle, config, config.bytesize, *nonce, Native.now(now))
    end

    # @return [String] the snippet's data alone, as HTML-safe JSON ("null" where the script is "")
    def widget_json(preset:, app_id: nil, user: nil, global: nil, ttl: nil, now: nil)
      config = vendor_config(preset, app_id, user, global, ttl)
      Native.owned_string(:userhash_keyring_widget_json, @handle, config, config.bytesize, Native.now(now))
    end

    # @return [String] +preset+'s JWT for +user+ (a Hash as Widget takes it), signed by the primary key
    #   with its id as kid where the vendor wants one: iat = +now+ (nil: the current time), exp =
    #   +expires_at+ (Integer or Time; nil: no exp, and none for Featurebase, which reads none)
    def issue_jwt(preset, user, expires_at: nil, now: nil)
      preset = Native.preset(preset)
      user = JSON.generate(Widget.send(:user_config, Native.expect(user, Hash, 'the user must be a Hash')))
      Native.owned_string(:userhash_keyring_issue_jwt, @handle, preset, preset.bytesize, user, user.bytesize, Native.now(now),
                          Native.time_pointer(expires_at, 'expires_at'))
    end

    # @return [JwtVerification] of a JWT of +preset+'s profile at +now+, +leeway+ seconds allowed on
    #   exp, nbf and iat; a failure reaches the hook with the token's identity claim (not authenticated)
    def verify_jwt(preset, token, leeway: 0, now: nil)
      result = JSON.parse(jwt_call(:userhash_keyring_verify_jwt, preset, token, leeway, now), freeze: true)
      report_event(result['event'])
      JwtVerification.new(outcome: result['outcome'], key_id: result['key_id'], reason: result['reason'],
                          claims: result['claims'])
    end

    # @return [Finding] why a JWT of +preset+'s profile does or does not verify (a failure reaches the hook)
    def explain_jwt(preset, token, leeway: 0, now: nil)
      finding(jwt_call(:userhash_keyring_explain_jwt, preset, token, leeway, now))
    end

    # @return [Finding] why +hash+ of +preset+'s profile does or does not verify; for a profile that
    #   signs the email, +email+ (then required) is what is hashed. Server-side only.
    def explain_preset(preset, user_id, hash, email: nil, now: nil)
      preset, id, hash = Native.preset(preset), Native.id_bytes(user_id), Native.presented(hash)
      email = Native.optional(email, 'the email')
      finding(Native.owned_string(:userhash_keyring_explain_preset, @handle, preset, preset.bytesize, id, id.bytesize,
                                  *email, hash, hash.bytesize, Native.now(now)))
    end

    private

    # The configuration as JSON (docs/spec.md, section 5.3), nil fields left out; the user as Widget takes it.
    def vendor_config(preset, app_id, user, global, ttl)
      JSON.generate({ preset: Native.preset(preset), app_id: app_id, global: global, ttl: ttl && Native.seconds(ttl, 'ttl'),
                      user: user.is_a?(Hash) ? Widget.send(:user_config, user) : user }.compact)
    end

    def jwt_call(function, preset, token, leeway, now)
      preset, token = Native.preset(preset), Native.presented(token)
      Native.owned_string(function, @handle, preset, preset.bytesize, token, token.bytesize, Native.now(now),
                          Native.seconds(leeway, 'leeway'))
    end

    # An explain's Finding, its failure event reported first.
    def finding(json)
      code, message, event = JSON.parse(json).values_at('code', 'message', 'event')
      report_event(event)
      Finding.new(code: code, message: message)
    end

    # A failure event of the core's JSON (nil when verified), with the user id it names.
    def report_event(event)
      report(event['user_id'], *event.values_at('outcome', 'reason', 'key_id', 'hash_prefix')) if event
    end
  end
end
