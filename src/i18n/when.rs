//! Dates, times, sizes and counts as each language writes them. Times are shown in the
//! server's own time zone (the `TZ` cpsrvd gives the page, else `/etc/localtime`, read by the C
//! library's `localtime_r`) with the zone's name, and its distance from UTC when the name alone
//! does not say it: `18 November 2026, 04:12 CET (UTC+1)`.

use time::{Date, Month, OffsetDateTime, UtcOffset};

use super::Lang;

/// The server's time zone at one moment: its offset and its abbreviation (`CET`, `CEST`,
/// `UTC`, `+03`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    pub offset: UtcOffset,
    pub abbr: String,
}

impl Zone {
    pub fn utc() -> Zone {
        Zone { offset: UtcOffset::UTC, abbr: "UTC".into() }
    }

    /// The server's zone at `at` (daylight saving time included); UTC when the C library
    /// cannot tell.
    pub fn local_at(at: OffsetDateTime) -> Zone {
        let t = at.unix_timestamp() as libc::time_t;
        // SAFETY: zeroed tm is a valid out-buffer; localtime_r is thread-safe and fills it.
        let mut tm: libc::tm = unsafe { std::mem::zeroed() };
        // SAFETY: valid pointers to a time_t and a tm.
        if unsafe { libc::localtime_r(&t, &mut tm) }.is_null() {
            return Zone::utc();
        }
        let Ok(offset) = UtcOffset::from_whole_seconds(tm.tm_gmtoff as i32) else { return Zone::utc() };
        let abbr = if tm.tm_zone.is_null() {
            String::new()
        } else {
            // SAFETY: tm_zone points to a NUL-terminated string owned by the C library.
            unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }.to_string_lossy().into_owned()
        };
        let abbr: String = abbr.chars().filter(|c| c.is_ascii_alphanumeric() || "+-".contains(*c)).take(10).collect();
        Zone { offset, abbr }
    }

    /// `UTC+1`, `UTC-3:30`, `UTC`.
    fn distance(&self) -> String {
        let (h, m, _) = self.offset.as_hms();
        match (h, m) {
            (0, 0) => "UTC".into(),
            (h, 0) => format!("UTC{h:+}"),
            (h, m) => format!("UTC{}{}:{:02}", if h < 0 || m < 0 { '-' } else { '+' }, h.abs(), m.abs()),
        }
    }

    /// The label after a time: the name, and the distance from UTC when the name is not
    /// itself a distance or UTC.
    fn label(&self) -> String {
        let d = self.distance();
        let plain = self.abbr.is_empty() || self.abbr.starts_with(['+', '-']);
        match () {
            _ if plain => d,
            _ if matches!(self.abbr.as_str(), "UTC" | "GMT") && self.offset == UtcOffset::UTC => self.abbr.clone(),
            _ => format!("{} ({d})", self.abbr),
        }
    }
}

fn month(lang: Lang, m: Month) -> &'static str {
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const NB: [&str; 12] = [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ];
    let i = usize::from(u8::from(m)) - 1;
    match lang {
        Lang::En => EN[i],
        Lang::Nb => NB[i],
    }
}

/// The server's calendar day at a moment.
pub fn local_date(at: OffsetDateTime) -> Date {
    at.to_offset(Zone::local_at(at).offset).date()
}

/// `15 November 2026` / `15. november 2026`.
pub fn date(lang: Lang, d: Date) -> String {
    match lang {
        Lang::En => format!("{} {} {}", d.day(), month(lang, d.month()), d.year()),
        Lang::Nb => format!("{}. {} {}", d.day(), month(lang, d.month()), d.year()),
    }
}

/// A moment in the server's time zone, with the zone: `18 November 2026, 04:12 CET (UTC+1)` /
/// `18. november 2026 kl. 04.12 CET (UTC+1)`.
pub fn date_time(lang: Lang, at: OffsetDateTime) -> String {
    date_time_in(lang, at, &Zone::local_at(at))
}

