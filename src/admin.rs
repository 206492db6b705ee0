//! The admin command line (root on the server). Clear usage, precise errors, exit codes.

use clap::{Parser, Subcommand};

use crate::paths::Paths;
use crate::user::UserName;

#[derive(Parser)]
#[command(
    name = "secure-reopen",
    version,
    about = "Walk a hacked cPanel account back to a safe reopen"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Incident records.
    Incident {
        #[command(subcommand)]
        action: IncidentAction,
    },
}

#[derive(Subcommand)]
enum IncidentAction {
    /// Show the incident record of USER.
    Show {
        user: String,
        /// Print the record as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Entry point in CLI mode. Returns the exit code: 0 done, 1 failed, 2 usage.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let paths = Paths::from_env();
    match cli.command {
        Command::Incident {
            action: IncidentAction::Show { user, json },
        } => show(&paths, &user, json),
    }
}

fn show(paths: &Paths, user: &str, json: bool) -> i32 {
    let user = match UserName::parse(user) {
        Ok(u) => u,
        Err(e) => {
            eprintln!("secure-reopen: {e}");
            return 2;
        }
    };
    match crate::incident::load(paths, user.as_str()) {
        Ok(Some(i)) if json => {
            println!(
                "{}",
                serde_json::to_string_pretty(&i).expect("incident serializes")
            );
            0
        }
        Ok(Some(i)) => {
            println!("user:     {}", i.user);
            println!("status:   {:?}", i.status);
            println!("opened:   {}", i.opened_at);
            if let Some(a) = &i.attack_time {
                println!("attack:   {} ({:?})", a.at, a.precision);
            }
            0
        }
        Ok(None) => {
            eprintln!(
                "secure-reopen: no incident record for {user} ({})",
                paths.incident_file(user.as_str()).display()
            );
            1
        }
        Err(e) => {
            eprintln!("secure-reopen: {user}: {e}");
            1
        }
    }
}
