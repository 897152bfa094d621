<?php

declare(strict_types=1);

namespace Userhash\Integration;

use Userhash\UserhashError;

/** A secret the framework's configuration lacks or holds malformed: the message says what to set; the code is the C library's. */
final class ConfigError extends \RuntimeException implements UserhashError
{
    public function __construct(string $hint, private readonly UserhashError $error)
    {
        parent::__construct("{$hint}: {$error->getMessage()}", $error->getCode(), $error);
    }

    public function getErrorCode(): string
    {
        return $this->error->getErrorCode();
    }
}
