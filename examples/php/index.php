<?php

/**
 * A plain-PHP site with a chat widget whose visitors are identified by userhash: the
 * contract of examples/README.md. Run it with `bash run.sh` (see README.md).
 *
 *   GET /login?id=ID&name=NAME&email=EMAIL  login stand-in: remembers the user in the session
 *   GET /                        the page: the TAU config of the logged-in user (or the
 *                                anonymous config), then the widget script
 *   GET /vendor/PRESET           the same for a vendor's widget (intercom-jwt, zendesk,
 *                                crisp, chatwoot), whose SDK comes from VENDOR_ORIGIN
 */

declare(strict_types=1);

require __DIR__ . '/../../php-ext/autoload.php'; // with Composer: vendor/autoload.php

use Userhash\Keyring;
use Userhash\Signer;
use Userhash\Widget;

$path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH);
session_start();

if ($path === '/login') {
    // Stands in for a real login form: whoever asks is logged in.
    $id = $_GET['id'] ?? '';
    if (!is_string($id) || $id === '') {
        http_response_code(400);
        exit('id is required');
    }
    session_regenerate_id(true);
    $given = static fn (string $key): ?string => is_string($_GET[$key] ?? null) && $_GET[$key] !== '' ? $_GET[$key] : null;
    $_SESSION['user'] = ['id' => $id, 'name' => $given('name'), 'email' => $given('email')];
    header('Location: /', true, 302);
    exit;
}

// Vendor widgets: a keyring, because Zendesk names its signing key (the key id goes into the
// JWT header). Each vendor takes only some user fields; Zendesk's ze-snippet defines zE, so
// its SDK comes before the snippet, the others' after.
const VENDOR_PAGES = [
    'intercom-jwt' => ['sdk' => 'intercom', 'app_id' => true, 'fields' => ['name', 'email']],
    'zendesk' => ['sdk' => 'zendesk', 'sdk_first' => true, 'fields' => ['name', 'email']],
    'crisp' => ['sdk' => 'crisp', 'fields' => ['email']],
    'chatwoot' => ['sdk' => 'chatwoot', 'fields' => ['name', 'email']],
];
if (preg_match('#^/vendor/([a-z-]+)$#', (string) $path, $match) === 1 && isset(VENDOR_PAGES[$match[1]])) {
    [$preset, $page] = [$match[1], VENDOR_PAGES[$match[1]]];
    $keyring = new Keyring((string) (getenv('USERHASH_KEY_ID') ?: 'current'), (string) getenv('USERHASH_SECRET'));
    $user = $_SESSION['user'] ?? null;
    if ($user !== null) {
        $user = ['id' => $user['id']] + array_filter(array_intersect_key($user, array_flip($page['fields'])), 'is_string');
    }
    $nonce = base64_encode(random_bytes(16));
    header("Content-Security-Policy: script-src 'nonce-{$nonce}'; object-src 'none'; base-uri 'none'");
    $appId = ($page['app_id'] ?? false) ? (string) getenv('USERHASH_APP_ID') : '';
    $snippet = $keyring->widgetScript($preset, $appId, $user, nonce: $nonce);
    $src = htmlspecialchars((string) getenv('VENDOR_ORIGIN') . '/vendors.js?vendor=' . $page['sdk'], ENT_QUOTES, 'UTF-8');
    $sdk = "<script nonce=\"{$nonce}\" src=\"{$src}\"></script>";
    echo "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>userhash: {$preset}</title></head>\n<body>\n";
    echo ($page['sdk_first'] ?? false) ? $sdk . $snippet : $snippet . $sdk;
    echo "\n</body>\n</html>\n";
    exit;
}

if ($path !== '/') {
    http_response_code(404);
    exit('not found');
}

$signer = Signer::fromEnv('USERHASH_SECRET');      // the widget secret, never in the page
$appId = (string) getenv('USERHASH_APP_ID');
$widgetOrigin = (string) getenv('WIDGET_ORIGIN');
$user = $_SESSION['user'] ?? null;                 // null: an anonymous visitor

// A fresh CSP nonce per page: only scripts carrying it (and the widget's origin) run.
$nonce = base64_encode(random_bytes(16));
header("Content-Security-Policy: script-src 'nonce-{$nonce}' {$widgetOrigin}; object-src 'none'; base-uri 'none'");

// <script nonce="…">window.taubotConfig = {"appId":…,"user":{"id":…,"hash":…,"name":…}};</script>
// The hash is computed from the id; the JSON escapes <, >, &, U+2028 and U+2029, so a name
// such as "</script><script>…" stays text.
$config = Widget::script($signer, 'tau', $appId, $user, nonce: $nonce);
$e = static fn (string $text): string => htmlspecialchars($text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
?>
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>userhash: plain PHP example</title>
</head>
<body>
<h1>Plain PHP + userhash</h1>
<?php if ($user !== null): ?>
<p>Logged in as <strong><?= $e($user['name'] ?? $user['id']) ?></strong>.</p>
<?php else: ?>
<p>Not logged in. <a href="/login?id=user123&amp;name=John%20Smith">Log in as user123</a></p>
<?php endif ?>
<?= $config ?>

<script src="<?= $e($widgetOrigin) ?>/widget.js"></script>
</body>
</html>
