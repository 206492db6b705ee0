//! Delete-then-restore: pick a backup made before the attack, move the affected folder to a
//! quarantine the web server cannot read (nothing is lost), restore the folder from the
//! backup, and check the result. Each step is recorded before the next starts, so a crash
//! resumes or rolls back instead of leaving half a folder.

pub mod choose;
pub mod quarantine;
pub mod run;
