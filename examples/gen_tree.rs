//! Generates a web-root-like tree for the sweep benchmark: N clean files in nested folders,
//! mostly small PHP files of several shapes and static assets, some with non-ASCII text, and
//! every 500th a 214 KB PHP file with a non-ASCII byte and a long base64 run (an embedded
//! image: clean, but the slow path of naive regex scanners). Nothing malicious: the benchmark
//! plants its corpus itself.
//!
//!     cargo run --release --example gen_tree -- DIR 100000

use std::fs;
use std::path::PathBuf;

const PHP: &[&str] = &[
    "<?php\n/** A plugin file. */\nfunction demo_render( $atts ) {\n\treturn '<div>' . esc_html( $atts['t'] ) . '</div>';\n}\nadd_shortcode( 'demo', 'demo_render' );\n",
    "<?php\nnamespace Demo\\Admin;\n\nclass Settings {\n\tprivate $opts = array();\n\tpublic function __construct() {\n\t\tadd_action( 'admin_menu', array( $this, 'menu' ) );\n\t}\n\tpublic function save() {\n\t\tif ( ! current_user_can( 'manage_options' ) ) { return; }\n\t\t$v = sanitize_text_field( wp_unslash( $_POST['demo_opt'] ?? '' ) );\n\t\tupdate_option( 'demo_opt', $v );\n\t}\n}\n",
    "<?php\nrequire_once __DIR__ . '/includes/class-loader.php';\n$loader = new Demo_Loader();\nforeach ( $loader->modules() as $m ) {\n\tinclude __DIR__ . '/modules/' . $m . '.php';\n}\n$cb = array( $loader, 'boot' );\ncall_user_func( $cb );\n",
    "<?php\nreturn [\n    'name' => 'Cache',\n    'ttl' => 3600,\n    'paths' => ['views' => __DIR__ . '/views'],\n];\n",
    "<?php\n// Åpner og lukker bufferen – «hurtigbuffer» for sider. 日本語のコメント。\n$title = 'Ærlig talt';\necho htmlspecialchars( $title, ENT_QUOTES, 'UTF-8' );\n",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: gen_tree DIR COUNT"));
    let count: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let css = "body{margin:0}\n.a{color:#333}\n";
    let big = big_file();
    for i in 0..count {
        let dir = root.join(format!("wp-content/plugins/p{:03}/inc{:02}", i / 500, (i / 25) % 20));
        if i % 25 == 0 {
            fs::create_dir_all(&dir).unwrap();
        }
        if i % 500 == 0 {
            fs::write(dir.join(format!("icons{i}.php")), &big).unwrap();
            fs::write(
                dir.join(".htaccess"),
                "# BEGIN WordPress\nRewriteEngine On\nRewriteRule . /index.php [L]\n# END WordPress\n",
            )
            .unwrap();
            continue;
        }
        match i % 8 {
            0..=4 => fs::write(dir.join(format!("f{i}.php")), PHP[i % PHP.len()]).unwrap(),
            5 => fs::write(dir.join(format!("f{i}.css")), css).unwrap(),
            6 => fs::write(dir.join(format!("f{i}.js")), "console.log('ø');\n").unwrap(),
            _ => fs::write(dir.join(format!("f{i}.png")), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap(),
        }
    }
    println!("generated {count} files under {}", root.display());
}

/// 214 KB of clean PHP: a non-ASCII comment and a long base64 run (an embedded image).
fn big_file() -> Vec<u8> {
    let mut s =
        "<?php\n// Ikoner for menyen – innebygd bilde («data URI»), ©\n$icon = 'data:image/png;base64,".to_owned();
    let alphabet = b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg";
    let mut x: u32 = 7;
    while s.len() < 214 * 1024 - 200 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        s.push(alphabet[(x >> 16) as usize % alphabet.len()] as char);
    }
    s.push_str("';\necho '<img alt=\"\" src=\"' . esc_attr( $icon ) . '\">';\n");
    s.into_bytes()
}
