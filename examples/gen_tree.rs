//! Generates a web-root-like tree for the sweep benchmark: N files in nested folders, mostly
//! static assets and small PHP files, with a handful of planted findings.
//!
//!     cargo run --release --example gen_tree -- DIR 100000

use std::fs;
use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: gen_tree DIR COUNT"));
    let count: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let php = "<?php\n/** A plugin file. */\nfunction demo_render( $atts ) {\n\treturn '<div>' . esc_html( $atts['t'] ) . '</div>';\n}\nadd_shortcode( 'demo', 'demo_render' );\n";
    let css = "body{margin:0}\n.a{color:#333}\n";
    for i in 0..count {
        let dir = root.join(format!("wp-content/plugins/p{:03}/inc{:02}", i / 500, (i / 25) % 20));
        if i % 25 == 0 {
            fs::create_dir_all(&dir).unwrap();
        }
        let (name, body) = match i % 4 {
            0 => (format!("f{i}.php"), php),
            1 => (format!("f{i}.css"), css),
            2 => (format!("f{i}.js"), "console.log(1);\n"),
            _ => (format!("f{i}.png"), "\u{89}PNG"),
        };
        fs::write(dir.join(name), body).unwrap();
    }
    let up = root.join("wp-content/uploads/2026/11");
    fs::create_dir_all(&up).unwrap();
    fs::write(up.join("cache-img.php"), "<?php exit; @eval(base64_decode($_POST['k']));\n").unwrap();
    fs::write(root.join(".htaccess"), "RewriteEngine On\nRewriteCond %{HTTP_USER_AGENT} google [NC]\nRewriteRule ^(.*)$ https://spam.example/ [R=302,L]\n").unwrap();
    println!("generated {count} files under {}", root.display());
}
