<?php

declare(strict_types=1);

namespace Userhash;

/**
 * What Signer and Keyring share as owners of a native handle: no copy (two objects would
 * free one handle twice) and no serialization (the handle lives in this process only).
 *
 * @internal
 */
trait OwnsHandle
{
    /** The handle lives in this process only; serializing it would leak or dangle. */
    public function __serialize(): array
    {
        throw new \LogicException(sprintf('a %s cannot be serialized: build it again from the secret in each process', self::class));
    }

    /**
     * Private, so that `clone` fails before a copy exists (a copy whose __clone threw is
     * still destructed): share the object instead.
     */
    private function __clone()
    {
    }

    /** An object whose constructor has not run, for the named constructors. */
    private static function uninitialized(): self
    {
        return (new \ReflectionClass(self::class))->newInstanceWithoutConstructor();
    }
}
