use crate::privileged::RefusalCode;

use super::{PasswordTexts, RestoreTexts, SweepTexts, Texts, WpUsersTexts};

mod items;
mod sweep;

pub static TEXTS: Texts = Texts {
    lang: super::Lang::Nb,
    app_name: "Sikre og gjenåpne nettstedet ditt",
    skip_to_content: "Hopp til hovedinnholdet",
    back_to_cpanel: "Tilbake til cPanel",
    no_incident_title: "Kontoen din har ingen åpen sikkerhetssak",
    no_incident_body: "Vi har ingen registrering av et hacket nettsted på denne kontoen. Du trenger ikke gjøre noe her nå.",
    tips_title: "Hold nettstedet ditt trygt",
    tips: &[
        "Hold WordPress, temaer, utvidelser og andre skript oppdatert.",
        "Bruk et eget, langt passord for hver tjeneste, lagret i en passordbehandler.",
        "Slå på tofaktorautentisering for cPanel.",
        "Fjern utvidelser, temaer og skript du ikke lenger bruker.",
        "Ta jevnlige sikkerhetskopier, og sjekk av og til at de virker.",
    ],
    incident_title: "Nettstedet ditt ble hacket",
    what_happened: "Hva som skjedde",
    attack_time: "Når angrepet skjedde",
    attack_time_unknown: "Ukjent (loggene går ikke så langt tilbake)",
    approximately: "omtrent",
    vector: "Hvordan angriperen kom inn",
    vector_unknown: "Ukjent",
    removed_files: "Skadelige filer skanneren vår fjernet",
    technician_notes: "Merknader fra teknikeren vår",
    contact: "Spørsmål? Skriv til",
    status_investigating: "Vi undersøker saken. Kontoen din er stengt til vi er ferdige.",
    status_awaiting: "Vi er ferdige med undersøkelsen. Sikre nettstedet med stegene under, og gjenåpne det deretter.",
    status_reopened: "Nettstedet ditt er gjenåpnet.",
    status_closed: "Denne saken er avsluttet.",
    warning_title: "Gjør alle stegene før du gjenåpner",
    warning_body: "Hvis du gjenåpner uten nye passord og en ren kopi av nettstedet, blir det mest sannsynlig hacket igjen i løpet av få dager. Finner teknikerne våre at stegene ble hoppet over, kan en ny opprydding bli fakturert.",
    account_title: "Kontoen din",
    domains: "Nettsteder",
    mailboxes: "E-postkontoer",
    ftp_accounts: "FTP-kontoer",
    cpanel_unavailable: "Vi fikk ikke hentet kontoopplysningene fra cPanel akkurat nå. Last inn siden på nytt om et minutt.",
    error_title: "Noe gikk galt",
    error_try_again: "Gå tilbake til start og prøv igjen. Skjer det igjen, kontakt kundestøtte.",
    error_body_too_large: "Det du sendte er for stort for denne siden.",
    error_bad_request: "Forespørselen kunne ikke forstås.",
    error_method: "Denne siden kan ikke brukes på den måten.",
    error_session: "cPanel-økten din kunne ikke bekreftes. Logg inn i cPanel på nytt og åpne siden derfra.",
    error_csrf: "Skjemaet er utløpt eller kom ikke fra denne siden. Ingenting ble endret. Åpne siden på nytt og gjenta steget.",
    error_internal: "En uventet feil oppstod hos oss. Ingenting ble endret.",
    error_not_found: "Den siden finnes ikke.",
    feature_off: "Webhotellpakken din inkluderer ikke dette sikkerhetsverktøyet. Kontakt leverandøren din: de kan slå det på for kontoen din.",
    error_record: "Vi fikk ikke lest sikkerhetssaken din. Kontakt kundestøtte og nevn denne siden.",
    error_ways_label: "Hvor du kan gå videre",
    english_detail: "med serverens ord (på engelsk):",
    error_to_start: "Start på Secure & Reopen",
    checklist_title: "Sikre nettstedet ditt, steg for steg",
    progress: |done, total| format!("{done} av {total} påkrevde steg er gjort"),
    done_items: |n| {
        if n == 1 {
            "1 steg gjort eller ikke nødvendig".into()
        } else {
            format!("{n} steg gjort eller ikke nødvendig")
        }
    },
    required: "Påkrevd",
    recommended: "Anbefalt",
    state_done: "Gjort",
    state_not_needed: "Trengs ikke på kontoen din",
    state_not_done: "Ikke gjort ennå",
    why_label: "Hvorfor dette er viktig",
    items: items::ITEMS,
    reason: items::reason,
    refusal,
    confirm_button: "Jeg bekrefter",
    keep_label: "Behold",
    keep_reason_label: "Hvorfor beholder du den?",
    keep_button: "Behold den",
    revoke_button: "Fjern nøkkel",
    remove_key_button: "Fjern SSH-nøkkel",
    key_fingerprint: "Fingeravtrykk",
    key_comment: "Kommentar",
    key_date: "Lagt til eller endret",
    reopen_title: "Gjenåpne nettstedet ditt",
    reopen_ready: "Alle påkrevde steg er gjort. Når du gjenåpner, blir nettstedet og e-postinnloggingene åpnet igjen.",
    reopen_missing: "Du kan gjenåpne når alle påkrevde steg er gjort. Dette mangler:",
    reopen_button: "Gjenåpne nettstedet mitt",
    reopened_notice: "Nettstedet ditt er åpent igjen. Fortsett å følge sikkerhetsrådene under.",
    step_of_host: "Et steg leverandøren din har lagt til",
    reopen_refused: "Nettstedet ble ikke gjenåpnet. Serveren vår sjekket på nytt, og disse stegene er ikke gjort:",
    reopen_not_done: "Nettstedet ble ikke gjenåpnet.",
    notice_saved: "Lagret.",
    error_keep_reason: "Skriv en kort begrunnelse (3 til 200 tegn) for å beholde den.",
    error_unknown_item: "Det steget finnes ikke i sjekklisten din.",
    error_cpanel_action: "cPanel fikk ikke gjort det akkurat nå. Ingenting ble endret. Prøv igjen om et minutt.",
    error_harden: |file, done| {
        let before = if done.is_empty() {
            "Ingen filer ble endret.".to_owned()
        } else {
            format!(
                "Disse filene var allerede endret og beholder de nye innstillingene (en sikkerhetskopi av hver er tatt vare på): {}.",
                done.join(", ")
            )
        };
        format!(
            "Vi fikk ikke endret {file}, så dette steget er ikke gjort. {before} Prøv igjen; kontakt kundestøtte hvis det skjer igjen."
        )
    },
    error_stale: "Saken din ble endret etter at denne siden ble åpnet (i en annen fane eller av leverandøren din), så ingenting ble gjort. Åpne starten på Secure & Reopen for å se hvor du står nå.",
    passwords: PasswordTexts {
        title: "Nye passord på alt",
        intro: "Vi lager et nytt, sterkt passord for hver innlogging på kontoen: cPanel, FTP, e-post, databaser, Web Disk og underkontoer. Du ser og lagrer dem først; ingenting endres før du bekrefter. Databaseinnstillingene til nettstedet oppdateres for deg.",
        new_plan_button: "Lag nye passord",
        plan_title: "De nye passordene dine",
        plan_intro: "Lagre dem nå (last dem ned eller skriv dem ut, eller kopier dem til passordbehandleren). Vi tar ikke vare på dem: når du forlater siden, kan de ikke vises igjen.",
        col_what: "Tjeneste",
        col_login: "Innlogging",
        col_password: "Nytt passord",
        kind: kind_nb,
        download_text: "Last ned som tekst",
        download_csv: "Last ned som CSV",
        print: "Utskriftsvisning",
        own_label: "Eller skriv ditt eget (minst 15 tegn)",
        own_button: "Bruk mitt",
        saved_label: "Jeg har lagret disse passordene",
        current_cpanel_label: "Nåværende cPanel-passord (trengs for å endre det)",
        apply_button: "Endre alle passordene nå",
        must_confirm: "Kryss av for å bekrefte at du har lagret passordene. Ingenting ble endret.",
        tampered: "Disse passordene stemmer ikke med dem vi laget til deg. Ingenting ble endret. Lag nye passord og prøv igjen.",
        no_plan: "Det venter ingen nye passord. Lag nye passord først.",
        results_title: "Fremdrift",
        results: |done, failed, pending| format!("{done} endret, {failed} feilet, {pending} venter."),
        failed_label: "Ikke endret",
        retry_intro: "For å prøve resten igjen, lim inn CSV-filen du lastet ned (den har passordene; vi har aldri lagret dem).",
        retry_label: "Innholdet i CSV-filen",
        retry_button: "Prøv resten igjen",
        own_too_short: |min| format!("Ditt eget passord må ha minst {min} tegn."),
        own_guessable: "Ditt eget passord er for lett å gjette (det ligner vanlige ord eller navnene dine). Bruk et lengre eller vårt.",
        own_same: "Det er passordet vi foreslo; ingenting å endre.",
        own_bad_chars: "Ditt eget passord har tegn som ikke kan brukes.",
        own_cpanel_rule: |need| {
            format!(
                "Vertskapet krever et sterkere passord for denne tjenesten (styrke {need} av 100). Gjør det lengre, eller bruk vårt."
            )
        },
        configs_updated: "Nettstedets innstillinger oppdatert med det nye databasepassordet",
        wordpress_manual: "Administratorene og opplasterne på WordPress-nettstedene dine får nye passord i et eget steg:",
        cpanel_last_notice: "cPanel-passordet ditt endres til slutt, alene. Når det endres, blir du logget ut av cPanel overalt, også i dette vinduet. Logg så inn igjen med det nye cPanel-passordet fra dette arket og åpne Secure & Reopen: der ser du hva som ble endret.",
        confirm_logout: "Når du trykker på knappen, endres alle de andre passordene først; så cPanel-passordet, og du blir logget ut. Logg inn igjen med det nye cPanel-passordet fra arket ditt.",
        current_cpanel_help: "Vi kontrollerer det før noe endres. Har du det ikke lenger, lar du feltet stå tomt: da endres alle de andre passordene, og verten din kan gi deg et nytt cPanel-passord.",
        col_own: "Eller ditt eget (valgfritt)",
        own_all_button: "Bruk passordene jeg skrev",
        own_refused_row: |login, why| format!("{login}: {why} Ingenting ble endret."),
        unknown_label: "Usikkert (svaret gikk tapt)",
        unknown_explain: "Vi sendte disse endringene, men svaret fra cPanel gikk tapt, så vi vet ikke om de ble gjort. Trykk «Prøv resten igjen»: da sendes de samme nye passordene fra arket ditt en gang til, og det er trygt.",
        results_unknown: |n| format!("{n} usikre."),
        done_label: "Endret",
        refused_inventory: |missing| {
            let missing: Vec<&str> = missing.split(',').map(inventory_part_nb).collect();
            let missing = missing.join(", ");
            format!(
                "cPanel listet ikke opp {missing}, så nye passord kunne ha gått glipp av noen innlogginger eller nettstedets innstillinger. Ingenting ble endret. Prøv igjen om et minutt; skjer det igjen, kontakt kundestøtte."
            )
        },
        refused_wrong_current: "Det nåværende cPanel-passordet du skrev, er ikke riktig. Ingenting ble endret. Skriv det på nytt, eller la feltet stå tomt: da endres alle de andre passordene, og verten din kan gi deg et nytt cPanel-passord.",
        refused_cannot_check: "cPanel kunne ikke kontrollere det nåværende cPanel-passordet ditt akkurat nå. Ingenting ble endret. Prøv igjen om et minutt.",
        refused_disk: |need, free| {
            format!(
                "Det er ikke nok ledig diskplass på kontoen til å ta vare på loggen over endringen og sikkerhetskopier av nettstedets innstillinger ({need} KiB trengs, {free} KiB ledig). Ingenting ble endret. Frigjør plass og prøv igjen."
            )
        },
        refused_record: "Vi kunne ikke skrive loggen over endringen. Ingenting ble endret. Prøv igjen om et minutt; skjer det igjen, kontakt kundestøtte.",
        stopped: "Vi stoppet fordi loggen over endringen ikke kunne lagres (disken kan være full). Passord merket «usikkert» kan allerede være endret; de andre ble ikke sendt. Frigjør plass, og trykk så «Prøv resten igjen».",
        damaged_record: |path| {
            format!(
                "Loggen over en tidligere passordendring var skadet. Vi flyttet den til side ({path}) og begynte på en ny; vertskapet ditt kan fortsatt lese den gamle."
            )
        },
        sheet_elsewhere: "De nye passordene dine ble vist i et annet vindu eller en annen nettleser. Det arket er fortsatt planen din: bruk det. Har du det ikke lenger, lager du et nytt ark; det gamle blir da ugyldig.",
        new_sheet_button: "Lag et nytt ark (det gamle blir ugyldig)",
        replaced_notice: |when| {
            format!("Dette arket erstatter det som ble laget {when}. Det er nå ugyldig for passordene nedenfor.")
        },
        kept_earlier: |n| {
            format!(
                "{n} passord ble allerede endret med det tidligere arket ditt. Behold det arket for {}; {} står ikke på dette.",
                if n == 1 { "det" } else { "dem" },
                if n == 1 { "det" } else { "de" }
            )
        },
        applied_notice: "Disse passordene blir tatt i bruk. Behold dette arket; ingen andre passord gjelder.",
        print_back: "Tilbake til de nye passordene",
        retry_from_browser: "Denne nettleseren har fortsatt arket ditt, så du trenger ikke lime inn noe.",
        all_done: "Alle passordene er endret. Ta vare på arket ditt på et trygt sted.",
        nothing_to_change: "Det er ikke noe mer å endre.",
    },
    restore: RestoreTexts {
        title: "Flytt den hackede mappen bort og gjenopprett en ren kopi",
        intro: "Vi flytter mappen du velger ut av nettstedet og inn i en karantene som ingen kan nå fra nettet (ingenting slettes: du kan fortsatt hente dine egne filer derfra), legger kopien fra sikkerhetskopien tilbake og kontrollerer den.",
        folder_label: "Mappe som skal gjenopprettes",
        backup_label: "Sikkerhetskopi å gjenopprette fra",
        before_attack: "tatt før angrepet (anbefalt)",
        after_attack: "tatt etter angrepet: den kan inneholde angriperens filer",
        start_button: "Flytt til karantene og gjenopprett",
        all_after_attack: "Alle sikkerhetskopiene våre ble tatt etter angrepet, så hver av dem kan inneholde angriperens filer. Å gjenopprette en av dem gjør ikke nettstedet rent. Flytt i stedet den hackede mappen bort først (gi den nytt navn i Filbehandling, eller gjenopprett en sikkerhetskopi her: vi flytter mappen til karantenen før noe annet), installer så skriptet (for eksempel WordPress) på nytt og legg inn innholdet igjen; bekreft under når det er gjort.",
        no_backups: "Det finnes ingen sikkerhetskopier av denne kontoen. Flytt den hackede mappen bort først (gi den nytt navn i Filbehandling, så ingen av angriperens filer blir liggende i nettstedet), installer så skriptet (for eksempel WordPress) på nytt og legg inn innholdet igjen; bekreft under når det er gjort.",
        unknown_attack_time: "Vi vet ikke når angrepet skjedde, så vi kan ikke si hvilken sikkerhetskopi som er ren. Velg den eldste du kan leve med.",
        clean_install: "Jeg har flyttet den hackede mappen bort, installert skriptet på nytt og lagt inn innholdet igjen",
        clean_install_button: "Jeg bekrefter",
        interrupted: "En gjenoppretting ble avbrutt. Den opprinnelige mappen ligger trygt i karantenen. Fortsett gjenopprettingen, eller legg originalen tilbake.",
        continue_button: "Fortsett gjenopprettingen",
        rollback_button: "Legg originalen tilbake",
        done: |folder, backup, files, quarantine| {
            format!(
                "{folder} ble gjenopprettet fra sikkerhetskopien fra {backup} ({} kontrollert). Den gamle mappen ligger i {quarantine}.",
                if files == 1 { "1 fil".to_owned() } else { format!("{files} filer") }
            )
        },
        rolled_back: "Gjenopprettingen ble ikke fullført, så vi la den opprinnelige mappen tilbake. Ingenting gikk tapt. Prøv igjen om et minutt, eller kontakt kundestøtte.",
        quarantine_title: "Kopier av mappene dine i karantene",
        quarantine_intro: |days| {
            format!(
                "Hver mappe en gjenoppretting flyttet bort, ligger her, utenfor rekkevidde fra nettet, så du fortsatt kan hente dine egne filer fra den (i Filbehandling: vis skjulte filer og åpne .secure_reopen/quarantine). Leverandøren din tar vare på hver kopi i {days} dager etter at den ble flyttet hit, og sletter den så. Slett en kopi tidligere når du ikke lenger trenger noe i den."
            )
        },
        quarantine_unreadable: "Vi fikk ikke listet karantenen akkurat nå. Last inn siden på nytt om et minutt.",
        partial_copy: "den halvveis gjenopprettede mappen som ble lagt til side da en gjenoppretting ble angret",
        col_size: "Størrelse",
        col_made: "Flyttet til karantenen",
        col_until: "Tas vare på til",
        files: |n| if n == 1 { "1 fil".into() } else { format!("{n} filer") },
        purge_confirm: "Ja, slett denne kopien for godt",
        purge_button: "Slett denne kopien",
        purge_must_confirm: "Kryss av i boksen for å bekrefte at kopien skal slettes for godt. Ingenting ble slettet.",
        copy_gone: "Den kopien ligger ikke lenger i karantenen (den er allerede slettet, kanskje i en annen fane). Ingenting annet ble slettet.",
        quarantine_reminder: |n, until| {
            let copies = if n == 1 {
                "1 kopi av de gamle mappene dine ligger".to_owned()
            } else {
                format!("{n} kopier av de gamle mappene dine ligger")
            };
            format!(
                "{copies} fortsatt i karantenen (i Filbehandling: .secure_reopen/quarantine, en skjult mappe). Leverandøren din tar vare på dem til {until}; hent det du fortsatt trenger før det, eller slett dem selv i Filbehandling."
            )
        },
        error_folder: "Den mappen kan ikke gjenopprettes. Velg en av mappene i listen.",
        error_backup: "Den sikkerhetskopien finnes ikke. Velg en av sikkerhetskopiene i listen.",
        daily: "daglig sikkerhetskopi",
        weekly: "ukentlig sikkerhetskopi",
        monthly: "månedlig sikkerhetskopi",
        late_title: "Denne sikkerhetskopien ble tatt etter angrepet",
        late_warning: |folder, backup| {
            format!(
                "Sikkerhetskopien {backup} ble tatt etter angrepet, så den kan inneholde angriperens filer. Å gjenopprette {folder} fra den gjør mest sannsynlig ikke nettstedet rent, og steget regnes ikke som gjort. Velg en sikkerhetskopi fra før angrepet hvis du har en."
            )
        },
        late_confirm: "Jeg forstår: gjenopprett denne sikkerhetskopien likevel",
        late_button: "Gjenopprett fra denne sikkerhetskopien likevel",
        late_cancel: "Velg en annen sikkerhetskopi",
    },
    sweep: SweepTexts {
        title: "Fjern det angriperen la igjen",
        intro: "Angripere legger igjen planlagte oppgaver, videresendinger av e-post og skjulte filer for å kunne komme tilbake. Fjern hver ting under, eller behold den og skriv hvorfor.",
        nothing_found: "Ingenting igjen å gå gjennom.",
        could_not_check: "Vi fikk ikke fullført gjennomgangen akkurat nå. Last inn siden på nytt om et minutt.",
        file: "Fil",
        cron: "Planlagt oppgave (cron-jobb)",
        forwarder: "Videresending av e-post",
        filter: "E-postfilter",
        remove_file: "Flytt filen til karantene",
        remove_cron: "Slett oppgaven",
        remove_forwarder: "Fjern videresendingen",
        remove_filter: "Slett filteret",
        kept: "Beholdt",
        why_suspicious: "Hvorfor det ser ut som angriperens:",
        level_backdoor: "Bakdør: fjern den",
        level_dangerous: "Farlig",
        level_suspicious: "Mistenkelig",
        level_check: "Sjekk den",
        undo_keep: "Bestem på nytt",
        removed_title: "Allerede fjernet",
        removed: "Fjernet",
        reason: sweep::sweep_reason,
        gone: "Det var allerede fjernet.",
    },
    harden_button: "Gjør dette for meg",
    open_two_factor: "Åpne tofaktorautentisering i cPanel",
    open_multiphp: "Åpne MultiPHP Manager i cPanel",
    open_guide: "Les veiledningen",
    open_step: "Åpne dette steget",
    back_to_checklist: "Tilbake til sjekklisten",
    mail_release_subject: "Nettstedet ditt er klart til å sikres og gjenåpnes",
    mail_release_body: |f| {
        let user = f.user;
        let mut facts = String::new();
        match &f.attack_time {
            Some(t) if f.approximate => facts.push_str(&format!("Når: omkring {t}\n")),
            Some(t) => facts.push_str(&format!("Når: {t}\n")),
            None => facts.push_str("Når: det kunne vi ikke se av loggene\n"),
        }
        if let Some(v) = f.vector {
            facts.push_str(&format!("Hvordan angriperne kom inn: {v}\n"));
        }
        if f.removed_files.is_empty() {
            facts.push_str("Skadelige filer fjernet: ingen ble funnet\n");
        } else {
            let n = f.removed_files.len();
            facts.push_str(&format!("Skadelige filer fjernet ({n}):\n"));
            facts.push_str(&super::mail_file_list(f.removed_files, |m| {
                format!("… og {m} til (se listen i Secure & Reopen)")
            }));
        }
        format!(
            "Hei,\n\nVi er ferdige med å undersøke angrepet på webhotellkontoen «{user}».\n\n{facts}\nDu kan logge inn i cPanel igjen. Nettstedet og e-postinnloggingene er stengt til du har\nsikret kontoen.\n\nÅpne cPanel, velg «Secure & Reopen» under Security, og følg stegene. Sett av tid:\ngjenåpner du uten dem, blir du mest sannsynlig hacket igjen.\n"
        )
    },
    wp_users: WpUsersTexts {
        title: "Nye passord for WordPress-brukerne dine",
        intro: "Angripere legger ofte til en WordPress-administrator eller stjeler passordet til en, og kommer tilbake den veien. Under ser du alle administratorer og alle brukere som kan laste opp filer, på hvert WordPress-nettsted på kontoen din. Gi dem nye passord her: de gamle passordene slutter å virke, og alle blir logget ut.",
        no_sites: "Vi fant ingen WordPress-nettsteder på kontoen din. Her er det ingenting å gjøre.",
        site: "WordPress-nettsted i",
        version: "WordPress-versjon",
        read_error: "Vi kunne ikke lese brukerne på dette nettstedet: WordPress svarte ikke. Sjekk at databasen til nettstedet virker, og last inn siden på nytt.",
        details: "Tekniske detaljer",
        nobody: "Dette nettstedet har ingen administrator eller bruker som kan laste opp.",
        col_role: "Kan",
        col_registered: "Opprettet",
        col_last_login: "Sist innlogget",
        col_status: "Passord",
        admin: "Administrator",
        uploader: "Kan laste opp filer",
        created_after_attack: "Opprettet etter angrepet. Hvis du ikke opprettet denne brukeren, slett den i WordPress (Brukere).",
        unknown: "Ukjent",
        status_changed: "Nytt passord satt",
        status_old: "Gammelt passord",
        status_failed: "Kunne ikke endres",
        plan_button: "Sett nye passord for disse brukerne",
        sheet_title: "Nye WordPress-passord: lagre dem nå",
        sheet_intro: "Ingenting er endret ennå. Lagre passordene i passordbehandleren din, eller skriv ut siden. Når du trykker på knappen under, blir akkurat disse passordene satt, og hver av brukerne blir logget ut overalt. Gi hver person det nye passordet sitt på en trygg måte. Lager du et nytt ark, blir dette ugyldig.",
        saved_label: "Jeg har lagret disse passordene",
        apply_button: "Sett disse passordene nå",
        must_confirm: "Kryss av for at du har lagret passordene, og trykk på knappen igjen.",
        tampered: "Dette passordarket er ikke det gjeldende (eller det er endret). Åpne WordPress-steget på nytt og lag et nytt ark.",
        results: |done, failed| match (done, failed) {
            (1, 0) => "Det nye passordet er satt, og brukeren er logget ut overalt.".into(),
            (d, 0) => format!("Alle {d} nye passord er satt, og brukerne er logget ut overalt."),
            (d, f) => format!("{d} nye passord satt; {f} kunne ikke settes (se under)."),
        },
        software_title: "Utvidelser og temaer",
        plugins: "Utvidelser",
        themes: "Temaer",
        active: "i bruk",
        inactive: "ikke i bruk",
        named_in_note: "Nevnt i vertens merknad om angrepet: oppdater eller fjern den.",
        update_available: "oppdatering tilgjengelig:",
        method_note: "Passordene settes med WordPress sine egne funksjoner, kjørt som kontoen din. Vi tar bare vare på et fingeravtrykk av passordet som er lagret på hvert nettsted, for å sjekke at det er endret.",
        others_title: "Joomla- og Drupal-nettsteder",
        others_intro: "Bytt passordet til hver administrator under i selve nettstedet, slik stegene viser.",
        joomla_site: "Joomla-nettsted i",
        drupal_site: "Drupal-nettsted i",
        others_read_error: "Vi kunne ikke lese administratorene på dette nettstedet: databasen svarte ikke. Følg stegene for hver administrator du kjenner til.",
        no_admins: "Fant ingen administrator.",
        super_user: "Superbruker",
        blocked: "sperret",
        joomla_steps: &[
            "Logg inn i administrasjonen til nettstedet: adressen til nettstedet etterfulgt av /administrator.",
            "Åpne Brukere › Behandle, og åpne hver bruker som står her.",
            "Skriv et nytt passord i Passord og en gang til i Bekreft passord (la passordbehandleren lage det), og trykk Lagre og lukk.",
            "Slett alle brukere her som du ikke kjenner: kryss av og trykk Slett.",
            "Logg ut alle: åpne phpMyAdmin i cPanel, velg databasen til nettstedet, kryss av tabellen som slutter på _session, og velg Tøm (Empty).",
        ],
        drupal_steps: &[
            "Logg inn på nettstedet som administrator og åpne Personer (adressen til nettstedet etterfulgt av /admin/people).",
            "Velg Rediger for hver bruker som står her, skriv et nytt passord i Passord og en gang til i Bekreft passord, og trykk Lagre.",
            "Avslutt alle kontoer her som du ikke kjenner: Rediger › Avslutt konto.",
            "Logg ut alle: åpne phpMyAdmin i cPanel, velg databasen til nettstedet, kryss av tabellen som slutter på sessions, og velg Tøm (Empty).",
        ],
        email: "E-post",
        stale_sheet: "Denne siden er eldre enn den siste passordendringen, så det ble ikke laget noe nytt ark: passordene du lagret sist, er de som gjelder. Åpne WordPress-steget på nytt for å se hvor saken står.",
    },
    already_done: "Dette skjemaet var allerede sendt, og det du ba om, ble gjort én gang. Det ble ikke gjort på nytt.",
    already_done_continue: "Fortsett",
    error_cpanel_unsure: "Svaret fra cPanel kom ikke frem, så vi vet ennå ikke om dette ble gjort. Last inn siden på nytt for å se hvordan det står nå; alt som fortsatt står der, kan du prøve igjen.",
    reopen_unsure: "Svaret på forespørselen om å åpne igjen kom ikke frem, så vi vet ennå ikke om nettstedet ditt ble åpnet. Last inn denne siden på nytt om et minutt: den viser hvor saken din står.",
    error_audit: "Vi fikk ikke skrevet dette steget inn i saksloggen din, så det ble ikke gjort. Ingenting gikk tapt. Prøv igjen om et minutt; kontakt kundestøtte hvis det fortsetter.",
    record_damaged: "En av verktøyets egne oppføringer var skadet. Vi tok vare på en kopi til kundestøtte og begynte på nytt; det cPanel viser, er uendret. Sjekk steget igjen før du fortsetter.",
    audit_pending: "Dette ble gjort, men det kunne ikke skrives inn i saksloggen din ennå (serveren har for lite plass eller er opptatt). Det skrives inn før neste steg, og de neste stegene venter til da. Ingenting gikk tapt.",
    files_checked: |at| {
        format!(
            "Filene på nettstedet ditt ble sjekket {at}. Har du endret filer selv siden da (med FTP eller i Filbehandling), sjekk dem på nytt."
        )
    },
    files_check_again: "Sjekk filene mine på nytt",
    files_check_damaged: "Resultatet av forrige sjekk av filene dine kunne ikke leses, så filene ble sjekket på nytt akkurat nå.",
};

