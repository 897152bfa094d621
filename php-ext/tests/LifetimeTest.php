<?php

declare(strict_types=1);

namespace Userhash\Tests;

use PHPUnit\Framework\TestCase;
use Userhash\FailureEvent;
use Userhash\Keyring;

/**
 * A native handle is released exactly once, never while a C call uses it, and a Signer or
 * Keyring whose __destruct() was called throws ClosedError instead of reading freed memory.
 * What could crash runs in a child process, so that a regression fails one test instead of
 * killing the suite.
 */
final class LifetimeTest extends TestCase
{
    private const CLOSED = 'this Userhash\\%s has been destroyed (its __destruct() was called): create a new one';

    /** Runs `$code` in a child PHP; returns its output after checking that it exited with 0. */
    private static function child(string $code): string
    {
        [$status, $output] = Process::php($code, Process::env(['USERHASH_LIB' => (string) getenv('USERHASH_LIB')]));
        self::assertSame(0, $status, "the child exited with {$status} (a signal number for a crash: 11 SIGSEGV, 6 SIGABRT):\n{$output}");
        return $output;
    }

    /** PHP that prints one line per closure in `$calls`: the LogicException it threw, or what it returned. */
    private const EACH_CALL = <<<'PHP'
        foreach ($calls as $name => $call) {
            try {
                $line = var_export($call(), true);
            } catch (LogicException $e) {
                $line = get_class($e) . ": {$e->getMessage()}";
            }
            echo "{$name}: {$line}\n";
        }
        PHP;

    /** @param list<string> $names */
    private static function closedLines(string $class, array $names): string
    {
        return implode('', array_map(fn (string $name): string => "{$name}: Userhash\\ClosedError: " . sprintf(self::CLOSED, $class) . "\n", $names));
    }

