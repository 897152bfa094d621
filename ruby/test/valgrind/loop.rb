# frozen_string_literal: true

# The Ruby FFI wrapper under valgrind: a loop that creates, uses and drops every kind of
# handle (Signer, Keyring with a failure hook, tokens, explain, widget snippets, one-shot
# functions, vendor keyrings with their snippets, JWTs and explain), each result checked against OpenSSL::HMAC or the vectors, with a full GC every
# few rounds so that finalizers free the native state while the loop runs. A handle the
# wrapper failed to free grows with the loop, and check.rb finds it in valgrind's report.
#
#   ruby loop.rb ROUNDS [leak]
#
# With "leak", each round also creates one keyring and drops its raw handle without freeing
# it: the deliberate leak that check.rb must report. Prints "N passed, N failed".
require 'json'
require 'openssl'
require 'userhash'

rounds = Integer(ARGV.fetch(0, '50'))
leak = ARGV[1] == 'leak'
passed = failed = 0
check = lambda do |ok, what|
  if ok
    passed += 1
  else
    failed += 1
    warn "FAIL #{what}"
  end
end

vectors = JSON.parse(File.read(File.expand_path('../../../tests/vectors/vectors.json', __dir__)))
widget = vectors['widget']['cases'][0]
secret = 'your_secret_key'
native = Userhash.const_get(:Native)

rounds.times do |i|
  id = "user#{i}"
  expected = OpenSSL::HMAC.hexdigest('SHA256', secret, id)

  signer = Userhash::Signer.new(secret)
  check.call(signer.sign(id) == expected && signer.verify(id, expected), 'signer')
  check.call(signer.sign_many([id, id]) == [expected, expected], 'sign_many')
  check.call(Userhash.sign(secret, id) == expected && Userhash.sign(secret.b, id) == expected, 'one-shot sign')

  events = 0
  keyring = Userhash::Keyring.new('new', 'new-secret').add('old', secret, not_after: 2_000_000_000)
  keyring.on_failure { events += 1 }
  check.call(keyring.verify_detailed(id, expected, now: 1_767_225_600).key_id == 'old', 'keyring verify')
  check.call(keyring.verify_detailed(id, '', now: 1_767_225_600).outcome == 'missing' && events == 1, 'hook')
  token = keyring.issue_token(id, expires_at: 1_767_225_600)
  check.call(keyring.verify_token(id, token, now: 1_767_225_600).outcome == 'expired', 'token')
  check.call(keyring.explain(id.upcase, OpenSSL::HMAC.hexdigest('SHA256', 'new-secret', id)).code == 'id_case', 'explain')
  check.call(Userhash.explain(secret, id, expected).code == 'verified', 'one-shot explain')
  begin
    keyring.add('old', 'x')
    check.call(false, 'duplicate key')
  rescue Userhash::Error => e
    check.call(e.code == 'duplicate_key_id', 'duplicate key')
  end

  script = Userhash::Widget.script(signer, preset: widget['preset'], app_id: widget['app_id'], user: widget['user'])
  check.call(script == widget['script'], 'widget')

  vendor = vectors['vendors']['cases'].find { |c| c['preset'] == 'zendesk' && c['user'] }
  zendesk = Userhash::Keyring.for_preset(:zendesk, vendor['secret_text'], key_id: vendor['key_id'])
  jwt_events = 0
  zendesk.on_failure { jwt_events += 1 }
  check.call(zendesk.widget_script(preset: :zendesk, user: vendor['user'], nonce: vendor['nonce'], now: vendor['now']) ==
             vendor['script'], 'vendor snippet')
  jwt = JSON.parse(zendesk.widget_json(preset: :zendesk, user: { id: id }, ttl: 60, now: 1_767_225_600))
  check.call(zendesk.verify_jwt(:zendesk, jwt, now: 1_767_225_600).claims['external_id'] == id, 'verify_jwt')
  check.call(zendesk.issue_jwt(:zendesk, { id: id }, expires_at: 1_767_225_660, now: 1_767_225_600) == jwt, 'issue_jwt')
  check.call(zendesk.explain_jwt(:zendesk, jwt, now: 1_767_225_660).code == 'jwt_expired' && jwt_events == 1, 'explain_jwt')
  check.call(zendesk.explain_preset(:crisp, id, expected, email: 'jo@example.com').code == 'id_instead_of_email',
             'explain_preset')

  if leak
    out = FFI::MemoryPointer.new(:pointer)
    native.userhash_keyring_new('leak', 4, secret, secret.bytesize, out) # never freed
  end
  GC.start if (i % 10).zero?
end
GC.start

puts "#{rounds} rounds"
puts "#{passed} passed, #{failed} failed"
exit(failed.zero? ? 0 : 1)
