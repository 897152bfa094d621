<?php

/**
 * A page that configures a chat widget for the logged-in user, as the TAU and Hal docs
 * describe, with userhash instead of hash_hmac. Try it:
 *
 *     USERHASH_SECRET=your_secret_key USERHASH_LIB=dist/c/userhash-0.1.0-x86_64-linux-gnu/lib/libuserhash.so \
 *       php -d opcache.enable_cli=1 -d opcache.preload=php-ext/preload.php \
 *       -S 127.0.0.1:8080 -t php-ext/examples
 */

declare(strict_types=1);

require __DIR__ . '/../autoload.php'; // with Composer: vendor/autoload.php

// Stands in for your session's logged-in user.
$userId = getenv('USERHASH_DEMO_USER_ID') ?: 'user123';

// One Signer per process is enough; building it is the costly part, signing is cheap.
$signer = Userhash\Signer::fromEnv('USERHASH_SECRET');

// <script>window.taubotConfig = {"appId":…,"user":{"id":…,"hash":…}};</script>, with the
// hash computed from the id and <, >, &, U+2028, U+2029 escaped: a user id containing
// "</script>" stays data.
$script = Userhash\Widget::script($signer, 'tau', 'YOUR_APP_ID', ['id' => $userId]);
?>
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>userhash widget example</title></head>
<body>
<?= $script ?>

</body>
</html>
