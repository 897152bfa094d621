# frozen_string_literal: true

require_relative 'lib/userhash/version'

# The version is the Cargo workspace's; building from the repository refuses a mismatch.
cargo_toml = File.expand_path('../Cargo.toml', __dir__)
if File.exist?(cargo_toml)
  cargo_version = File.read(cargo_toml)[/^\[workspace\.package\]\n(?:.*\n)*?version = "([^"]+)"/, 1]
  unless cargo_version == Userhash::VERSION
    raise "Userhash::VERSION #{Userhash::VERSION} differs from Cargo's workspace version #{cargo_version}"
  end
end

bundled = Dir[File.join(__dir__, 'lib/userhash/libuserhash.{so,dylib,dll}')].map { |f| f.delete_prefix("#{__dir__}/") }

Gem::Specification.new do |spec|
  spec.name = 'userhash'
  spec.version = Userhash::VERSION
  spec.summary = 'Identity-verification hashes for chat widgets, from the userhash Rust core'
  spec.description = 'hex(HMAC-SHA256(secret, user_id)) for Intercom-style widget identity ' \
                     'verification, computed by libuserhash through the ffi gem.'
  spec.authors = ['userhash contributors']
  spec.licenses = ['MIT', 'Apache-2.0']
  spec.homepage = 'https://example.invalid/userhash'
  spec.required_ruby_version = '>= 2.7'
  spec.files = Dir.chdir(__dir__) { Dir['lib/**/*.rb', 'README.md'] } + bundled
  # A gem carrying libuserhash is built for this platform; without it, USERHASH_LIB or the
  # system's libuserhash is used.
  spec.platform = Gem::Platform.local unless bundled.empty?
  spec.add_dependency 'ffi', '~> 1.15'
  spec.add_development_dependency 'minitest', '~> 5.15'
end
