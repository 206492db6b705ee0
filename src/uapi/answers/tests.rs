use std::cell::RefCell;

use serde_json::json;

use super::*;
use crate::uapi::{Api2Envelope, Envelope};

/// Answers every UAPI call with its own name and records what was sent.
struct Echo(RefCell<Vec<String>>);

impl Transport for Echo {
    fn uapi(&self, c: &Call) -> Result<Envelope, UapiError> {
        self.0.borrow_mut().push(c.name());
        let data = if c.name() == "Batch::strict" {
            let names: Vec<Value> = c
                    .args
                    .iter()
                    .map(|(_, cmd)| {
                        let v: Value = serde_json::from_str(cmd).unwrap();
                        json!({"status": 1, "data": format!("{}::{}", v[0].as_str().unwrap(), v[1].as_str().unwrap()), "errors": null, "messages": null, "metadata": {}})
                    })
                    .collect();
            json!(names)
        } else {
            json!(c.name())
        };
        let result = json!({"status": 1, "data": data, "errors": null, "messages": null, "metadata": {}});
        Ok(serde_json::from_value(json!({ "result": result })).unwrap())
    }

    fn api2(&self, c: &Call) -> Result<Api2Envelope, UapiError> {
        self.0.borrow_mut().push(format!("api2 {}", c.name()));
        Ok(serde_json::from_value(json!({"cpanelresult": {"data": [c.name()], "event": {"result": 1}}})).unwrap())
    }
}

#[test]
fn each_call_is_sent_once_and_read_by_call() {
    let t = Echo(RefCell::new(Vec::new()));
    let a = Ask::new()
        .uapi([Call::new("Ftp", "list_ftp"), Call::new("Email", "list_pops")])
        .uapi([Call::new("Email", "list_pops"), Call::new("Tokens", "list")])
        .api2([Call::new("SSH", "listkeys")])
        .send(&t);
    assert_eq!(a.uapi(&Call::new("Tokens", "list")).unwrap(), json!("Tokens::list"));
    assert_eq!(a.uapi(&Call::new("Email", "list_pops")).unwrap(), json!("Email::list_pops"));
    assert!(matches!(a.uapi(&Call::new("Mysql", "list_users")), Err(UapiError::NotRun { .. })));
    assert!(matches!(a.uapi(&Call::new("SSH", "listkeys")), Err(UapiError::NotRun { .. })), "API 2 is apart");
    assert_eq!(a.api2(&Call::new("SSH", "listkeys")).unwrap(), json!(["SSH::listkeys"]));
    assert_eq!(*t.0.borrow(), ["Batch::strict", "api2 SSH::listkeys"]);
}
