//! The checklist items' texts (Norwegian Bokmål): what each step is, why it matters and how to do it,
//! and why an item is not done.

use crate::i18n::{ItemText, ItemTexts};

pub(super) const ITEMS: ItemTexts = ItemTexts {
    credentials_rotated: ItemText {
        title: "Sett nye passord på alt",
        why: "Angriperen kan kjenne alle passordene på kontoen: cPanel, FTP, e-post, databaser og brukerne i nettstedet ditt.",
        how: "Åpne dette steget: vi lager nye passord, du lagrer dem, og så endrer vi alle og oppdaterer innstillingene til nettstedet.",
    },
    folder_restored: ItemText {
        title: "Flytt den hackede mappen bort og gjenopprett en ren kopi",
        why: "Angripere legger igjen skjulte filer. Bare å flytte hele mappen bort og gjenopprette en sikkerhetskopi fra før angrepet fjerner dem.",
        how: "Velg mappen og sikkerhetskopien i gjenopprettingssteget; vi flytter den hackede mappen til en trygg karantene og legger den rene kopien tilbake.",
    },
    persistence_reviewed: ItemText {
        title: "Fjern det angriperen la igjen",
        why: "Angripere legger inn planlagte oppgaver, videresendinger av e-post og skjulte filer for å kunne komme tilbake.",
        how: "Åpne gjennomgangen: fjern hver ting vi fant, eller behold den og skriv hvorfor.",
    },
    tokens_keys_reviewed: ItemText {
        title: "Fjern gamle API-nøkler og SSH-nøkler",
        why: "En nøkkel laget før oppryddingen slipper inn hvem som helst som har den, også etter at du har byttet passord.",
        how: "Fjern hver av dem under, eller behold den og skriv hvorfor.",
    },
    two_factor: ItemText {
        title: "Slå på tofaktorautentisering for cPanel",
        why: "Med et ekstra steg ved innlogging er ikke et stjålet passord alene nok til å komme inn.",
        how: "Åpne Two-Factor Authentication i cPanel (Security) og følg stegene.",
    },
    php_supported: ItemText {
        title: "Bruk en PHP-versjon som får sikkerhetsoppdateringer",
        why: "Gamle PHP-versjoner får ikke lenger sikkerhetsrettinger, så kjente hull forblir åpne.",
        how: "Åpne MultiPHP Manager i cPanel og velg en nyere versjon for hvert nettsted.",
    },
    no_world_writable: ItemText {
        title: "Ingen filer som alle kan endre",
        why: "Filer og mapper som alle brukere på serveren kan skrive til, er en enkel vei inn.",
        how: "Sett mapper til 755 og filer til 644 i File Manager (Permissions).",
    },
    wordpress_hardened: ItemText {
        title: "Gjør WordPress sikrere",
        why: "Redigering av kode for utvidelser og temaer fra kontrollpanelet lar en angriper med WordPress-innlogging kjøre hvilken som helst kode. Nye sikkerhetsnøkler logger ut alle.",
        how: "Legg til define('DISALLOW_FILE_EDIT', true); i wp-config.php og forny sikkerhetsnøklene.",
    },
    vulnerable_software: ItemText {
        title: "Oppdater eller fjern utvidelsen eller temaet angriperen kom inn gjennom",
        why: "Vi fant at angriperen kom inn gjennom et hull i denne programvaren. Så lenge den gamle versjonen ligger på nettstedet, kan hvem som helst bruke det samme hullet igjen, også etter alle de andre stegene.",
        how: "I WordPress: åpne Utvidelser (eller Utseende, Temaer) og oppdater den, eller slett den hvis du ikke trenger den. Sjekk deretter denne siden på nytt.",
    },
    attest_computer_scanned: ItemText {
        title: "Jeg har skannet min egen datamaskin for skadevare",
        why: "Passord blir ofte stjålet fra en infisert datamaskin. Nye passord skrevet på den ville blitt stjålet igjen.",
        how: "Kjør en full skanning med et oppdatert antivirusprogram, og bekreft her.",
    },
    attest_password_manager: ItemText {
        title: "Jeg lagrer passordene mine i en passordbehandler",
        why: "En passordbehandler lar deg bruke et eget, langt passord overalt uten å skrive dem ned.",
        how: "Lagre de nye passordene i en passordbehandler, og bekreft her.",
    },
    attest_guidance_read: ItemText {
        title: "Jeg har lest hvordan jeg holder nettstedet sikkert",
        why: "Å sikre et nettsted er løpende arbeid: oppdateringer, sikkerhetskopier og gode passord holder det trygt.",
        how: "Les veiledningen om å sikre nettstedet ditt, og bekreft her.",
    },
};

