<?php

declare(strict_types=1);

namespace Userhash;

/** @internal What Signer and Keyring share as owners of a native handle (`$this->handle`, null once released). */
trait OwnsHandle
{
    /** The handle lives in this process only: refused. */
    public function __serialize(): array
    {
        throw new \LogicException(sprintf('a %s cannot be serialized: build it again from the secret in each process', self::class));
    }

    /** Private, so that `clone` fails before a copy exists (one whose __clone threw would still be destructed). */
    private function __clone()
    {
    }

    /** For the named constructors: an object whose constructor has not run, opened with `$constructor`. */
    private static function opened(string $constructor, #[\SensitiveParameter] mixed ...$arguments): self
    {
        $object = (new \ReflectionClass(self::class))->newInstanceWithoutConstructor();
        $object->open($constructor, ...$arguments);
        return $object;
    }

    /** The live handle; ClosedError once __destruct was called. */
    private function handle(): \FFI\CData
    {
        return $this->handle ?? throw new ClosedError(self::class);
    }
}
