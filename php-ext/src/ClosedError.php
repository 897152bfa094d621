<?php

declare(strict_types=1);

namespace Userhash;

/** A Signer or Keyring used after its `__destruct()`: the handle is freed once, and every later call throws this. */
final class ClosedError extends \LogicException
{
    /** @param class-string $class */
    public function __construct(string $class)
    {
        parent::__construct("this {$class} has been destroyed (its __destruct() was called): create a new one");
    }
}
