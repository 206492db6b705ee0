use super::*;
use serde_json::json;

fn calls(n: usize) -> Vec<Call> {
    (0..n).map(|i| Call::new("M", &format!("f{i}"))).collect()
}

#[test]
fn failed_envelope_carries_cpanel_errors() {
    let env: Envelope = serde_json::from_value(json!({"apiversion":3,"func":"x","module":"Y",
            "result":{"data":null,"errors":["The function “x” does not exist."],"messages":null,
            "metadata":{},"status":0,"warnings":null}}))
    .unwrap();
    let e = env.into_data("Y::x").unwrap_err();
    assert_eq!(e.cpanel_messages(), ["The function “x” does not exist."]);
}

#[test]
fn http_answers_are_bare_and_a_wrapper_there_is_refused() {
    let bare = br#"{"data":[1],"errors":null,"messages":null,"metadata":{},"status":1,"warnings":null}"#;
    assert_eq!(Envelope::parse_bare("M::f", bare).unwrap().into_data("M::f").unwrap(), json!([1]));
    let wrapped = br#"{"apiversion":3,"func":"f","module":"M","result":{"status":1,"data":[1]}}"#;
    assert!(matches!(Envelope::parse_bare("M::f", wrapped), Err(UapiError::Malformed { .. })));
    assert!(Envelope::parse("M::f", wrapped).is_ok());
    assert!(matches!(Envelope::parse("M::f", bare), Err(UapiError::Malformed { .. })));
}

#[test]
fn strict_batch_stops_at_first_failure() {
    let env: Envelope = serde_json::from_value(json!({"result":{"status":0,"errors":["stop"],
            "data":[{"status":1,"data":1},{"status":0,"errors":["bad"],"data":null}]}}))
    .unwrap();
    let r = split_batch(env, &calls(4)).unwrap();
    assert_eq!(r.len(), 2);
    assert_eq!(r[0], Ok(json!(1)));
    assert_eq!(r[1].as_ref().unwrap_err().cpanel_messages(), ["bad"]);
}

#[test]
fn short_failed_batch_blames_next_call() {
    let env: Envelope = serde_json::from_value(json!({"result":{"status":0,"errors":["boom"],
            "data":[{"status":1,"data":1}]}}))
    .unwrap();
    let r = split_batch(env, &calls(3)).unwrap();
    assert_eq!(r.len(), 2);
    assert_eq!(r[1].as_ref().unwrap_err().cpanel_messages(), ["boom"]);
}

#[test]
fn a_batch_refused_before_running_gives_no_results() {
    let env: Envelope = serde_json::from_value(json!({"result":{"status":0,"data":null,
            "errors":["The UAPI module “M” does not have a function named “f9”."]}}))
    .unwrap();
    assert_eq!(split_batch(env, &calls(3)).unwrap(), vec![]);
}

#[test]
fn too_many_results_is_malformed() {
    let env: Envelope = serde_json::from_value(json!({"result":{"status":1,
            "data":[{"status":1},{"status":1}]}}))
    .unwrap();
    assert!(matches!(split_batch(env, &calls(1)), Err(UapiError::Malformed { .. })));
}
