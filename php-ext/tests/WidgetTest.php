<?php

declare(strict_types=1);

namespace Userhash\Tests;

use PHPUnit\Framework\TestCase;
use Userhash\Signer;
use Userhash\UserhashError;
use Userhash\UserIdTypeError;
use Userhash\Widget;

/**
 * Every `widget` vector of tests/vectors/vectors.json byte for byte (built there by Python's
 * json and hmac), every widget error code, and the PHP array conversions.
 */
final class WidgetTest extends TestCase
{
    /** @return iterable<string, array{array<string, mixed>}> */
    public function cases(): iterable
    {
        return Vectors::cases(['widget', 'cases']);
    }

    /** @return iterable<string, array{array<string, mixed>}> */
    public function errors(): iterable
    {
        return Vectors::cases(['widget', 'errors']);
    }

    /**
     * @param array<string, mixed> $case
     * @return array{string, string}
     */
    private static function build(array $case, Signer|string $signer): array
    {
        $args = [$signer, $case['preset'], $case['app_id'], $case['user']];
        return [
            Widget::json(...$args, global: $case['global'] ?? null),
            Widget::script(...$args, nonce: $case['nonce'] ?? null, global: $case['global'] ?? null),
        ];
    }

    /**
     * @dataProvider cases
     * @param array<string, mixed> $case
     */
    public function testEverySnippetByteForByte(array $case): void
    {
        foreach ([$case['secret_text'], new Signer($case['secret_text'])] as $signer) {
            [$json, $script] = self::build($case, $signer);
            self::assertSame($case['json'], $json);
            self::assertSame($case['script'], $script);
        }
        if ($case['user'] !== null) {
            $hash = hash_hmac('sha256', $case['user']['id'], $case['secret_text']);
            self::assertStringContainsString("\"{$hash}\"", $case['json'], 'hash_hmac agrees');
        }
    }

    /**
     * @dataProvider errors
     * @param array<string, mixed> $case
     */
    public function testEveryErrorCode(array $case): void
    {
        try {
            self::build($case, $case['secret_text']);
            self::fail("expected {$case['error']}");
        } catch (UserhashError $e) {
            self::assertSame($case['error'], $e->getErrorCode());
        }
    }

    public function testPhpValuesConvertAsTheVectorsDo(): void
    {
        $secret = 'your_secret_key';
        // int ids are their decimal text; DateTime is its Unix seconds; int metadata keys are text.
        self::assertSame(
            Widget::json($secret, 'generic', 'app', ['id' => '42', 'created_at' => 1701967378, 'metadata' => ['7' => 'x']]),
            Widget::json($secret, 'generic', 'app', ['id' => 42, 'created_at' => new \DateTimeImmutable('@1701967378'), 'metadata' => [7 => 'x']]),
        );
        self::assertStringContainsString('"metadata":{}', Widget::json($secret, 'hal', 'app', ['id' => 'u', 'metadata' => []]));
        // A null field is left out, never written as null.
        self::assertSame(
            Widget::json($secret, 'tau', 'app', ['id' => 'u']),
            Widget::json($secret, 'tau', 'app', ['id' => 'u', 'name' => null, 'email' => null]),
        );
    }

    public function testValuesPhpCanHoldButTheSpecDoesNot(): void
    {
        $secret = 'your_secret_key';
        // A key the configuration does not have, or a value of the wrong type, is the core's
        // invalid_widget_config (docs/spec.md 5.3), but a created_at that is not an integer is
        // invalid_timestamp; text JSON cannot hold is text_not_utf8.
        $bad = [
            ['invalid_widget_config', 'tau', ['id' => 'u', 'hash' => str_repeat('0', 64)]],
            ['invalid_timestamp', 'tau', ['id' => 'u', 'created_at' => '1701967378']],
            ['invalid_timestamp', 'tau', ['id' => 'u', 'created_at' => 1.5]],
            ['invalid_widget_config', 'tau', ['id' => 'u', 'name' => ['John']]],
            ['invalid_widget_config', 'hal', ['id' => 'u', 'metadata' => 'plan=pro']],
            ['invalid_widget_config', 'hal', ['id' => 'u', 'metadata' => ['ratio' => INF]]],
            ['invalid_metadata', 'hal', ['id' => 'u', 'metadata' => ['ratio' => 1.5]]],
            ['invalid_metadata', 'hal', ['id' => 'u', 'metadata' => ['tags' => ['a']]]],
            ['empty_user_id', 'tau', ['name' => 'no id']],
            ['user_id_not_unicode', 'tau', ['id' => "\xff"]],
            ['text_not_utf8', 'tau', ['id' => 'u', 'name' => "\xff"]],
            ['text_not_utf8', 'hal', ['id' => 'u', 'metadata' => ['plan' => "\xff"]]],
        ];
        foreach ($bad as [$code, $preset, $user]) {
            self::assertWidgetError($code, fn () => Widget::json($secret, $preset, 'app', $user));
        }
        self::assertWidgetError('text_not_utf8', fn () => Widget::json($secret, 'tau', "app\xff", null));
        $this->expectException(UserIdTypeError::class);
        Widget::json($secret, 'tau', 'app', ['id' => 1.0]);
    }

    private static function assertWidgetError(string $code, callable $build): void
    {
        try {
            $build();
            self::fail("expected {$code}");
        } catch (UserhashError $e) {
            self::assertSame($code, $e->getErrorCode(), $e->getMessage());
            self::assertStringEndsWith("[{$code}]", $e->getMessage());
        }
    }

    public function testLongSnippetsAreReadWhole(): void
    {
        $name = str_repeat('<é>', 5000);
        $json = Widget::json('your_secret_key', 'tau', 'app', ['id' => 'u', 'name' => $name]);
        self::assertSame($name, json_decode($json, true)['user']['name']);
    }
}
