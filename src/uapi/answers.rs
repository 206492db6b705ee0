//! Answers read by call, never by position: a page gathers the calls every reader needs, each
//! distinct call is sent once (UAPI calls in one [`super::batch`], API 2 calls one by one), and
//! each reader takes the answer to the call it asked for. A call nobody sent reads as
//! [`UapiError::NotRun`], never as another call's answer.

use serde_json::Value;

use super::{Call, Transport, UapiError};

/// The calls to send: UAPI and API 2, each distinct call once.
#[derive(Debug, Default, Clone)]
pub struct Ask {
    uapi: Vec<Call>,
    api2: Vec<Call>,
}

impl Ask {
    pub fn new() -> Ask {
        Ask::default()
    }

    /// Adds UAPI calls; one already asked for is not added again.
    pub fn uapi(mut self, calls: impl IntoIterator<Item = Call>) -> Ask {
        add(&mut self.uapi, calls);
        self
    }

    /// Adds API 2 calls; one already asked for is not added again.
    pub fn api2(mut self, calls: impl IntoIterator<Item = Call>) -> Ask {
        add(&mut self.api2, calls);
        self
    }

    /// Sends the UAPI calls as one batch and the API 2 calls one by one.
    pub fn send(self, t: &dyn Transport) -> Answers {
        let uapi_results = super::batch(t, &self.uapi);
        let api2_results: Vec<_> = self.api2.iter().map(|c| super::call_api2(t, c)).collect();
        Answers {
            uapi: self.uapi.into_iter().zip(uapi_results).collect(),
            api2: self.api2.into_iter().zip(api2_results).collect(),
        }
    }
}

fn add(list: &mut Vec<Call>, calls: impl IntoIterator<Item = Call>) {
    for c in calls {
        if !list.contains(&c) {
            list.push(c);
        }
    }
}

/// What cPanel answered to each call of an [`Ask`].
#[derive(Debug, Clone)]
pub struct Answers {
    uapi: Vec<(Call, Result<Value, UapiError>)>,
    api2: Vec<(Call, Result<Value, UapiError>)>,
}

impl Answers {
    /// The answer to a UAPI call, or [`UapiError::NotRun`] if it was not asked.
    pub fn uapi(&self, c: &Call) -> Result<Value, UapiError> {
        find(&self.uapi, c)
    }

    /// The answer to an API 2 call, or [`UapiError::NotRun`] if it was not asked.
    pub fn api2(&self, c: &Call) -> Result<Value, UapiError> {
        find(&self.api2, c)
    }
}

fn find(list: &[(Call, Result<Value, UapiError>)], c: &Call) -> Result<Value, UapiError> {
    list.iter()
        .find(|(asked, _)| asked == c)
        .map(|(_, r)| r.clone())
        .unwrap_or(Err(UapiError::NotRun { call: c.name() }))
}

#[cfg(test)]
mod tests {
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
}
