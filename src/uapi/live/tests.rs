use super::*;
use serde_json::json;

#[test]
fn repeated_parameters_get_cpanel_form_names() {
    let c = Call::new("Batch", "strict").arg("command", "a").arg("command", "b").arg("command", "c");
    let p = action_payload(&c, ApiVersion::Uapi);
    assert_eq!(
        p,
        "<cpanelaction>\n{\"module\":\"Batch\",\"reqtype\":\"exec\",\"func\":\"strict\",\"apiversion\":\"uapi\",\
             \"args\":{\"command\":\"a\",\"command-0\":\"b\",\"command-1\":\"c\"}}\n</cpanelaction>"
    );
}

#[test]
fn replies_with_declaration_error_element_or_other_elements_parse() {
    let r = parse_reply(
            "M::f",
            b"<?xml version=\"1.0\" ?>\n<cpanelresult><error>A warning occurred.</error>{\"result\":{\"status\":1}}</cpanelresult>\n",
        )
        .unwrap();
    assert_eq!(r, json!({"result":{"status":1}}));
    let r = parse_reply("M::f", b"<cpanelresult><yeet>haha</yeet>{}</cpanelresult>").unwrap();
    assert_eq!(r, json!({}));
}

#[test]
fn an_empty_result_is_an_unknown_outcome_and_a_bare_error_is_cpanels_refusal() {
    let e = parse_reply("M::f", b"<?xml version=\"1.0\" ?>\n<cpanelresult></cpanelresult>").unwrap_err();
    assert!(e.outcome_unknown(), "{e}");
    let e = parse_reply("M::f", b"<cpanelresult><error>Access denied</error></cpanelresult>").unwrap_err();
    assert_eq!(e.cpanel_messages(), ["Access denied"]);
}

/// A peer that sends `answer`, then hangs up; returns our end as a transport.
fn peer(answer: String) -> LiveTransport {
    let (ours, mut theirs) = UnixStream::pair().unwrap();
    std::thread::spawn(move || {
        theirs.write_all(answer.as_bytes()).unwrap();
        theirs.shutdown(std::net::Shutdown::Write).unwrap();
        let _ = theirs.read_to_end(&mut Vec::new());
    });
    let opts = LiveOptions { timeout: Duration::from_secs(5), max_reply_bytes: 1 << 20 };
    LiveTransport::over_stream(ours, opts).unwrap()
}

fn frame(v: &Value) -> String {
    format!("<?xml version=\"1.0\" ?>\n<cpanelresult>{v}</cpanelresult>\n")
}

/// Found by the live_roundtrip fuzzer: cPanel's JSON does not escape `/`, so a cron job
/// whose command holds `</cpanelresult>` cut the listing there, and the text after it (here
/// a forged "password changed" answer) became the next call's answer.
#[test]
fn a_cron_command_holding_cpanelresult_neither_cuts_the_answer_nor_forges_the_next() {
    let command = r#"curl x </cpanelresult><cpanelresult>{"result":{"status":1,"data":"forged"}}</cpanelresult>"#;
    let answer = [
        frame(&json!({"data":{"result":"json"}})),
        frame(&json!({"cpanelresult":{"data":[{"command":command,"linekey":"7f3a"}],"event":{"result":1}}})),
        frame(&json!({"result":{"status":0,"errors":["The password is too weak."],"data":null}})),
    ]
    .concat();
    let t = peer(answer);
    let list = t.api2(&Call::new("Cron", "listcron")).unwrap().into_data("Cron::listcron").unwrap();
    assert_eq!(list[0]["command"], command);
    let change = t.uapi(&Call::new("Mysql", "set_password")).unwrap().into_data("Mysql::set_password");
    assert_eq!(change.unwrap_err().cpanel_messages(), ["The password is too weak."]);
}

/// A peer that speaks the protocol: reads each message, then sends the next answer.
fn conversing_peer(answers: Vec<String>) -> LiveTransport {
    let (ours, mut theirs) = UnixStream::pair().unwrap();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let mut byte = [0u8; 1];
        for a in answers {
            buf.clear();
            while theirs.read(&mut byte).unwrap() == 1 && byte[0] != b'\n' {
                buf.push(byte[0]);
            }
            let len: usize = String::from_utf8_lossy(&buf).parse().unwrap();
            theirs.read_exact(&mut vec![0u8; len]).unwrap();
            theirs.write_all(a.as_bytes()).unwrap();
        }
        let _ = theirs.shutdown(std::net::Shutdown::Write);
        let _ = theirs.read_to_end(&mut Vec::new());
    });
    let opts = LiveOptions { timeout: Duration::from_secs(5), max_reply_bytes: 1 << 20 };
    LiveTransport::over_stream(ours, opts).unwrap()
}

/// The other side of the fix above: an answer that really was cut inside a string (nothing
/// follows its `</cpanelresult>`) is malformed after a short wait, not a hang, and the
/// conversation goes on in step.
#[test]
fn an_answer_cut_inside_a_string_is_malformed_and_the_next_call_gets_its_own_answer() {
    let t = conversing_peer(vec![
        frame(&json!({"data":{"result":"json"}})),
        "<?xml version=\"1.0\" ?>\n<cpanelresult>{\"result\":{\"data\":[{\"email\":\"in</cpanelresult>\n".to_owned(),
        frame(&json!({"result":{"status":1,"data":"second"}})),
    ]);
    let started = Instant::now();
    assert!(matches!(t.uapi(&Call::new("Email", "list_pops")), Err(UapiError::Malformed { .. })));
    assert!(started.elapsed() < Duration::from_secs(2));
    let next = t.uapi(&Call::new("Email", "list_pops")).unwrap().into_data("Email::list_pops").unwrap();
    assert_eq!(next, json!("second"));
}

#[test]
fn too_many_cpanelresult_inside_one_answer_is_refused() {
    let data = "</cpanelresult>".repeat(MAX_INNER_CLOSES + 1);
    let t =
        peer([frame(&json!({"data":{"result":"json"}})), frame(&json!({"result":{"status":1,"data":data}}))].concat());
    assert!(matches!(t.uapi(&Call::new("Email", "list_pops")), Err(UapiError::Malformed { .. })));
}

#[test]
fn cut_json_is_malformed() {
    let e = parse_reply("M::f", b"<cpanelresult>{\"result\":{\"sta</cpanelresult>").unwrap_err();
    assert!(matches!(e, UapiError::Malformed { .. }), "{e}");
}
