<?php
// The PHP anchor: a minimal page that renders a 12-item list, escaped.
$items = ['Change the cPanel password', 'Change every e-mail password', 'Change FTP passwords',
    'Change database passwords', 'Restore from a clean backup', 'Remove backdoors',
    'Review cron jobs', 'Review forwarders', 'Remove old API tokens', 'Remove old SSH keys',
    'Update PHP', 'Harden WordPress'];
header('Content-Type: text/html; charset=utf-8');
?><!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Checklist</title></head>
<body><h1>Checklist</h1><ol>
<?php foreach ($items as $i => $item): ?>
<li id="item-<?= $i ?>"><?= htmlspecialchars($item, ENT_QUOTES, 'UTF-8') ?></li>
<?php endforeach; ?>
</ol></body></html>
