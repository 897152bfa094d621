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

# A platform gem carries one libuserhash in lib/userhash/PLATFORM/, PLATFORM named as the C
# release tarballs (scripts/dist.d/60-ruby.sh puts it there); the plain gem carries none.
bundled = Dir.chdir(__dir__) { Dir['lib/userhash/*/libuserhash.so'] }
raise "more than one bundled libuserhash: #{bundled.join(', ')}" if bundled.size > 1

platform = bundled.first&.split('/')&.fetch(2)

Gem::Specification.new do |spec|
  spec.name = 'userhash'
  spec.version = Userhash::VERSION
  spec.summary = 'Identity-verification hashes and HS256 JWTs for chat widgets, from the userhash Rust core'
  spec.description = 'hex(HMAC-SHA256(secret, user_id)) for Intercom-style widget identity ' \
                     'verification, and the snippets and JWTs of Intercom, Chatwoot, Crisp, Help Scout, ' \
                     'Front, Pylon, Zendesk, Canny and Featurebase, computed by libuserhash through the ffi gem.'
  spec.authors = ['userhash contributors']
  spec.licenses = ['MIT', 'Apache-2.0']
  spec.homepage = 'https://example.invalid/userhash'
  spec.required_ruby_version = '>= 2.7'
  spec.files = Dir.chdir(__dir__) { Dir['lib/**/*.rb', 'README.md'] } + bundled
  if platform
    spec.platform = platform.delete_suffix('-gnu') # x86_64-linux, aarch64-linux, x86_64-linux-musl
    # RubyGems before 3.3.22 takes an x86_64-linux-musl gem for any x86_64 Linux, glibc too.
    spec.required_rubygems_version = '>= 3.3.22' if platform.end_with?('-musl')
  end
  spec.add_dependency 'ffi', '~> 1.15'
  spec.add_development_dependency 'minitest', '~> 5.15'
end