fn refusal(code: Option<RefusalCode>) -> &'static str {
    use RefusalCode as C;
    match code {
        Some(C::StepsMissing) => {
            "Serveren vår sjekket alle stegene på nytt ut fra sine egne opplysninger, og noen påkrevde steg er ikke gjort ennå. Gå gjennom sjekklisten igjen, og prøv én gang til."
        }
        Some(C::NoCase) => "Det finnes ingen åpen sikkerhetssak for kontoen din, så det er ingenting å gjenåpne.",
        Some(C::AlreadyReopened) => "Nettstedet ditt er allerede gjenåpnet.",
        Some(C::Investigating) => {
            "Leverandøren din undersøker fortsatt saken, så nettstedet kan ikke gjenåpnes ennå. Du får en e-post når du kan fortsette."
        }
        Some(C::StalePage) => {
            "Siden var utdatert: saken din er endret siden du åpnet den. Åpne siden på nytt og gjenta steget."
        }
        Some(C::NoReleaseRecord) => {
            "Serveren vår har ingen opplysninger om saken din å sjekke mot. Be leverandøren din om å frigi saken på nytt; ingenting du har gjort, går tapt."
        }
        Some(C::HoldsNotLifted) => {
            "Alle stegene ble sjekket, men serveren klarte ikke å åpne nettstedet og e-postinnloggingene dine. Ingenting ble gjenåpnet. Prøv igjen om et minutt; kontakt kundestøtte hvis det skjer igjen."
        }
        Some(C::RecordFailed) => {
            "Serveren vår klarte ikke å skrive ned dette, så ingenting ble gjenåpnet. Prøv igjen om et minutt; kontakt kundestøtte hvis det skjer igjen."
        }
        Some(C::RateLimited) => "For mange forespørsler på kort tid. Vent et minutt og prøv igjen.",
        Some(C::CannotCheck | C::NotRoot) => {
            "Serveren vår klarte ikke å sjekke stegene dine akkurat nå, så ingenting ble gjenåpnet. Prøv igjen om et minutt; kontakt kundestøtte hvis det skjer igjen."
        }
        Some(
            C::BadRequest | C::NotAllowed | C::NotAwaiting | C::WeakPassword | C::CurrentPassword | C::PasswordNotSet,
        )
        | None => {
            "Serveren vår avviste forespørselen, så ingenting ble gjenåpnet. Åpne siden på nytt og gjenta steget; kontakt kundestøtte hvis det skjer igjen."
        }
    }
}

fn kind_nb(k: crate::passwords::plan::Kind) -> &'static str {
    use crate::passwords::plan::Kind::*;
    match k {
        Cpanel => "cPanel",
        Ftp => "FTP",
        Email => "E-post",
        Mysql => "MySQL-database",
        Postgres => "PostgreSQL-database",
        Webdisk => "Web Disk",
        Subaccount => "Underkonto",
        WordpressAdmin => "WordPress-administrator",
    }
}

/// The parts of an account the password inventory lists (named in English by the inventory).
fn inventory_part_nb(part: &str) -> &str {
    match part {
        "email" => "e-postkontoene",
        "domains" => "domenene",
        "sub-accounts" => "underkontoene",
        "FTP" => "FTP-kontoene",
        "MySQL" => "MySQL-brukerne",
        "PostgreSQL" => "PostgreSQL-brukerne",
        "Web Disk" => "Web Disk-kontoene",
        other => other,
    }
}
