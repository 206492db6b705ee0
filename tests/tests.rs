//! One integration test binary; modules are named after what a customer, an admin or cPanel
//! does. `harness` starts the simulator and drives it like a browser or a script would.

mod accessibility;
mod admin;
mod attacks;
mod browser_journey;
mod cgi_compliance;
mod contract;
mod cost;
mod docs;
mod faults;
mod fleet;
mod fuzz_corpus;
mod harness;
mod helper;
mod holds;
mod install;
mod journey;
mod journey_traps;
mod passwords;
mod reopen;
mod restore;
mod script_users;
mod simulator;
mod sweep;
mod technician;
mod uapi_client;
mod vector;
