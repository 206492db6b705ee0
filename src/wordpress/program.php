// secure-reopen: WordPress users, through WordPress's own PHP API.
// Run as the site's owner with `php -r`; the request (JSON) comes on standard input, never in
// argv or the environment. Prints one line "SECURE_REOPEN_RESULT " + JSON after discarding
// whatever WordPress or the site printed. Plugins, must-use plugins and the theme's
// functions.php are not loaded (the site was hacked: its code is not trusted to run here).
error_reporting(E_ALL & ~E_DEPRECATED & ~E_NOTICE & ~E_WARNING & ~E_USER_DEPRECATED);
ini_set('display_errors', 'stderr');
$sr_in = json_decode(stream_get_contents(STDIN, 1048576), true);
function sr_out($v) {
    while (ob_get_level() > 0) { ob_end_clean(); }
    fwrite(STDOUT, "\nSECURE_REOPEN_RESULT " . json_encode($v, JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE) . "\n");
    exit(0);
}
if (!is_array($sr_in) || !isset($sr_in['op'], $sr_in['key']) || !is_string($sr_in['key']) || strlen($sr_in['key']) < 32) {
    sr_out(['ok' => false, 'error' => 'bad request']);
}
$sr_key = $sr_in['key'];
$GLOBALS['sr_loading'] = true;
$sr_skip = function ($v) { return empty($GLOBALS['sr_loading']) ? $v : array(); };
$sr_nodir = function ($v) { return empty($GLOBALS['sr_loading']) ? $v : '/nonexistent/secure-reopen'; };
$GLOBALS['wp_filter'] = array(
    'option_active_plugins' => array(1 => array(array('function' => $sr_skip, 'accepted_args' => 1))),
    'site_option_active_sitewide_plugins' => array(1 => array(array('function' => $sr_skip, 'accepted_args' => 1))),
    'template_directory' => array(1 => array(array('function' => $sr_nodir, 'accepted_args' => 1))),
    'stylesheet_directory' => array(1 => array(array('function' => $sr_nodir, 'accepted_args' => 1))),
);
define('WPMU_PLUGIN_DIR', '/nonexistent/secure-reopen-mu-plugins');
define('DISABLE_WP_CRON', true);
$_SERVER['HTTP_HOST'] = isset($sr_in['host']) && is_string($sr_in['host']) ? $sr_in['host'] : 'localhost';
$_SERVER['SERVER_NAME'] = $_SERVER['HTTP_HOST'];
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
register_shutdown_function(function () {
    $e = error_get_last();
    if ($e && in_array($e['type'], array(E_ERROR, E_PARSE, E_CORE_ERROR, E_COMPILE_ERROR), true)) {
        sr_out(['ok' => false, 'error' => 'WordPress stopped: ' . $e['message']]);
    }
});
ob_start();
if (!file_exists('./wp-load.php')) { sr_out(['ok' => false, 'error' => 'no wp-load.php in this folder']); }
require './wp-load.php';
$GLOBALS['sr_loading'] = false;
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/user.php';

// Roles that can upload (administrators can); users of those roles are the ones listed.
function sr_roles() {
    $out = array();
    foreach (wp_roles()->roles as $name => $r) {
        $caps = isset($r['capabilities']) ? $r['capabilities'] : array();
        if (!empty($caps['upload_files']) || !empty($caps['manage_options']) || $name === 'administrator') { $out[] = $name; }
    }
    return $out;
}
function sr_user($u, $key) {
    $sessions = get_user_meta($u->ID, 'session_tokens', true);
    $last = null; $count = 0;
    if (is_array($sessions)) {
        foreach ($sessions as $s) {
            $count++;
            if (isset($s['login']) && is_int($s['login']) && ($last === null || $s['login'] > $last)) { $last = $s['login']; }
        }
    }
    $reg = strtotime($u->user_registered . ' UTC');
    return array(
        'id' => (int) $u->ID,
        'login' => (string) $u->user_login,
        'email' => (string) $u->user_email,
        'roles' => array_values(array_map('strval', (array) $u->roles)),
        'admin' => user_can($u, 'manage_options') || (is_multisite() && is_super_admin($u->ID)),
        'upload' => user_can($u, 'upload_files'),
        'registered' => $reg === false ? null : $reg,
        'last_login' => $last,
        'sessions' => $count,
        'hash' => hash_hmac('sha256', (string) $u->user_pass, $key),
    );
}
function sr_list($key) {
    $users = get_users(array('role__in' => sr_roles(), 'orderby' => 'ID', 'number' => 500));
    if (is_multisite()) {
        foreach (get_super_admins() as $login) {
            $u = get_user_by('login', $login);
            if ($u && !in_array($u->ID, wp_list_pluck($users, 'ID'))) { $users[] = $u; }
        }
    }
    $out = array();
    foreach ($users as $u) { $out[] = sr_user($u, $key); }
    return $out;
}
// The newer version WordPress itself last saw offered (its `update_plugins` / `update_themes`
// site transients, written by its own update check; nothing is fetched here), or null.
function sr_update($transient, $key) {
    $t = get_site_transient($transient);
    if (!is_object($t) || !isset($t->response) || !is_array($t->response) || !isset($t->response[$key])) { return null; }
    $r = (array) $t->response[$key];
    return isset($r['new_version']) && is_scalar($r['new_version']) ? (string) $r['new_version'] : null;
}
function sr_software() {
    $plugins = array();
    $active = (array) get_option('active_plugins', array());
    foreach (get_plugins() as $file => $p) {
        $plugins[] = array('file' => (string) $file, 'name' => (string) $p['Name'], 'version' => (string) $p['Version'], 'active' => in_array($file, $active, true), 'update' => sr_update('update_plugins', $file));
    }
    $themes = array();
    $current = get_stylesheet();
    foreach (wp_get_themes() as $slug => $t) {
        $themes[] = array('file' => (string) $slug, 'name' => (string) $t->get('Name'), 'version' => (string) $t->get('Version'), 'active' => $slug === $current, 'update' => sr_update('update_themes', $slug));
    }
    return array($plugins, $themes);
}

$sr_result = array('ok' => true, 'wp_version' => (string) $GLOBALS['wp_version'], 'site_url' => (string) get_option('siteurl'));
if ($sr_in['op'] === 'set') {
    $done = array();
    $allowed = wp_list_pluck(sr_list($sr_key), 'id');
    foreach ((array) $sr_in['users'] as $want) {
        $id = isset($want['id']) ? (int) $want['id'] : 0;
        $pw = isset($want['password']) ? (string) $want['password'] : '';
        if (!in_array($id, $allowed, true) || strlen($pw) < 15) {
            $done[] = array('id' => $id, 'ok' => false, 'old_hash' => null, 'error' => 'not an administrator or uploader of this site');
            continue;
        }
        $before = get_userdata($id);
        $old = hash_hmac('sha256', (string) $before->user_pass, $sr_key);
        wp_set_password($pw, $id);
        WP_Session_Tokens::get_instance($id)->destroy_all();
        clean_user_cache($id);
        $u = get_userdata($id);
        $ok = $u && wp_check_password($pw, $u->user_pass, $id) && count(WP_Session_Tokens::get_instance($id)->get_all()) === 0;
        $done[] = array('id' => $id, 'ok' => (bool) $ok, 'old_hash' => $old, 'error' => $ok ? null : 'the new password did not read back');
    }
    $sr_result['set'] = $done;
}
$sr_result['users'] = sr_list($sr_key);
if (!empty($sr_in['software'])) {
    list($sr_result['plugins'], $sr_result['themes']) = sr_software();
}
sr_out($sr_result);
