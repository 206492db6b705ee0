//! One binary, several modes: CGI under cpsrvd (when `GATEWAY_INTERFACE` is set), otherwise the
//! admin command line.

fn main() {
    let code = if std::env::var_os("GATEWAY_INTERFACE").is_some() {
        secure_reopen::cgi::main()
    } else {
        secure_reopen::admin::main()
    };
    std::process::exit(code);
}
