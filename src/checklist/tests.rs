use super::*;

/// Policies, progress files and audit logs already on servers name items this way.
#[test]
fn item_names_on_disk_are_unchanged() {
    let on_disk = [
        "credentials_rotated",
        "folder_restored",
        "persistence_reviewed",
        "tokens_keys_reviewed",
        "php_supported",
        "no_world_writable",
        "wordpress_hardened",
        "vulnerable_software",
        "two_factor",
        "attest_computer_scanned",
        "attest_password_manager",
        "attest_guidance_read",
    ];
    let parsed: Vec<ItemId> = on_disk.iter().map(|n| serde_json::from_value(serde_json::json!(n)).unwrap()).collect();
    assert_eq!(parsed, ItemId::ALL);
    for (id, name) in ItemId::ALL.iter().zip(on_disk) {
        assert_eq!(id.as_str(), name);
        assert_eq!(ItemId::parse(name), Some(*id));
    }
}

#[test]
fn only_confirmations_the_policy_keeps_can_be_confirmed() {
    let mut policy = Policy::default();
    assert_eq!(Confirmation::parse(&policy, "clean_install"), Some(Confirmation::CleanInstall));
    assert_eq!(
        Confirmation::parse(&policy, "attest_guidance_read"),
        Some(Confirmation::Item(ItemId::AttestGuidanceRead))
    );
    assert_eq!(Confirmation::parse(&policy, "credentials_rotated"), None, "an action, not a confirmation");
    assert_eq!(Confirmation::parse(&policy, "x_backup_offsite"), None);
    policy.items.insert(ItemId::AttestGuidanceRead, policy::Setting::Off);
    assert_eq!(Confirmation::parse(&policy, "attest_guidance_read"), None, "turned off by the host");
    policy.extra_attestations.push(policy::ExtraAttestation {
        id: "x_backup_offsite".into(),
        severity: Severity::Required,
        title: policy::Localized { en: "t".into(), nb: "t".into() },
        why: policy::Localized { en: "w".into(), nb: "w".into() },
    });
    assert_eq!(
        Confirmation::parse(&policy, "x_backup_offsite").as_ref().map(Confirmation::as_str),
        Some("x_backup_offsite")
    );
}
