# frozen_string_literal: true

# Loads userhash from wherever RUBYLIB / the gem path put it (scripts/test.d/60-ruby.sh runs
# the suite against the source tree and against the installed gem) and the shared vectors.
require 'json'
require 'minitest/autorun'
require 'open3'
require 'openssl'
require 'userhash'

ROOT = File.expand_path('../..', __dir__)
VECTORS = JSON.parse(File.read(File.join(ROOT, 'tests/vectors/vectors.json')))
SEED_SECRET = 'your_secret_key'
# The directory userhash.rb was loaded from, for child processes.
USERHASH_DIR = File.dirname($LOADED_FEATURES.find { |path| path.end_with?('/userhash.rb') })

# Helpers every test class includes.
module Support
  # The seed's Ruby snippet: the expected value of every hash the tests check.
  def oracle(secret, user_id)
    OpenSSL::HMAC.hexdigest('SHA256', secret, user_id)
  end

  def unhex(hex)
    [hex].pack('H*')
  end

  # Runs a Ruby child that finds the same userhash; returns [stdout, stderr, status].
  def run_ruby(env, *args)
    Open3.capture3(env, RbConfig.ruby, '-I', USERHASH_DIR, *args)
  end
end
