# frozen_string_literal: true

require_relative 'test_helper'
require 'net/http'

# examples/server.rb, started as its own process and fetched over HTTP on 127.0.0.1.
class TestExample < Minitest::Test
  include Support

  SERVER = File.expand_path('../examples/server.rb', __dir__)

  def setup
    env = { 'USERHASH_SECRET' => SEED_SECRET, 'PORT' => '0' }
    @io = IO.popen(env, [RbConfig.ruby, '-I', USERHASH_DIR, SERVER])
    line = @io.gets
    @base = line[%r{\Alistening on (http://127\.0\.0\.1:\d+)$}, 1] or flunk "unexpected output #{line.inspect}"
  end

  def teardown
    return unless @io

    Process.kill('TERM', @io.pid)
    @io.close
  end

  def get(cookie)
    uri = URI("#{@base}/widget-settings")
    Net::HTTP.start(uri.host, uri.port) { |http| http.get(uri.path, cookie ? { 'Cookie' => cookie } : {}) }
  end

  def test_a_logged_in_user_gets_the_stdlib_hash
    response = get('session=demo-session')
    assert_equal '200', response.code
    assert_equal 'application/json', response['Content-Type']
    assert_equal({ 'userId' => 'user123', 'userHash' => oracle(SEED_SECRET, 'user123') }, JSON.parse(response.body))
  end

  def test_an_anonymous_visitor_gets_no_hash
    response = get(nil)
    assert_equal '401', response.code
    refute_includes response.body, 'userHash'
    assert_equal '401', get('session=forged').code
  end
end
