<?php

declare(strict_types=1);

namespace Userhash\Tests;

/** The shared test data in tests/vectors/, read once per process. */
final class Vectors
{
    /** @return array<string, mixed> the document tests/vectors/`$file` */
    public static function load(string $file = 'vectors.json'): array
    {
        static $docs = [];
        return $docs[$file] ??= json_decode(
            (string) file_get_contents(__DIR__ . "/../../tests/vectors/{$file}"),
            true,
            512,
            JSON_THROW_ON_ERROR,
        );
    }

    /** @return array<string, array<string, mixed>> contract.json's presets (vendor profiles) by name */
    public static function profiles(): array
    {
        static $profiles = null;
        $contract = (string) file_get_contents(__DIR__ . '/../../contract.json');
        return $profiles ??= array_column(json_decode($contract, true, 512, JSON_THROW_ON_ERROR)['presets'], null, 'name');
    }

    /**
     * The cases of section `$path` of vectors.json (such as `['token', 'cases']`) for a data
     * provider, each named by its index and name.
     *
     * @param list<string> $path
     * @return iterable<string, array{array<string, mixed>}>
     */
    public static function cases(array $path): iterable
    {
        $cases = self::load();
        foreach ($path as $key) {
            $cases = $cases[$key];
        }
        foreach ($cases as $i => $case) {
            yield "#{$i} {$case['name']}" => [$case];
        }
    }
}
