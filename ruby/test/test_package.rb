# frozen_string_literal: true

require_relative 'test_helper'
require 'fileutils'
require 'tmpdir'

# Everything but the vectors and the errors: redaction, secrets from the environment,
# generated secrets, ids of every encoding, threads, versions and where the library is.
class TestPackage < Minitest::Test
  include Support

  SECRET = 'hunter2-not-in-output'

  def test_the_secret_never_shows
    signer = Userhash::Signer.new(SECRET)
    assert_equal '#<Userhash::Signer <redacted>>', signer.inspect
    assert_equal signer.inspect, signer.to_s
    assert_equal signer.inspect, [signer].inspect[1..-2]
    state = signer.instance_variables.map { |name| signer.instance_variable_get(name).inspect }
    refute(state.any? { |value| value.include?(SECRET) })
    ["#{SECRET}\n", "\t#{SECRET}", +"#{SECRET}\xFF"].each do |bad|
      error = assert_raises(Userhash::SecretError) { Userhash::Signer.new(bad) }
      refute_includes error.message, SECRET
      refute_includes error.inspect, SECRET
    end
  end

  def test_the_native_state_is_freed_with_the_signer
    handle = Userhash::Signer.new(SEED_SECRET).instance_variable_get(:@handle)
    assert_kind_of FFI::AutoPointer, handle
    assert handle.autorelease?
  end

  def test_from_env
    ENV['USERHASH_TEST_SECRET'] = SEED_SECRET
    signer = Userhash::Signer.from_env('USERHASH_TEST_SECRET')
    assert_equal oracle(SEED_SECRET, 'user123'), signer.sign('user123')
    ENV['USERHASH_TEST_SECRET'] = "#{SEED_SECRET}\n"
    assert_raises(Userhash::SecretError) { Userhash::Signer.from_env('USERHASH_TEST_SECRET') }
  ensure
    ENV.delete('USERHASH_TEST_SECRET')
  end

  def test_generate_secret
    secrets = Array.new(3) { Userhash.generate_secret }
    secrets.each { |secret| assert_match(/\A[0-9a-f]{64}\z/, secret) }
    assert_equal 3, secrets.uniq.size
    assert_equal oracle(secrets[0], 'user123'), Userhash.sign(secrets[0], 'user123')
  end

  def test_strings_are_hashed_as_their_bytes_in_any_encoding
    signer = Userhash::Signer.new(SEED_SECRET)
    ['José', 'José'.encode('ISO-8859-1'), 'José'.encode('UTF-16LE'), "user\0123".b, +"\xFF\xFE"].each do |id|
      assert_equal oracle(SEED_SECRET, id.b), signer.sign(id), id.inspect
    end
    refute_equal signer.sign('José'), signer.sign('José'.encode('ISO-8859-1'))
  end

  def test_integers_hash_their_canonical_decimal
    signer = Userhash::Signer.new(SEED_SECRET)
    [0, 42, -42, 2**63 - 1, -2**63, 2**63, -2**127, 2**127 - 1].each do |n|
      assert_equal oracle(SEED_SECRET, n.to_s), signer.sign(n), n.to_s
      assert signer.verify(n, oracle(SEED_SECRET, n.to_s))
    end
  end

  def test_arguments_are_left_unchanged
    id = 'user123'.dup
    hash = oracle(SEED_SECRET, id).upcase
    Userhash::Signer.new(SEED_SECRET).verify(id, hash)
    assert_equal 'user123', id
    assert_equal oracle(SEED_SECRET, id).upcase, hash
  end

  def test_results
    hash = Userhash.sign(SEED_SECRET, 'user123')
    refute hash.frozen?
    assert_equal 64, hash.bytesize
    assert hash.valid_encoding?
  end

  def test_one_signer_shared_by_threads
    signer = Userhash::Signer.new(SEED_SECRET)
    results = Array.new(8) do |t|
      Thread.new { Array.new(500) { |i| [i * 8 + t, signer.sign(i * 8 + t)] } }
    end.flat_map(&:value)
    assert_equal 4000, results.size
    results.each { |id, hash| assert_equal oracle(SEED_SECRET, id.to_s), hash }
  end

  def test_one_version_everywhere
    cargo = File.read(File.join(ROOT, 'Cargo.toml'))[/^\[workspace\.package\]\n(?:.*\n)*?version = "([^"]+)"/, 1]
    assert_equal cargo, Userhash::VERSION
    assert_equal cargo, Userhash.library_version
  end

  def test_library_location
    assert_equal ENV.fetch('USERHASH_EXPECT_LIB') { ENV.fetch('USERHASH_LIB') }, Userhash.library_path
  end

  # The running platform as the C tarballs name it, read here from RbConfig.
  PLATFORM = "#{RbConfig::CONFIG['host_cpu']}-linux-#{RbConfig::CONFIG['host_os'].include?('musl') ? 'musl' : 'gnu'}"
  WHAT_TO_DO = "Install the platform gem userhash-#{Userhash::VERSION}-#{PLATFORM.delete_suffix('-gnu')}.gem " \
               '(there are gems for x86_64-linux, aarch64-linux and x86_64-linux-musl), or set USERHASH_LIB to the ' \
               "lib/libuserhash.so of the C release tarball userhash-#{Userhash::VERSION}-#{PLATFORM}.tar.gz."

  def test_a_library_that_does_not_load_is_named_with_what_to_do
    _out, err, status = run_ruby({ 'USERHASH_LIB' => '/nonexistent/libuserhash.so' }, '-e', 'require "userhash"')
    refute status.success?
    assert_includes err, 'userhash: cannot load libuserhash from /nonexistent/libuserhash.so (Could not open library'
    assert_includes err, WHAT_TO_DO
  end

  # The plain gem: lib/ without lib/userhash/PLATFORM/libuserhash.so.
  def test_without_a_library_the_error_names_the_platform_and_what_to_do
    Dir.mktmpdir do |lib|
      Dir.glob('**/*.rb', base: USERHASH_DIR).each do |file|
        FileUtils.mkdir_p(File.dirname(File.join(lib, file)))
        FileUtils.cp(File.join(USERHASH_DIR, file), File.join(lib, file))
      end
      _out, err, status = Open3.capture3({ 'USERHASH_LIB' => nil }, RbConfig.ruby, '-I', lib, '-e', 'require "userhash"')
      refute status.success?
      assert_includes err, "userhash: this gem has no libuserhash for #{PLATFORM} " \
                           "(no #{File.join(lib, 'userhash', PLATFORM, 'libuserhash.so')}). #{WHAT_TO_DO}"
    end
  end
end
