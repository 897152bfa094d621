<?php

/**
 * The PHP FFI wrapper under valgrind: a loop that creates, uses and frees every kind of
 * handle (Signer, Keyring with a failure hook, widget snippets, one-shot functions, vendor
 * keyrings with their snippets, JWTs and explain), each
 * result checked against hash_hmac or the vectors, so that a leak in the wrapper grows with
 * the loop and valgrind reports it; and handles destroyed by hand, one from inside its own
 * hook, so that a read after free or a second free is an error valgrind reports. Run by
 * scripts/test php as
 *
 *     USE_ZEND_ALLOC=0 valgrind --leak-check=full --errors-for-leak-kinds=definite \
 *         --error-exitcode=99 php tests/valgrind/loop.php [ROUNDS]
 *
 * USE_ZEND_ALLOC=0 makes PHP allocate with malloc, so valgrind sees every allocation.
 * Prints "N passed, N failed".
 */

declare(strict_types=1);

require __DIR__ . '/../../autoload.php';

use Userhash\Keyring;
use Userhash\Preset;
use Userhash\Signer;
use Userhash\Widget;

$rounds = (int) ($argv[1] ?? 200);
function throwsClosed(callable $call): bool
{
    try {
        $call();
    } catch (\Userhash\ClosedError) {
        return true;
    }
    return false;
}

$passed = $failed = 0;
$check = function (bool $ok, string $what) use (&$passed, &$failed): void {
    if ($ok) {
        $passed++;
    } else {
        $failed++;
        fwrite(STDERR, "FAIL {$what}\n");
    }
};

$vectors = json_decode((string) file_get_contents(__DIR__ . '/../../../tests/vectors/vectors.json'), true);
$widget = $vectors['widget']['cases'][0];
$vendor = array_values(array_filter($vectors['vendors']['cases'], fn (array $c): bool => $c['preset'] === 'zendesk' && $c['user'] !== null))[0];
$secret = 'your_secret_key';

for ($i = 0; $i < $rounds; $i++) {
    $id = "user{$i}";
    $oracle = hash_hmac('sha256', $id, $secret);

    $signer = new Signer($secret);
    $check($signer->sign($id) === $oracle && $signer->verify($id, $oracle), 'signer');
    $check($signer->signMany([$id, $id]) === [$oracle, $oracle], 'signMany');
    unset($signer);
    $check(\Userhash\sign($secret, $id) === $oracle, 'one-shot sign');

    $events = 0;
    $keyring = (new Keyring('new', 'new-secret'))->add('old', $secret, notAfter: 2000000000);
    $keyring->onFailure(function () use (&$events): void {
        $events++;
    });
    $check($keyring->verifyDetailed($id, $oracle, 1767225600)->keyId === 'old', 'keyring verify');
    $check($keyring->verifyDetailed($id, '', 1767225600)->outcome === 'missing' && $events === 1, 'hook');
    $token = $keyring->issueTokenAt($id, 1767225600);
    $check($keyring->verifyToken($id, $token, 0, 1767225600)->outcome === 'expired', 'token');
    $check($keyring->explain(strtoupper($id), hash_hmac('sha256', $id, 'new-secret'))->code === 'id_case', 'explain');
    try {
        $keyring->add('old', 'x');
        $check(false, 'duplicate key');
    } catch (\Userhash\UserhashException $e) {
        $check($e->getErrorCode() === 'duplicate_key_id', 'duplicate key');
    }
    unset($keyring);

    $closed = new Signer($secret);
    $closed->__destruct();
    $check(throwsClosed(fn () => $closed->sign($id)), 'signer after __destruct');
    unset($closed);
    $closing = (new Keyring('new', 'new-secret'))->add('old', $secret, notAfter: 1000);
    $closing->onFailure(function () use (&$closing): void {
        $closing->__destruct();
    });
    $check((string) $closing->verifyDetailed($id, $oracle, 2000) === 'expired (key old)', 'keyring closed by its hook');
    $check(throwsClosed(fn () => $closing->keyIds()), 'keyring after __destruct');
    unset($closing);

    $script = Widget::script($widget['secret_text'], $widget['preset'], $widget['app_id'], $widget['user']);
    $check($script === $widget['script'], 'widget');

    $jwtEvents = 0;
    $zendesk = Keyring::forPreset(Preset::Zendesk, $vendor['secret_text'], $vendor['key_id']);
    $zendesk->onFailure(function () use (&$jwtEvents): void {
        $jwtEvents++;
    });
    $snippet = $zendesk->widgetScript(Preset::Zendesk, '', $vendor['user'], $vendor['nonce'], now: $vendor['now']);
    $check($snippet === $vendor['script'], 'vendor snippet');
    $jwt = json_decode($zendesk->widgetJson(Preset::Zendesk, '', ['id' => $id], ttl: 60, now: 1767225600));
    $check($zendesk->verifyJwt(Preset::Zendesk, $jwt, now: 1767225600)->claims['external_id'] === $id, 'verifyJwt');
    $check($zendesk->issueJwt(Preset::Zendesk, ['id' => $id], 1767225660, 1767225600) === $jwt, 'issueJwt');
    $check($zendesk->explainJwt(Preset::Zendesk, $jwt, now: 1767225660)->code === 'jwt_expired' && $jwtEvents === 1, 'explainJwt');
    $check($zendesk->explainPreset(Preset::Crisp, $id, $oracle, 'jo@example.com')->code === 'id_instead_of_email', 'explainPreset');
    unset($zendesk);
}

printf("%d rounds\n%d passed, %d failed\n", $rounds, $passed, $failed);
exit($failed ? 1 : 0);
