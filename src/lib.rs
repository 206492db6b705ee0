//! secure-reopen: a cPanel plugin that walks the owner of a hacked website back to a safe,
//! reopened account. See ARCHITECTURE.md for the map.

#[macro_use]
mod names;

pub mod admin;
pub mod audit;
pub mod cgi;
pub mod checklist;
pub mod evidence;
pub mod fsutil;
#[doc(hidden)]
pub mod fuzzing;
pub mod helper;
pub mod holds;
pub mod i18n;
pub mod incident;
pub mod log;
pub mod notify;
pub mod pages;
pub mod passwords;
pub mod paths;
pub mod privileged;
pub mod progress;
pub mod restore;
pub mod sweep;
pub mod technician;
pub mod uapi;
pub mod user;
pub mod whm;
pub mod wordpress;
