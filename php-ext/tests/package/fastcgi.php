<?php

/**
 * Requests public/sign.php of a PHP-FPM pool over FastCGI with cgi-fcgi, as a web server would:
 *
 *     php fastcgi.php SOCKET PAGE VECTORS signs       every sign vector, each checked against hash_hmac
 *     php fastcgi.php SOCKET PAGE VECTORS unpreloaded a 500 whose FastCGI stderr is the "not preloaded" error
 *
 * Ends with "fpm: N passed, N failed" (or "fpm-unpreloaded: …"); exits 1 on any failure.
 */

declare(strict_types=1);

[, $socket, $page, $vectorsFile, $mode] = $argv;
$vectors = json_decode((string) file_get_contents($vectorsFile), true, 512, JSON_THROW_ON_ERROR);

/** @return array{int, string, string} the HTTP status, the body and FastCGI's stderr */
function request(string $socket, string $page, string $userId, string $secretHex): array
{
    $params = [
        'SCRIPT_FILENAME' => $page,
        'REQUEST_METHOD' => 'POST',
        'CONTENT_TYPE' => 'application/octet-stream',
        'CONTENT_LENGTH' => (string) strlen($userId),
        'USERHASH_TEST_SECRET_HEX' => $secretHex,
        'PATH' => (string) getenv('PATH'), // for cgi-fcgi itself
    ];
    $process = proc_open(['cgi-fcgi', '-bind', '-connect', $socket], [['pipe', 'r'], ['pipe', 'w'], ['pipe', 'w']], $pipes, null, $params);
    fwrite($pipes[0], $userId);
    fclose($pipes[0]);
    $response = (string) stream_get_contents($pipes[1]);
    $stderr = (string) stream_get_contents($pipes[2]);
    proc_close($process);
    [$headers, $body] = explode("\r\n\r\n", $response, 2) + [1 => ''];
    $status = preg_match('/^Status: (\d+)/m', $headers, $m) ? (int) $m[1] : 200;
    return [$status, $body, $stderr];
}

$passed = $failed = 0;
if ($mode === 'signs') {
    foreach ($vectors['sign'] as $case) {
        $userId = (string) hex2bin($case['user_id_hex']);
        $oracle = hash_hmac('sha256', $userId, (string) hex2bin($case['secret_hex']));
        [$status, $body, $stderr] = request($socket, $page, $userId, $case['secret_hex']);
        if ($status === 200 && $body === $oracle) {
            $passed++;
        } else {
            $failed++;
            echo "FAIL {$case['name']}: {$status} {$body} {$stderr}\n";
        }
    }
} else {
    [$status, $body, $stderr] = request($socket, $page, 'user123', '796f75725f7365637265745f6b6579');
    $preload = dirname($page, 2) . '/vendor/userhash/userhash/preload.php';
    foreach ([
        'status 500' => $status === 500,
        'the error names the missing preload' => str_contains($stderr, 'userhash: this fpm-fcgi process has not preloaded userhash'),
        'the error gives the ini line' => str_contains($stderr, "opcache.preload={$preload}"),
    ] as $name => $ok) {
        $ok ? $passed++ : $failed++;
        $ok || print("FAIL {$name}: {$status} {$body} {$stderr}\n");
    }
}
echo ($mode === 'signs' ? 'fpm' : 'fpm-unpreloaded') . ": {$passed} passed, {$failed} failed\n";
exit($failed === 0 ? 0 : 1);
