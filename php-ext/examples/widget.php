<?php

/**
 * A page that configures a chat widget for the logged-in user, as the TAU and Hal docs
 * describe, with userhash instead of hash_hmac. Try it:
 *
 *     USERHASH_SECRET=your_secret_key USERHASH_LIB=target/release/libuserhash.so \
 *       php -d opcache.enable_cli=1 -d opcache.preload=php-ext/preload.php \
 *       -S 127.0.0.1:8080 -t php-ext/examples
 */

declare(strict_types=1);

require __DIR__ . '/../autoload.php'; // with Composer: vendor/autoload.php

// Stands in for your session's logged-in user.
$userId = getenv('USERHASH_DEMO_USER_ID') ?: 'user123';

// One Signer per process is enough; building it is the costly part, signing is cheap.
$signer = Userhash\Signer::fromEnv('USERHASH_SECRET');

$config = [
    'appId' => 'YOUR_APP_ID',
    'user' => ['id' => $userId, 'hash' => $signer->sign($userId)],
];
// JSON_HEX_* escape <, >, &, ' and ": a user id containing "</script>" stays data.
$json = json_encode($config, JSON_HEX_TAG | JSON_HEX_AMP | JSON_HEX_APOS | JSON_HEX_QUOT | JSON_THROW_ON_ERROR);
?>
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>userhash widget example</title></head>
<body>
<script>
window.taubotConfig = <?= $json ?>;
</script>
</body>
</html>
