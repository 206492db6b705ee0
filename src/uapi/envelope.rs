//! cPanel's response envelopes, parsed strictly: what is not cPanel's shape is an error.
//!
//! UAPI comes in two shapes: the bare result object over HTTP `/execute`
//! ([`Envelope::parse_bare`]) and the `{apiversion,func,module,result}` wrapper printed by the
//! `uapi` tool and sent over LiveAPI ([`Envelope::parse`]).

use serde::Deserialize;
use serde_json::Value;

use super::{Call, UapiError};

/// UAPI: `{"apiversion":3,"func":…,"module":…,"result":{…}}` (CLI, LiveAPI), or a bare result
/// from HTTP with the other fields `None`.
#[derive(Debug, Clone, Deserialize)]
pub struct Envelope {
    #[serde(default)]
    pub apiversion: Option<Value>,
    #[serde(default)]
    pub func: Option<String>,
    #[serde(default)]
    pub module: Option<String>,
    pub result: ResultBody,
}

/// The `result` of a UAPI call (also each item of a `Batch::strict` answer).
#[derive(Debug, Clone, Deserialize)]
pub struct ResultBody {
    #[serde(default)]
    pub data: Value,
    #[serde(default)]
    pub errors: Option<Vec<Value>>,
    #[serde(default)]
    pub messages: Option<Vec<Value>>,
    #[serde(default)]
    pub metadata: Value,
    pub status: Value,
    #[serde(default)]
    pub warnings: Option<Vec<Value>>,
}

impl ResultBody {
    /// cPanel sends `status` as 1/0, sometimes as "1"/"0".
    pub fn ok(&self) -> bool {
        match &self.status {
            Value::Number(n) => n.as_i64() == Some(1),
            Value::String(s) => s == "1",
            Value::Bool(b) => *b,
            _ => false,
        }
    }

    pub fn error_texts(&self) -> Vec<String> {
        texts(self.errors.as_deref())
    }

    pub fn into_data(self, call: &str) -> Result<Value, UapiError> {
        if self.ok() {
            Ok(self.data)
        } else {
            let mut errors = self.error_texts();
            if errors.is_empty() {
                errors.push("cPanel reported a failure without a message".to_owned());
            }
            Err(UapiError::Cpanel { call: call.to_owned(), errors })
        }
    }
}

impl Envelope {
    /// The wrapped form (`uapi --output=json`, LiveAPI).
    pub fn parse(call: &str, body: &[u8]) -> Result<Envelope, UapiError> {
        serde_json::from_slice(body).map_err(|e| UapiError::Malformed { call: call.to_owned(), detail: e.to_string() })
    }

    /// The bare result object HTTP `/execute` answers. A wrapped answer is refused: cpsrvd never
    /// sends one there, so it would mean something else is answering.
    pub fn parse_bare(call: &str, body: &[u8]) -> Result<Envelope, UapiError> {
        let malformed = |detail: String| UapiError::Malformed { call: call.to_owned(), detail };
        let v: Value = serde_json::from_slice(body).map_err(|e| malformed(e.to_string()))?;
        match &v {
            Value::Object(m) if m.contains_key("status") => {}
            Value::Object(m) if m.contains_key("result") => {
                return Err(malformed("a wrapped {result:…} answer where cPanel sends the bare result".to_owned()));
            }
            other => return Err(malformed(format!("expected a result object, got {}", kind(other)))),
        }
        let result: ResultBody = serde_json::from_value(v).map_err(|e| malformed(e.to_string()))?;
        Ok(Envelope { apiversion: None, func: None, module: None, result })
    }

    pub fn into_data(self, call: &str) -> Result<Value, UapiError> {
        self.result.into_data(call)
    }
}

/// API 2: `{"cpanelresult":{"apiversion":2,"func":…,"module":…,"data":[…],"event":{"result":1}}}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Api2Envelope {
    pub cpanelresult: Api2Result,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Api2Result {
    #[serde(default)]
    pub data: Value,
    #[serde(default)]
    pub event: Option<Value>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub func: Option<String>,
    #[serde(default)]
    pub module: Option<String>,
}

