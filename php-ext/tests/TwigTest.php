<?php

declare(strict_types=1);

namespace Userhash\Tests;

require_once '/usr/share/php/Twig/autoload.php'; // Debian's php-twig

use PHPUnit\Framework\TestCase;
use Twig\Environment;
use Twig\Loader\ArrayLoader;
use Userhash\Integration\Widgets;
use Userhash\Twig\UserhashExtension;

/** userhash_widget() in Debian's Twig 3, under HTML autoescaping. */
final class TwigTest extends TestCase
{
    private static function twig(string $template): Environment
    {
        $widgets = new Widgets(Widgets::keyringFrom('twig-secret', null, null, 'USERHASH_SECRET'), 'demo', nonce: static fn (): string => 'n0nce');
        $twig = new Environment(new ArrayLoader(['page' => $template]), ['autoescape' => 'html', 'strict_variables' => true]);
        $twig->addExtension(new UserhashExtension($widgets));
        return $twig;
    }

    public function testTheScriptIsLeftUnescapedAndTheNameStaysText(): void
    {
        $html = self::twig('{{ userhash_widget(user) }}')->render('page', ['user' => ['id' => 'user123', 'name' => '</script><b>']]);
        self::assertSame(1, preg_match('#^<script nonce="n0nce">window\.taubotConfig = (.*);</script>$#', $html, $m), $html);
        $config = json_decode($m[1], true, flags: JSON_THROW_ON_ERROR);
        self::assertSame(['id' => 'user123', 'hash' => hash_hmac('sha256', 'user123', 'twig-secret'), 'name' => '</script><b>'], $config['user']);
    }

    public function testAnotherPresetAndNonceAreArguments(): void
    {
        $html = self::twig("{{ userhash_widget({'id': 'u1', 'email': 'jo@example.com'}, 'crisp', 'other') }}")->render('page');
        self::assertStringStartsWith('<script nonce="other">', $html);
        self::assertStringContainsString(hash_hmac('sha256', 'jo@example.com', 'twig-secret'), $html);
    }
}
