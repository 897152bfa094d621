<?php

declare(strict_types=1);

namespace Userhash\Tests;

/** Child PHP processes for what one process cannot test: loading, web servers. */
final class Process
{
    /**
     * The environment for a child: PATH and the given variables only.
     *
     * @param array<string, string> $vars
     * @return array<string, string>
     */
    public static function env(array $vars): array
    {
        return ['PATH' => (string) getenv('PATH')] + $vars;
    }

    /**
     * Runs PHP code in a fresh process, with the PHP options given (`-n`, `-d ...`); returns
     * its exit status and combined output.
     *
     * @param array<string, string> $env
     * @param list<string> $options
     * @return array{int, string}
     */
    public static function php(string $code, array $env, array $options = []): array
    {
        $autoload = dirname(__DIR__) . '/autoload.php';
        $process = proc_open(
            [PHP_BINARY, ...$options, '-r', "require '{$autoload}'; {$code}"],
            [1 => ['pipe', 'w'], 2 => ['redirect', 1]],
            $pipes,
            null,
            $env,
        );
        $output = (string) stream_get_contents($pipes[1]);
        fclose($pipes[1]);
        return [proc_close($process), $output];
    }

    /** A TCP port that was free a moment ago. */
    public static function freePort(): int
    {
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        $name = (string) stream_socket_get_name($socket, false);
        fclose($socket);
        return (int) substr($name, strrpos($name, ':') + 1);
    }
}
