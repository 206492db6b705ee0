//! secure-reopen: a cPanel plugin that walks the owner of a hacked website back to a safe,
//! reopened account. See ARCHITECTURE.md for the map.

#[macro_use]
mod names;

pub mod admin;
pub(crate) mod audit;
pub mod cgi;
pub(crate) mod checklist;
pub(crate) mod child;
pub(crate) mod cpanel_lock;
pub(crate) mod evidence;
pub(crate) mod fsutil;
#[doc(hidden)]
pub mod fuzzing;
pub(crate) mod helper;
pub(crate) mod holds;
pub mod i18n;
pub(crate) mod incident;
pub(crate) mod log;
pub(crate) mod notify;
pub(crate) mod pages;
pub mod passwords;
pub(crate) mod paths;
pub(crate) mod privileged;
pub(crate) mod progress;
pub(crate) mod restore;
pub mod sweep;
pub mod technician;
pub mod uapi;
pub(crate) mod user;
pub(crate) mod whm;
pub(crate) mod wordpress;
