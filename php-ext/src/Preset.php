<?php

declare(strict_types=1);

namespace Userhash;

/**
 * Every preset (vendor profile) of userhash, by its name in contract.json (the tests check the
 * list against it). Every method that takes a preset takes one of these or its name; the C
 * library knows what each profile signs, how it reads its secret and what its snippet is.
 */
enum Preset: string
{
    case Tau = 'tau';
    case Hal = 'hal';
    case Generic = 'generic';
    case Intercom = 'intercom';
    case IntercomJwt = 'intercom-jwt';
    case Chatwoot = 'chatwoot';
    case Crisp = 'crisp';
    case HelpScout = 'helpscout';
    case Front = 'front';
    case Pylon = 'pylon';
    case Zendesk = 'zendesk';
    case Canny = 'canny';
    case Featurebase = 'featurebase';

    /** The presets whose vendor takes a JWT instead of a hex hash. */
    public const JWT = [self::IntercomJwt, self::Zendesk, self::Canny, self::Featurebase];

    /** Whether the vendor takes a JWT (verifyJwt and explainJwt accept only these). */
    public function isJwt(): bool
    {
        return \in_array($this, self::JWT, true);
    }
}