pub fn date_time_in(lang: Lang, at: OffsetDateTime, zone: &Zone) -> String {
    let l = at.to_offset(zone.offset);
    let day = date(lang, l.date());
    match lang {
        Lang::En => format!("{day}, {:02}:{:02} {}", l.hour(), l.minute(), zone.label()),
        Lang::Nb => format!("{day} kl. {:02}.{:02} {}", l.hour(), l.minute(), zone.label()),
    }
}

/// A size: `812 bytes`, `4.2 MB` / `812 byte`, `4,2 MB` (powers of 1,000, as file managers
/// show them).
pub fn size(lang: Lang, bytes: u64) -> String {
    const UNITS: [&str; 5] = ["kB", "MB", "GB", "TB", "PB"];
    if bytes < 1000 {
        return match lang {
            Lang::En if bytes == 1 => "1 byte".into(),
            Lang::En => format!("{bytes} bytes"),
            Lang::Nb => format!("{bytes} byte"),
        };
    }
    let mut v = bytes as f64 / 1000.0;
    let mut u = 0;
    while v >= 999.95 && u + 1 < UNITS.len() {
        v /= 1000.0;
        u += 1;
    }
    let n = if v < 10.0 { format!("{v:.1}") } else { format!("{v:.0}") };
    let n = if lang == Lang::Nb { n.replace('.', ",") } else { n };
    format!("{n} {}", UNITS[u])
}

/// `1 login` / `2 logins`: the number and the word in its form for that number.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime, offset};

    #[test]
    fn times_carry_their_zone() {
        let at = datetime!(2026-11-18 03:12 UTC);
        let cet = Zone { offset: offset!(+1), abbr: "CET".into() };
        assert_eq!(date_time_in(Lang::En, at, &cet), "18 November 2026, 04:12 CET (UTC+1)");
        assert_eq!(date_time_in(Lang::Nb, at, &cet), "18. november 2026 kl. 04.12 CET (UTC+1)");
        assert_eq!(date_time_in(Lang::En, at, &Zone::utc()), "18 November 2026, 03:12 UTC");
        let india = Zone { offset: offset!(+5:30), abbr: "IST".into() };
        assert_eq!(date_time_in(Lang::En, at, &india), "18 November 2026, 08:42 IST (UTC+5:30)");
        let numeric = Zone { offset: offset!(-3), abbr: "-03".into() };
        assert_eq!(date_time_in(Lang::En, at, &numeric), "18 November 2026, 00:12 UTC-3");
    }

    #[test]
    fn dates_sizes_and_counts_read_naturally() {
        assert_eq!(date(Lang::En, date!(2026 - 11 - 15)), "15 November 2026");
        assert_eq!(date(Lang::Nb, date!(2026 - 11 - 15)), "15. november 2026");
        assert_eq!(size(Lang::En, 1), "1 byte");
        assert_eq!(size(Lang::En, 4_200_000), "4.2 MB");
        assert_eq!(size(Lang::Nb, 4_200_000), "4,2 MB");
        assert_eq!(size(Lang::En, 999_960), "1.0 MB");
        assert_eq!(count(1, "login", "logins"), "1 login");
        assert_eq!(count(2, "pålogging", "pålogginger"), "2 pålogginger");
    }

    #[test]
    fn one_is_singular_in_both_languages() {
        use crate::checklist::Reason::CredentialsLeft;
        assert_eq!((Lang::En.texts().reason)(&CredentialsLeft(1)), "1 login still has its old password.");
        assert_eq!((Lang::En.texts().reason)(&CredentialsLeft(2)), "2 logins still have their old password.");
        assert_eq!((Lang::Nb.texts().reason)(&CredentialsLeft(1)), "1 pålogging har fortsatt det gamle passordet.");
        assert_eq!((Lang::Nb.texts().reason)(&CredentialsLeft(3)), "3 pålogginger har fortsatt det gamle passordet.");
        assert_eq!((Lang::En.texts().restore.files)(1), "1 file");
        assert_eq!((Lang::Nb.texts().done_items)(2), "2 steg gjort eller ikke nødvendig");
    }
}