pub(super) fn reason(r: &crate::checklist::Reason) -> String {
    use crate::checklist::Reason::*;
    match r {
        StepNotAvailable => "Dette steget finnes ikke i programtillegget ennå.".into(),
        NotAttested => "Ikke bekreftet ennå.".into(),
        OldTokens(t) => format!("API-nøkler laget før oppryddingen: {}.", t.join(", ")),
        OldSshKeys(k) => format!("SSH-nøkler fra før oppryddingen: {}.", k.join(", ")),
        OldTokensAndKeys { tokens, keys } => format!(
            "API-nøkler laget før oppryddingen: {}. SSH-nøkler fra før oppryddingen: {}.",
            tokens.join(", "),
            keys.join(", ")
        ),
        TwoFactorOff => "Tofaktorautentisering er slått av.".into(),
        OldPhp(v) => format!(
            "Gammel PHP på: {}.",
            v.iter().map(|(d, ver)| format!("{d} ({ver})")).collect::<Vec<_>>().join(", ")
        ),
        WorldWritable { count, examples } => {
            format!("{count} funnet, for eksempel: {}.", examples.join(", "))
        }
        WpFileEditAllowed(p) => format!("Filredigering er fortsatt tillatt i: {}.", p.join(", ")),
        OpenFindings(n) => format!("{n} ting å fjerne eller beholde med vilje."),
        DbLoginFails(f) => format!(
            "Nettstedet ditt får ikke logget inn i databasen med innstillingene i: {}. Lag et nytt passord for den databasebrukeren i passord-steget; vi skriver det inn i disse filene.",
            f.iter().map(|(p, u)| format!("{p} ({u})")).collect::<Vec<_>>().join(", ")
        ),
        CredentialsLeft(1) => "1 pålogging har fortsatt det gamle passordet.".into(),
        CredentialsLeft(n) => format!("{n} pålogginger har fortsatt det gamle passordet."),
        WpUsersLeft { users, unchecked } => match (users, unchecked) {
            (0, 1) => "Ett WordPress-nettsted er ikke sjekket ennå: åpne WordPress-steget.".into(),
            (0, n) => format!("{n} WordPress-nettsteder er ikke sjekket ennå: åpne WordPress-steget."),
            (1, _) => "Én WordPress-administrator eller -opplaster har fortsatt det gamle passordet.".into(),
            (n, _) => format!("{n} WordPress-administratorer eller -opplastere har fortsatt det gamle passordet."),
        },
        VulnerableSoftware(found) => format!(
            "Fortsatt en usikker versjon: {}.",
            found
                .iter()
                .map(|f| {
                    use crate::checklist::Installed;
                    let (slug, site, fixed) = (&f.slug, &f.site, &f.fixed);
                    match &f.installed {
                        Installed::Version(v) => {
                            format!("{slug} {v} i {site} (oppdater til {fixed} eller nyere, eller fjern den)")
                        }
                        Installed::Unknown => {
                            format!("{slug} i {site} (ukjent versjon: oppdater til {fixed} eller nyere, eller fjern den)")
                        }
                        Installed::Linked => format!(
                            "{slug} i {site} er en lenke til en annen mappe, som vi ikke følger (legg utvidelsens egen mappe der, eller fjern den)"
                        ),
                    }
                })
                .collect::<Vec<_>>()
                .join("; ")
        ),
        NotRestored => "Mappen er ikke gjenopprettet fra en ren sikkerhetskopi ennå.".into(),
        RestoredFromLateBackup => {
            "Mappen ble gjenopprettet fra en sikkerhetskopi tatt etter angrepet, som kan inneholde bakdøren.".into()
        }
        WpSaltsOld(p) => format!("Sikkerhetsnøklene er ikke fornyet etter oppryddingen i: {}.", p.join(", ")),
        CouldNotCheck(_) => "Vi fikk ikke sjekket dette akkurat nå. Last inn siden på nytt om et minutt.".into(),
    }
}
