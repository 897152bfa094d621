<?php

/**
 * A plain-PHP site with a chat widget whose visitors are identified by userhash: the
 * contract of examples/README.md. Run it with `bash run.sh` (see README.md).
 *
 *   GET /login?id=ID&name=NAME   login stand-in: remembers the user in the session
 *   GET /                        the page: the TAU config of the logged-in user (or the
 *                                anonymous config), then the widget script
 */

declare(strict_types=1);

require __DIR__ . '/../../php-ext/autoload.php'; // with Composer: vendor/autoload.php

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
    $_SESSION['user'] = ['id' => $id, 'name' => is_string($_GET['name'] ?? null) ? $_GET['name'] : null];
    header('Location: /', true, 302);
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
