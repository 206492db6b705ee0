//! Tests of [`super`]: a mass mailer's own minimal shape, clean near-misses, and its fixture.

use crate::detect::Why;
use crate::php;

fn found(src: &str) -> Vec<Why> {
    let t = php::tokenize_for_test(src.as_bytes(), 100_000);
    let inputs = crate::shapes::input::input_vars(&t);
    super::analyze(src.as_bytes(), &t, super::Options { small: t.len() < 400 }, &inputs)
        .into_iter()
        .map(|s| s.why)
        .collect()
}

const FORM: &str = "<form method=post><textarea name=list></textarea><input name=body></form>";

#[test]
fn a_library_mailing_each_typed_address_in_a_top_level_loop_is_a_mass_mailer() {
    let src = format!(
        "{FORM}<?php $to = explode(\"\\n\", $_POST['list']);\n\
         $m = new Mailer(); foreach ($to as $one) {{ $m->AddAddress(trim($one)); $m->Body = $_POST['body']; $m->Send(); }}"
    );
    assert_eq!(found(&src), [Why::MailFromInput]);
    let indexed = format!(
        "{FORM}<?php $l = explode(\"\\n\", $_POST['list']);\n\
         for ($i = 0; $i < count($l); $i++) {{ $p = explode(';', $l[$i]); $m->addBCC($p[0]); $m->send(); }}"
    );
    assert_eq!(found(&indexed), [Why::MailFromInput]);
}

#[test]
fn mail_in_a_top_level_loop_from_a_sender_the_visitor_chose_is_a_mass_mailer() {
    let src = format!(
        "{FORM}<?php $from = $_POST['from']; $h = \"From: $from\\r\\n\"; $list = file($_FILES['f']['tmp_name']);\n\
         foreach ($list as $to) {{ mail(trim($to), $_POST['subject'], $_POST['body'], $h); }}"
    );
    assert_eq!(found(&src), [Why::MailFromInput]);
}

#[test]
fn a_contact_form_mailing_its_staff_once_each_is_not_a_mass_mailer() {
    // The visitor's own address as Reply-To, sent once.
    let once = format!(
        "{FORM}<?php mail('desk@example.com', $_POST['subject'], $_POST['body'], 'Reply-To: ' . $_POST['from']);"
    );
    assert!(found(&once).is_empty());
    // A loop over the staff, the site's own sender.
    let staff = format!(
        "{FORM}<?php foreach (array('a@example.com', 'b@example.com') as $to) \
         {{ mail($to, $_POST['subject'], $_POST['body'], 'From: web@example.com'); }}"
    );
    assert!(found(&staff).is_empty());
}

#[test]
fn newsletters_contact_forms_and_the_library_are_not_mass_mailers() {
    // Subscribers from the database, inside the plugin's method.
    let plugin = format!(
        "{FORM}<?php class News {{ function send() {{ foreach ($this->db->subscribers() as $s) \
         {{ $this->m->AddAddress($_POST['list']); }} }} }}"
    );
    assert!(found(&plugin).is_empty());
    // A contact form mails one fixed address.
    let contact =
        format!("{FORM}<?php foreach ($_POST as $k => $v) {{ $body .= $v; }} $m->AddAddress('me@example.com');");
    assert!(found(&contact).is_empty());
    // A recipient typed once, no loop (a test-mail page of an admin panel).
    let once = format!("{FORM}<?php $m->AddAddress($_POST['list']); $m->Send();");
    assert!(found(&once).is_empty());
    // No text box: a list from a file.
    let file = "<?php foreach (file('list.txt') as $a) { $m->AddAddress($_GET['x']); }";
    assert!(found(file).is_empty());
}

#[test]
fn the_fixtures_are_found() {
    let cases = [
        ("library_mass_mailer.php", include_str!("../../../../tests/fixtures/sweep/malicious/library_mass_mailer.php")),
        ("spoofing_mail_loop.php", include_str!("../../../../tests/fixtures/sweep/malicious/spoofing_mail_loop.php")),
    ];
    for (name, src) in cases {
        let hits = crate::detect::judge(&format!("lib/{name}"), name, src.as_bytes(), &[]);
        assert!(hits.iter().any(|h| h.why == Why::MailFromInput), "{name}: {hits:?}");
    }
}
