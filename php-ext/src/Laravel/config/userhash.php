<?php

// userhash for Laravel (php-ext/README.md, Laravel): `php artisan vendor:publish --tag=userhash-config`
// copies this file to config/userhash.php.

return [
    // The widget secret from the vendor's dashboard; never in a page or a log.
    'secret' => env('USERHASH_SECRET'),
    // Rotation (README, Rotating the secret): the old secret verifies until the Unix time given.
    'previous_secret' => env('USERHASH_PREVIOUS_SECRET'),
    'previous_secret_not_after' => env('USERHASH_PREVIOUS_SECRET_NOT_AFTER'),

    'app_id' => env('USERHASH_APP_ID', ''),
    // The vendor profile @userhashWidget renders: tau, hal, intercom, intercom-jwt, crisp, chatwoot, zendesk, ...
    'preset' => env('USERHASH_PRESET', 'tau'),

    // 'drop': an optional user field that fails its rule (a malformed email) is left out and logged as a warning;
    // 'raise': it throws.
    'invalid_fields' => env('USERHASH_INVALID_FIELDS', 'drop'),
    // The log channel of those warnings (null: the default channel).
    'log_channel' => null,

    // A callable (a static method as [Class::class, 'method'], so that `config:cache` keeps it) giving a user's id,
    // for a user object without `id`; null: `id`.
    'get_id' => null,

    // Where @userhashWidget finds the response's CSP nonce: this request attribute, else Vite::cspNonce() when
    // Laravel has it (9.19 and later).
    'nonce_attribute' => 'csp_nonce',
];