    public function testASignerDestroyedByHandThrowsClosedErrorAndIsFreedOnce(): void
    {
        $output = self::child('
            $signer = new Userhash\Signer("secret");
            $signer->__destruct();
            $signer->__destruct();
            $calls = [
                "sign" => fn () => $signer->sign("user123"),
                "verify" => fn () => $signer->verify("user123", hash_hmac("sha256", "user123", "secret")),
                "signMany" => fn () => $signer->signMany(["user123"]),
                "widget" => fn () => Userhash\Widget::json($signer, "tau", "app", ["id" => "user123"]),
            ];
        ' . self::EACH_CALL);
        self::assertSame(self::closedLines('Signer', ['sign', 'verify', 'signMany', 'widget']), $output);
    }

    public function testAKeyringDestroyedByHandThrowsClosedErrorAndIsFreedOnce(): void
    {
        $output = self::child('
            $keyring = (new Userhash\Keyring("k", "secret"))->add("old", "old-secret");
            $keyring->__destruct();
            $keyring->__destruct();
            $hash = hash_hmac("sha256", "user123", "secret");
            $calls = [
                "primaryId" => fn () => $keyring->primaryId(),
                "keyIds" => fn () => $keyring->keyIds(),
                "add" => fn () => $keyring->add("new", "new-secret"),
                "addBytes" => fn () => $keyring->addBytes("new", "new-secret"),
                "onFailure" => fn () => $keyring->onFailure(fn () => null),
                "sign" => fn () => $keyring->sign("user123"),
                "verify" => fn () => $keyring->verify("user123", $hash),
                "verifyDetailed" => fn () => $keyring->verifyDetailed("user123", $hash),
                "issueToken" => fn () => $keyring->issueToken("user123", 60),
                "issueTokenAt" => fn () => $keyring->issueTokenAt("user123", 2000000000),
                "verifyToken" => fn () => $keyring->verifyToken("user123", "v1.2000000000." . $hash),
                "explain" => fn () => $keyring->explain("user123", $hash),
                "debugInfo" => fn () => $keyring->__debugInfo(),
            ];
        ' . self::EACH_CALL);
        $closed = ['primaryId', 'keyIds', 'add', 'addBytes', 'onFailure', 'sign', 'verify', 'verifyDetailed', 'issueToken', 'issueTokenAt', 'verifyToken', 'explain'];
        self::assertSame(
            self::closedLines('Keyring', $closed) . "debugInfo: array (\n  'keyIds' => \n  array (\n  ),\n  'secrets' => '<redacted>',\n)\n",
            $output,
        );
    }

    public function testAKeyringDestroyedByItsOwnHookFinishesTheVerificationInFlight(): void
    {
        // The hook runs before the verification returns, which has read the matching key's
        // id from the keyring before calling it.
        $output = self::child('
            $keyring = (new Userhash\Keyring("k", "secret"))->add("old", "old-secret", notAfter: 100);
            $keyring->onFailure(function (Userhash\FailureEvent $event) use (&$keyring): void {
                $keyring->__destruct();
                try {
                    $keyring->sign("user123");
                } catch (Userhash\ClosedError $e) {
                    echo "in the hook: ", $e->getMessage(), "\n";
                }
            });
            $verification = $keyring->verifyDetailed("user123", hash_hmac("sha256", "user123", "old-secret"), 200);
            echo "in flight: {$verification}\n";
            try {
                $keyring->verify("user123", "");
            } catch (Userhash\ClosedError $e) {
                echo "after: ", $e->getMessage(), "\n";
            }
        ');
        $closed = sprintf(self::CLOSED, 'Keyring');
        self::assertSame("in the hook: {$closed}\nin flight: expired (key old)\nafter: {$closed}\n", $output);
    }

    public function testWhatAHookThrowsAfterDestroyingItsKeyringIsRethrown(): void
    {
        $output = self::child('
            $keyring = new Userhash\Keyring("k", "secret");
            $keyring->onFailure(function () use (&$keyring): void {
                $keyring->__destruct();
                throw new DomainException("from the hook");
            });
            try {
                $keyring->verify("user123", "");
            } catch (DomainException $e) {
                echo $e->getMessage(), "\n";
            }
        ');
        self::assertSame("from the hook\n", $output);
    }

    public function testAKeyringDestroyedByItsHookDuringExplainFinishesTheExplain(): void
    {
        $output = self::child('
            $keyring = (new Userhash\Keyring("k", "secret"))->add("old", "old-secret");
            $keyring->onFailure(function () use (&$keyring): void {
                $keyring->__destruct();
            });
            // The hook runs once the finding is read: explain still returns it.
            $id = str_repeat("u", 400);
            echo $keyring->explain($id, hash_hmac("sha256", "{$id}\n", "old-secret"))->code, "\n";
            try {
                $keyring->explain($id, "");
            } catch (Userhash\ClosedError $e) {
                echo "after: closed\n";
            }
        ');
        self::assertSame("id_whitespace\nafter: closed\n", $output);
    }

    public function testAKeyCannotBeAddedFromTheFailureHook(): void
    {
        // Keys are added before verifying, never by the verification that called the hook.
        $keyring = new Keyring('k', 'secret');
        $keyring->onFailure(function () use ($keyring): void {
            $keyring->add('late', 'late-secret');
        });
        try {
            $keyring->verify('user123', '');
            self::fail('the hook\'s LogicException is rethrown');
        } catch (\LogicException $e) {
            self::assertStringStartsWith('a key cannot be added to a Userhash\Keyring from its failure hook', $e->getMessage());
        }
        self::assertSame(['k'], $keyring->keyIds());
        $keyring->onFailure(null)->add('late', 'late-secret');
        self::assertSame(['k', 'late'], $keyring->keyIds(), 'outside the hook, adding works');
    }

    public function testAHookMayVerifyWithItsOwnKeyring(): void
    {
        $keyring = (new Keyring('k', 'secret'))->add('old', 'old-secret', notAfter: 100);
        $inner = [];
        $keyring->onFailure(function (FailureEvent $event) use ($keyring, &$inner): void {
            if ($event->userId === 'outer') {
                $inner[] = (string) $keyring->verifyDetailed('inner', hash_hmac('sha256', 'inner', 'secret'), 500);
            }
        });
        $outer = $keyring->verifyDetailed('outer', hash_hmac('sha256', 'outer', 'old-secret'), 200);
        self::assertSame('expired (key old)', (string) $outer, 'the inner call did not overwrite the outer result');
        self::assertSame(['verified (key k)'], $inner);
    }

    public function testCloningIsRefusedAndLeavesTheOriginalUsable(): void
    {
        // A copy would free the one handle a second time.
        $output = self::child('
            foreach ([new Userhash\Signer("secret"), new Userhash\Keyring("k", "secret")] as $original) {
                try {
                    $copy = clone $original;
                    echo "cloned\n";
                } catch (Error $e) {
                    echo $e->getMessage(), "\n";
                }
                echo var_export($original->sign("u") === hash_hmac("sha256", "u", "secret"), true), "\n";
            }
        ');
        self::assertSame(
            "Call to private Userhash\\Signer::__clone() from global scope\ntrue\n"
            . "Call to private Userhash\\Keyring::__clone() from global scope\ntrue\n",
            $output,
        );
    }

    public function testCallingTheConstructorAgainKeepsTheHandle(): void
    {
        $signer = new \Userhash\Signer('secret');
        try {
            $signer->__construct('other');
            self::fail('a second construction is refused');
        } catch (\Error $e) {
            self::assertStringContainsString('readonly', $e->getMessage());
        }
        self::assertSame(hash_hmac('sha256', 'u', 'secret'), $signer->sign('u'));
    }
}
