<?php

declare(strict_types=1);

namespace Userhash;

/** Every error userhash throws: `getCode()` is the C library's `userhash_result` value. */
interface UserhashError extends \Throwable
{
    /** The stable code string every userhash binding reports, such as `"empty_user_id"`. */
    public function getErrorCode(): string;
}
