<?php

declare(strict_types=1);

namespace Userhash\Tests;

use PHPUnit\Framework\TestCase;

/** Finding the library, in fresh processes since the FFI instance is cached per process. */
final class LoadingTest extends TestCase
{
    private const SIGN = "echo Userhash\\sign('your_secret_key', 'user123');";

    public function testUserhashLibIsUsed(): void
    {
        [$status, $output] = Process::php(self::SIGN, Process::env(['USERHASH_LIB' => (string) getenv('USERHASH_LIB')]));
        self::assertSame(0, $status, $output);
        self::assertSame(hash_hmac('sha256', 'user123', 'your_secret_key'), $output);
    }

    public function testAMissingLibraryNamesBothPlaces(): void
    {
        [$status, $output] = Process::php(self::SIGN, Process::env([]));
        self::assertNotSame(0, $status);
        self::assertStringContainsString('USERHASH_LIB is not set', $output);
        self::assertStringContainsString(dirname(__DIR__) . '/lib/libuserhash.so does not exist', $output);
    }

    public function testAWrongUserhashLibIsNamed(): void
    {
        [$status, $output] = Process::php(self::SIGN, Process::env(['USERHASH_LIB' => '/nonexistent/libuserhash.so']));
        self::assertNotSame(0, $status);
        self::assertStringContainsString('USERHASH_LIB is set to /nonexistent/libuserhash.so, which is not a file', $output);
    }
}
