//! One binary, several modes: CGI under cpsrvd (when `GATEWAY_INTERFACE` is set) — the
//! technicians' WHM page under `/cgi/secure_reopen/`, the customer's cPanel page otherwise — and
//! the admin command line.

fn main() {
    let code = if std::env::var_os("GATEWAY_INTERFACE").is_some() {
        let env: std::collections::HashMap<String, String> = std::env::vars().collect();
        if secure_reopen::technician::is_whm_request(&env) {
            secure_reopen::technician::main()
        } else {
            secure_reopen::cgi::main()
        }
    } else {
        secure_reopen::admin::main()
    };
    std::process::exit(code);
}
