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
mod tests;
