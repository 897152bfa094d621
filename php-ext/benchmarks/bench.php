<?php

/**
 * Prints benchmark rows (format in scripts/bench_report.py) for the PHP package against
 * hash_hmac('sha256', $id, $key), the seeds' PHP snippet, measured in this same process in
 * interleaved rounds.
 *
 * Usage: USERHASH_LIB=…/libuserhash.so php bench.php [ITERATIONS] [RUNS]
 */

declare(strict_types=1);

require __DIR__ . '/../autoload.php';

$iterations = (int) ($argv[1] ?? 200000);
$runs = (int) ($argv[2] ?? 7);
$secret = 'your_secret_key';
$signer = new Userhash\Signer($secret);

/**
 * Median and half-spread of ns per call for each case, over `$runs` rounds that run every
 * case once in turn, so that a busy moment of the machine hits all of them alike.
 *
 * @param array<string, callable(): int> $cases each returns the calls it made
 * @return array<string, array{float, float}>
 */
function measure(int $runs, array $cases): array
{
    $times = [];
    foreach ($cases as $body) {
        $body(); // warm-up
    }
    for ($run = 0; $run < $runs; $run++) {
        foreach ($cases as $name => $body) {
            $start = hrtime(true);
            $calls = $body();
            $times[$name][] = (hrtime(true) - $start) / $calls;
        }
    }
    $result = [];
    foreach ($times as $name => $values) {
        sort($values);
        $result[$name] = [$values[intdiv($runs, 2)], ($values[$runs - 1] - $values[0]) / 2];
    }
    return $result;
}

foreach ([7, 256] as $length) {
    $id = substr(str_repeat('user123-', 64), 0, $length);
    $hash = $signer->sign($id);
    if ($hash !== hash_hmac('sha256', $id, $secret)) {
        fwrite(STDERR, "userhash and hash_hmac disagree\n");
        exit(1);
    }
    $batch = array_fill(0, 1000, $id);
    $cases = [
        'stdlib' => static function () use ($iterations, $id, $secret): int {
            for ($i = 0; $i < $iterations; $i++) {
                hash_hmac('sha256', $id, $secret);
            }
            return $iterations;
        },
        'sign_keyed' => static function () use ($iterations, $id, $signer): int {
            for ($i = 0; $i < $iterations; $i++) {
                $signer->sign($id);
            }
            return $iterations;
        },
        'sign_oneshot' => static function () use ($iterations, $id, $secret): int {
            for ($i = 0; $i < $iterations; $i++) {
                Userhash\sign($secret, $id);
            }
            return $iterations;
        },
        'verify' => static function () use ($iterations, $id, $hash, $signer): int {
            for ($i = 0; $i < $iterations; $i++) {
                $signer->verify($id, $hash);
            }
            return $iterations;
        },
        'sign_many_item' => static function () use ($iterations, $batch, $signer): int {
            $rounds = intdiv($iterations, count($batch));
            for ($i = 0; $i < $rounds; $i++) {
                $signer->signMany($batch);
            }
            return $rounds * count($batch);
        },
    ];
    foreach (measure($runs, $cases) as $operation => [$median, $spread]) {
        printf("row\tphp\t%s\t%d\t%.1f\t%.1f\n", $operation, $length, $median, $spread);
    }
}
