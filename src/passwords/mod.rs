//! New passwords: generated from the operating system's CSPRNG, never stored in plaintext,
//! and checked against cPanel's strength rules and zxcvbn before they are offered.

pub mod apply;
pub mod configs;
pub mod inventory;
pub mod journal;
pub mod plan;

use std::fmt;

use rand::Rng;
use zeroize::Zeroize;

/// 55 symbols: letters and digits without look-alikes (0 O o 1 l I i). Safe in every cPanel
/// service, in a shell, in a URL-encoded form, in PHP single quotes and in a `.env` value.
pub const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";
/// 20 symbols from 55 give log2(55^20) ≈ 115.6 bits.
pub const LENGTH: usize = 20;

/// A password in memory: redacted in `Debug`, wiped on drop, never `Display`ed by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: String) -> Secret {
        Secret(s)
    }

    /// The plaintext, for the one place that must show or send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// Bits of entropy of a generated password.
pub fn entropy_bits() -> f64 {
    LENGTH as f64 * (ALPHABET.len() as f64).log2()
}

/// One new password from the OS CSPRNG (`rand::rng()` is seeded from it and reseeds).
pub fn generate() -> Secret {
    let mut rng = rand::rng();
    let s: String = (0..LENGTH).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect();
    Secret(s)
}

/// zxcvbn's score (0–4) with the account's names as things an attacker would try first.
pub fn zxcvbn_score(password: &str, user_inputs: &[&str]) -> u8 {
    zxcvbn::zxcvbn(password, user_inputs).score() as u8
}

/// A password for the plan: generated until it scores 4 (virtually always the first one).
pub fn generate_strong(user_inputs: &[&str]) -> Secret {
    loop {
        let s = generate();
        if zxcvbn_score(s.expose(), user_inputs) == 4 {
            return s;
        }
    }
}

/// Why a password the customer typed is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomRefusal {
    TooShort { min: usize },
    TooGuessable { score: u8 },
    SameAsShown,
    BadCharacters,
}

/// The rule for a password the customer types instead of the generated one: at least 15
/// characters, zxcvbn ≥ 3 against the account's names and domains, printable, and not the
/// generated one that was shown (so a plan digest can tell the two apart).
pub fn check_custom(password: &str, user_inputs: &[&str], shown: &str) -> Result<(), CustomRefusal> {
    const MIN: usize = 15;
    if password.chars().any(|c| c.is_control()) {
        return Err(CustomRefusal::BadCharacters);
    }
    if password.chars().count() < MIN {
        return Err(CustomRefusal::TooShort { min: MIN });
    }
    if password == shown {
        return Err(CustomRefusal::SameAsShown);
    }
    let score = zxcvbn_score(password, user_inputs);
    if score < 3 {
        return Err(CustomRefusal::TooGuessable { score });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn generated_passwords_have_length_alphabet_entropy_and_are_unique() {
        assert!(entropy_bits() >= 100.0);
        let mut seen = HashSet::new();
        for _ in 0..2000 {
            let s = generate();
            assert_eq!(s.expose().len(), LENGTH);
            assert!(s.expose().bytes().all(|b| ALPHABET.contains(&b)));
            assert!(seen.insert(s.expose().to_owned()), "duplicate password");
        }
    }

    #[test]
    fn every_symbol_appears_roughly_uniformly() {
        let mut counts = [0usize; 256];
        for _ in 0..5000 {
            for b in generate().expose().bytes() {
                counts[b as usize] += 1;
            }
        }
        let expected = 5000.0 * LENGTH as f64 / ALPHABET.len() as f64;
        for &b in ALPHABET {
            let c = counts[b as usize] as f64;
            assert!(
                (c - expected).abs() < expected * 0.15,
                "symbol {} seen {c} times, expected ~{expected}",
                b as char
            );
        }
    }

    #[test]
    fn strong_passwords_score_four() {
        for _ in 0..50 {
            assert_eq!(zxcvbn_score(generate_strong(&["demo"]).expose(), &["demo"]), 4);
        }
    }

    #[test]
    fn custom_password_rules() {
        let inputs = ["demo", "demo-shop.example"];
        assert_eq!(check_custom("short", &inputs, "x"), Err(CustomRefusal::TooShort { min: 15 }));
        assert!(matches!(check_custom("demo-shop.example1", &inputs, "x"), Err(CustomRefusal::TooGuessable { .. })));
        assert_eq!(check_custom("Tq8vLm2rXw9pKz4nHs", &inputs, "Tq8vLm2rXw9pKz4nHs"), Err(CustomRefusal::SameAsShown));
        assert_eq!(check_custom("correct horse battery staple orbit", &inputs, "x"), Ok(()));
    }

    #[test]
    fn secret_is_redacted() {
        let s = Secret::new("hunter2hunter2".into());
        assert!(!format!("{s:?}").contains("hunter2"));
    }
}
