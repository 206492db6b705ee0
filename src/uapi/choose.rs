//! Which transport the page uses. Inside cpsrvd a `.live.cgi` page is started with
//! `CPANEL_CONNECT_SOCKET`, and must connect to it (cpsrvd fails the request of a live page that
//! never connects): that is the page's only way to cPanel, and the only one that carries
//! passwords. Without the socket (the page run by another web server, as the CGI compliance test
//! does) the page can still read through cPanel's `uapi` tool, which refuses every secret.

use std::collections::HashMap;
use std::time::Duration;

use super::Transport;
use super::UapiError;
use super::cli::{CliOptions, CliTransport};
use super::live::{LiveOptions, LiveTransport};
use crate::paths::Paths;

/// Opens the page's connection to cPanel. Called first thing for every request, so that the
/// LiveAPI connection exists even for a page that ends up refusing the request.
pub fn for_page(env: &HashMap<String, String>, paths: &Paths) -> Result<Box<dyn Transport>, UapiError> {
    if let Some(live) = LiveTransport::from_env(env, LiveOptions::default()) {
        return Ok(Box::new(live?));
    }
    let mut o = CliOptions::new(paths.uapi_bin(), paths.cpapi2_bin());
    o.timeout = Duration::from_secs(60);
    Ok(Box::new(CliTransport::new(o)))
}
