//! The sweep's reading of one file: a PHP lexer ([`php`]), the data-flow analysis from request
//! input and decoders into sinks ([`taint`]), the families found by their shape ([`shapes`]),
//! what an application does with its own uploads and mail ([`app`]), server settings files
//! ([`conf`]), defacement pages ([`deface`]), JavaScript added to scripts and pages
//! ([`script`]), Perl, Python and shell programs ([`programs`]), and the verdict over all of them ([`detect`]).
//!
//! Plain domain code with no I/O: the plugin's root side walks the account and calls
//! [`detect::judge`]. It is its own crate so that it can be built for speed (`opt-level = 3`)
//! while the rest of the one shipped binary stays small.

pub mod app;
pub mod conf;
pub mod deface;
pub mod detect;
pub mod php;
pub mod programs;
pub mod script;
pub mod shapes;
pub mod spam;
pub mod taint;
