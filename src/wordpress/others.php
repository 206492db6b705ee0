// secure-reopen: administrators of a Joomla or Drupal site, read with the site's own database
// settings. Run as the site's owner with `php -r` in the folder of the settings file; the
// request (JSON) comes on standard input. Reads only; prints one marked JSON line.
error_reporting(E_ALL & ~E_DEPRECATED & ~E_NOTICE & ~E_WARNING & ~E_USER_DEPRECATED);
ini_set('display_errors', 'stderr');
mysqli_report(MYSQLI_REPORT_OFF);
function sr_out($v) {
    while (ob_get_level() > 0) { ob_end_clean(); }
    fwrite(STDOUT, "\nSECURE_REOPEN_RESULT " . json_encode($v, JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE) . "\n");
    exit(0);
}
$sr_in = json_decode(stream_get_contents(STDIN, 65536), true);
$sr_kind = is_array($sr_in) && isset($sr_in['kind']) ? $sr_in['kind'] : '';
ob_start();
function sr_connect($host, $user, $pass, $db, $port = null, $socket = null) {
    if (is_string($host) && strpos($host, ':') !== false) {
        list($h, $rest) = explode(':', $host, 2);
        if ($rest !== '' && $rest[0] === '/') { $socket = $rest; } else { $port = (int) $rest; }
        $host = $h;
    }
    $m = @mysqli_connect($host, $user, $pass, $db, $port ? (int) $port : 3306, $socket);
    if (!$m) { sr_out(['ok' => false, 'error' => 'cannot connect to the database: ' . mysqli_connect_error()]); }
    mysqli_set_charset($m, 'utf8mb4');
    return $m;
}
function sr_prefix($p) {
    if (!is_string($p) || !preg_match('/^[A-Za-z0-9_]*$/', $p)) { sr_out(['ok' => false, 'error' => 'unusual table prefix']); }
    return $p;
}
function sr_rows($m, $sql) {
    $r = mysqli_query($m, $sql);
    if (!$r) { sr_out(['ok' => false, 'error' => 'query failed: ' . mysqli_error($m)]); }
    $out = array();
    while (($row = mysqli_fetch_assoc($r)) && count($out) < 500) { $out[] = $row; }
    return $out;
}
function sr_time($v) {
    if ($v === null || $v === '' || $v === '0' || strpos((string) $v, '0000') === 0) { return null; }
    if (is_numeric($v)) { return (int) $v; }
    $t = strtotime($v . ' UTC');
    return $t === false ? null : $t;
}
$admins = array();
if ($sr_kind === 'joomla') {
    if (!file_exists('./configuration.php')) { sr_out(['ok' => false, 'error' => 'no configuration.php']); }
    require './configuration.php';
    if (!class_exists('JConfig')) { sr_out(['ok' => false, 'error' => 'configuration.php defines no JConfig']); }
    $c = new JConfig();
    $m = sr_connect($c->host, $c->user, $c->password, $c->db);
    $p = sr_prefix($c->dbprefix);
    $rows = sr_rows($m, "SELECT u.id, u.username, u.email, u.registerDate, u.lastvisitDate, u.block, MAX(g.group_id) AS grp FROM `{$p}users` u JOIN `{$p}user_usergroup_map` g ON g.user_id = u.id WHERE g.group_id IN (7, 8) GROUP BY u.id ORDER BY u.id");
    foreach ($rows as $r) {
        $admins[] = array('id' => (int) $r['id'], 'login' => (string) $r['username'], 'email' => (string) $r['email'],
            'role' => ((int) $r['grp']) === 8 ? 'super_user' : 'administrator',
            'registered' => sr_time($r['registerDate']), 'last_login' => sr_time($r['lastvisitDate']), 'blocked' => (bool) $r['block']);
    }
} elseif ($sr_kind === 'drupal') {
    if (!file_exists('./settings.php')) { sr_out(['ok' => false, 'error' => 'no settings.php']); }
    $site_path = 'sites/' . basename(getcwd());
    $app_root = dirname(dirname(getcwd()));
    $settings = array(); $databases = array(); $config = array(); $config_directories = array();
    include './settings.php';
    if (!isset($databases['default']['default'])) { sr_out(['ok' => false, 'error' => 'settings.php sets no default database']); }
    $d = $databases['default']['default'];
    if (isset($d['driver']) && $d['driver'] !== 'mysql') { sr_out(['ok' => false, 'error' => 'database driver ' . $d['driver'] . ' is not supported']); }
    $m = sr_connect(isset($d['host']) ? $d['host'] : 'localhost', $d['username'], $d['password'], $d['database'], isset($d['port']) && $d['port'] !== '' ? $d['port'] : null, isset($d['unix_socket']) ? $d['unix_socket'] : null);
    $p = sr_prefix(isset($d['prefix']) && is_string($d['prefix']) ? $d['prefix'] : '');
    $rows = sr_rows($m, "SELECT u.uid, u.name, u.mail, u.created, u.login, u.status FROM `{$p}users_field_data` u JOIN `{$p}user__roles` r ON r.entity_id = u.uid WHERE r.roles_target_id = 'administrator' GROUP BY u.uid ORDER BY u.uid");
    foreach ($rows as $r) {
        $admins[] = array('id' => (int) $r['uid'], 'login' => (string) $r['name'], 'email' => (string) $r['mail'], 'role' => 'administrator',
            'registered' => sr_time($r['created']), 'last_login' => sr_time($r['login']), 'blocked' => ((int) $r['status']) === 0);
    }
} else {
    sr_out(['ok' => false, 'error' => 'unknown kind']);
}
sr_out(['ok' => true, 'admins' => $admins]);
