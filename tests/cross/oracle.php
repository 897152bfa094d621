<?php
// hash_hmac oracle, the seeds' PHP snippet. PHP strings are bytes, so the raw and text
// forms are the same call; prints "<hash> <hash>" per sign case.
$doc = json_decode(file_get_contents($argv[1]), true, 512, JSON_THROW_ON_ERROR);
foreach ($doc['sign'] as $c) {
    $hash = hash_hmac('sha256', hex2bin($c['user_id_hex']), hex2bin($c['secret_hex']));
    $text = isset($c['secret_text'], $c['user_id_text'])
        ? hash_hmac('sha256', $c['user_id_text'], $c['secret_text'])
        : '-';
    echo $hash, ' ', $text, "\n";
}
