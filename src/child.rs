//! Waiting for a child process with a deadline: the one loop every bounded run of a tool uses
//! (cPanel's `uapi`, the MySQL client, php-cli, yara, the admin CLI from the WHM page).

use std::process::{Child, ExitStatus};
use std::time::{Duration, Instant};

/// How often a waiting parent looks at the child.
const POLL: Duration = Duration::from_millis(10);

/// Waits for `child` until `deadline`. Past it the child is killed and reaped, and the answer
/// is `Ok(None)`; a child that ended answers its status.
pub fn wait_until(child: &mut Child, deadline: Instant) -> std::io::Result<Option<ExitStatus>> {
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(None);
        }
        std::thread::sleep(POLL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    #[test]
    fn a_child_that_ends_answers_and_one_that_does_not_is_killed() {
        let mut quick = Command::new("true").spawn().expect("true runs");
        let st = wait_until(&mut quick, Instant::now() + Duration::from_secs(10)).expect("waits");
        assert!(st.is_some_and(|s| s.success()));
        let mut slow = Command::new("sleep").arg("30").spawn().expect("sleep runs");
        let started = Instant::now();
        assert!(wait_until(&mut slow, Instant::now() + Duration::from_millis(100)).expect("waits").is_none());
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(slow.try_wait().expect("reaped").is_some(), "killed and reaped");
    }
}
