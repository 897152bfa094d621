<?php

declare(strict_types=1);

namespace Userhash\Tests;

use PHPUnit\Framework\TestCase;
use Userhash\Native;

/**
 * Finding and loading the library, and each error on the way, in fresh processes (the FFI
 * instance is cached per process) with real ini settings.
 */
final class LoadingTest extends TestCase
{
    private const SIGN = "echo Userhash\\sign('your_secret_key', 'user123');";

    /** @return array<string, string> */
    private static function withLibrary(?string $library = null): array
    {
        return Process::env(['USERHASH_LIB' => $library ?? (string) getenv('USERHASH_LIB')]);
    }

    /**
     * @param array<string, string> $env
     * @param list<string> $options
     */
    private static function assertSignFails(string $message, array $env, array $options = []): void
    {
        [$status, $output] = Process::php(self::SIGN, $env, $options);
        self::assertNotSame(0, $status);
        self::assertStringContainsString($message, $output);
    }

    /** @return iterable<string, array{string}> */
    public function enabled(): iterable
    {
        yield from ['preload' => ['preload'], '1' => ['1'], 'On' => ['On'], 'true' => ['true']];
    }

    /** @return iterable<string, array{string}> */
    public function disabled(): iterable
    {
        yield from ['0' => ['0'], 'off' => ['off'], 'false' => ['false']];
    }

    /** @dataProvider enabled */
    public function testUserhashLibIsUsedWhereFfiIsEnabled(string $ffiEnable): void
    {
        [$status, $output] = Process::php(self::SIGN, self::withLibrary(), ['-d', "ffi.enable={$ffiEnable}"]);
        self::assertSame(0, $status, $output);
        self::assertSame(hash_hmac('sha256', 'user123', 'your_secret_key'), $output);
    }

    /** @dataProvider disabled */
    public function testFfiDisabledSaysWhichLineToSet(string $ffiEnable): void
    {
        $message = 'userhash: FFI is disabled by the ffi.enable setting: set ffi.enable=preload in php.ini (' . php_ini_loaded_file() . ')';
        self::assertSignFails($message, self::withLibrary(), ['-d', "ffi.enable={$ffiEnable}"]);
    }

    public function testWithoutTheFfiExtensionItSaysSo(): void
    {
        // -n: no php.ini, so no extension=ffi (Debian builds FFI as a shared extension).
        self::assertSignFails("userhash: PHP's FFI extension is not loaded: add extension=ffi to php.ini", self::withLibrary(), ['-n']);
    }

    public function testWithoutUserhashLibTheBundledLibraryOfThisMachineIsLookedFor(): void
    {
        // This Debian machine runs glibc; the source tree bundles no library, the dist package does.
        $bundled = dirname(__DIR__) . '/lib/' . php_uname('m') . '-linux-gnu/libuserhash.so';
        self::assertSignFails("USERHASH_LIB is not set and {$bundled} does not exist", Process::env([]));
    }

    public function testEachSupportedPlatformHasItsLibrary(): void
    {
        $lib = dirname(__DIR__) . '/lib';
        self::assertSame("{$lib}/x86_64-linux-gnu/libuserhash.so", Native::bundledLibrary('Linux', 'x86_64', false));
        self::assertSame("{$lib}/aarch64-linux-gnu/libuserhash.so", Native::bundledLibrary('Linux', 'aarch64', false));
        self::assertSame("{$lib}/x86_64-linux-musl/libuserhash.so", Native::bundledLibrary('Linux', 'x86_64', true));
    }

    public function testAnUnsupportedPlatformIsNamedWithTheSupportedOnes(): void
    {
        foreach (['Darwin arm64' => ['Darwin', 'arm64', false], 'Windows AMD64' => ['Windows', 'AMD64', false],
            'armv7l-linux-gnu' => ['Linux', 'armv7l', false], 'aarch64-linux-musl' => ['Linux', 'aarch64', true]] as $name => $platform) {
            try {
                Native::bundledLibrary(...$platform);
                self::fail("no error for {$name}");
            } catch (\RuntimeException $e) {
                self::assertSame("userhash: this package bundles no library for {$name}, only for x86_64-linux-gnu, aarch64-linux-gnu, "
                    . 'x86_64-linux-musl: set USERHASH_LIB to a libuserhash built for this platform from the userhash sources', $e->getMessage());
            }
        }
    }

    public function testAMissingUserhashLibIsNamed(): void
    {
        self::assertSignFails('USERHASH_LIB is set to /nonexistent/libuserhash.so, which is not a file', self::withLibrary('/nonexistent/libuserhash.so'));
    }

    public function testAFileThatIsNotALibraryIsNotAUserhashLibrary(): void
    {
        self::assertSignFails('userhash: ' . __FILE__ . " is not a userhash library this package can use (Failed loading '" . __FILE__ . "')", self::withLibrary(__FILE__));
    }

    public function testALibraryWithoutItsFunctionsIsNotAUserhashLibrary(): void
    {
        // The C library this PHP runs on loads, but has none of the userhash functions.
        self::assertSame(1, preg_match('{\S+/libc\.so\.6$}m', (string) file_get_contents('/proc/self/maps'), $libc));
        self::assertSignFails("userhash: {$libc[0]} is not a userhash library this package can use (Failed resolving C function 'userhash_", self::withLibrary($libc[0]));
    }
}
