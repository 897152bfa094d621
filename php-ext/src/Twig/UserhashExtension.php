<?php

declare(strict_types=1);

namespace Userhash\Twig;

use Twig\Extension\AbstractExtension;
use Twig\TwigFunction;
use Userhash\Integration\Widgets;

/**
 * `{{ userhash_widget(user) }}`, `{{ userhash_widget(user, 'crisp', nonce) }}` in Twig (Symfony: register it as a
 * service tagged `twig.extension`): the widget `<script>`, left unescaped because the core escaped its JSON.
 */
final class UserhashExtension extends AbstractExtension
{
    public function __construct(private readonly Widgets $widgets)
    {
    }

    public function getFunctions(): array
    {
        return [new TwigFunction('userhash_widget', $this->widgets->script(...), ['is_safe' => ['html']])];
    }
}
