<?php

// The page fpm.sh serves: the hash of the user id POSTed as the request body, under the secret
// in the FastCGI parameter USERHASH_TEST_SECRET_HEX, with the package loaded by Composer.

declare(strict_types=1);

require __DIR__ . '/../vendor/autoload.php';

header('Content-Type: text/plain');
echo Userhash\Signer::fromBytes((string) hex2bin($_SERVER['USERHASH_TEST_SECRET_HEX']))->sign((string) file_get_contents('php://input'));