impl Api2Envelope {
    pub fn parse(call: &str, body: &[u8]) -> Result<Api2Envelope, UapiError> {
        serde_json::from_slice(body).map_err(|e| UapiError::Malformed { call: call.to_owned(), detail: e.to_string() })
    }

    pub fn into_data(self, call: &str) -> Result<Value, UapiError> {
        let r = self.cpanelresult;
        let ok = r
            .event
            .as_ref()
            .and_then(|e| e.get("result"))
            .map(|v| v.as_i64() == Some(1) || v.as_str() == Some("1"))
            .unwrap_or(false);
        if ok && r.error.is_none() {
            Ok(r.data)
        } else {
            let reason = r
                .error
                .or_else(|| r.event.as_ref().and_then(|e| e.get("reason")).and_then(|v| v.as_str()).map(str::to_owned))
                .unwrap_or_else(|| "cPanel reported a failure without a message".to_owned());
            Err(UapiError::Cpanel { call: call.to_owned(), errors: vec![reason] })
        }
    }
}

fn texts(v: Option<&[Value]>) -> Vec<String> {
    v.unwrap_or_default()
        .iter()
        .map(|e| match e {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

/// Splits a `Batch::strict` envelope into one result per call that cPanel ran.
///
/// The batch's `data` is a list of ordinary UAPI results, in order. cPanel stops at the first
/// failing call, so the list may be shorter than `chunk`; a failed batch whose list does not
/// end in a failure is blamed on the first call it did not answer. A failed batch with `data`
/// null ran nothing (`Cpanel/API/Batch.pm` resolves every command first and refuses the whole
/// batch when one does not exist): that gives an empty list, and the caller asks each call
/// on its own.
pub(crate) fn split_batch(env: Envelope, chunk: &[Call]) -> Result<Vec<Result<Value, UapiError>>, UapiError> {
    let batch_ok = env.result.ok();
    let batch_errors = env.result.error_texts();
    let items = match env.result.data {
        Value::Array(items) => items,
        Value::Null if !batch_ok => return Ok(Vec::new()),
        other => {
            return Err(UapiError::Malformed {
                call: "Batch::strict".to_owned(),
                detail: format!("expected a list of results, got {}", kind(&other)),
            });
        }
    };
    if items.len() > chunk.len() {
        return Err(UapiError::Malformed {
            call: "Batch::strict".to_owned(),
            detail: format!("{} results for {} calls", items.len(), chunk.len()),
        });
    }
    let mut out = Vec::with_capacity(items.len() + 1);
    let mut failed = false;
    for (item, c) in items.into_iter().zip(chunk) {
        let body = item_body(item).map_err(|detail| UapiError::Malformed { call: c.name(), detail })?;
        let r = body.into_data(&c.name());
        failed |= r.is_err();
        out.push(r);
        if failed {
            break;
        }
    }
    if !failed && out.len() < chunk.len() {
        if batch_ok {
            return Err(UapiError::Malformed {
                call: "Batch::strict".to_owned(),
                detail: format!("{} results for {} calls", out.len(), chunk.len()),
            });
        }
        let c = &chunk[out.len()];
        let errors = if batch_errors.is_empty() {
            vec!["cPanel stopped the batch without a message".to_owned()]
        } else {
            batch_errors
        };
        out.push(Err(UapiError::Cpanel { call: c.name(), errors }));
    }
    Ok(out)
}

/// A batch item is a bare result (`{"status":…,"data":…}`) or a whole envelope.
fn item_body(item: Value) -> Result<ResultBody, String> {
    let item = match item {
        Value::Object(mut m) if m.contains_key("result") && !m.contains_key("status") => {
            m.remove("result").unwrap_or(Value::Null)
        }
        other => other,
    };
    serde_json::from_value(item).map_err(|e| e.to_string())
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests;
