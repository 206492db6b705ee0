use super::{ItemText, ItemTexts, PasswordTexts, RestoreTexts, SweepTexts, Texts};

pub static TEXTS: Texts = Texts {
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
    error_record: "Vi fikk ikke lest sikkerhetssaken din. Kontakt kundestøtte og nevn denne siden.",
    checklist_title: "Sikre nettstedet ditt, steg for steg",
    progress: |done, total| format!("{done} av {total} påkrevde steg er gjort"),
    required: "Påkrevd",
    recommended: "Anbefalt",
    state_done: "Gjort",
    state_not_needed: "Trengs ikke på kontoen din",
    state_not_done: "Ikke gjort ennå",
    why_label: "Hvorfor dette er viktig",
    items: ItemTexts {
        credentials_rotated: ItemText {
            title: "Sett nye passord på alt",
            why: "Angriperen kan kjenne alle passordene på kontoen: cPanel, FTP, e-post, databaser og brukerne i nettstedet ditt.",
            how: "Åpne dette steget: vi lager nye passord, du lagrer dem, og så endrer vi alle og oppdaterer innstillingene til nettstedet.",
        },
        folder_restored: ItemText {
            title: "Slett den hackede mappen og gjenopprett en ren kopi",
            why: "Angripere legger igjen skjulte filer. Bare sletting av mappen og gjenoppretting fra en sikkerhetskopi fra før angrepet fjerner dem.",
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
    },
    reason: reason,
    confirm_button: "Jeg bekrefter",
    keep_label: "Behold",
    keep_reason_label: "Hvorfor beholder du den?",
    keep_button: "Behold den",
    revoke_button: "Fjern nøkkel",
    remove_key_button: "Fjern SSH-nøkkel",
    reopen_title: "Gjenåpne nettstedet ditt",
    reopen_ready: "Alle påkrevde steg er gjort. Når du gjenåpner, blir nettstedet og e-postinnloggingene åpnet igjen.",
    reopen_missing: "Du kan gjenåpne når alle påkrevde steg er gjort. Dette mangler:",
    reopen_button: "Gjenåpne nettstedet mitt",
    reopened_notice: "Nettstedet ditt er åpent igjen. Fortsett å følge sikkerhetsrådene under.",
    reopen_refused: "Nettstedet ble ikke gjenåpnet. Serveren vår sjekket på nytt, og disse stegene er ikke gjort:",
    notice_saved: "Lagret.",
    error_keep_reason: "Skriv en kort begrunnelse (3 til 200 tegn) for å beholde den.",
    error_unknown_item: "Det steget finnes ikke i sjekklisten din.",
    error_cpanel_action: "cPanel fikk ikke gjort det akkurat nå. Ingenting ble endret. Prøv igjen om et minutt.",
    error_stale: "Siden var utdatert. Vi har lastet den på nytt; sjekk stegene og prøv en gang til.",
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
        wordpress_manual: "WordPress-brukere: logg inn i hver WordPress-administrasjon, bytt passord for hver administrator (Brukere › Profil), og trykk \u{201c}Logg ut alle andre steder\u{201d}.",
    },
    restore: RestoreTexts {
        title: "Slett den hackede mappen og gjenopprett en ren kopi",
        intro: "Vi flytter mappen du velger ut av nettstedet og inn i en karantene som ingen kan nå fra nettet (ingenting slettes: du kan fortsatt hente dine egne filer derfra), legger kopien fra sikkerhetskopien tilbake og kontrollerer den.",
        folder_label: "Mappe som skal gjenopprettes",
        backup_label: "Sikkerhetskopi å gjenopprette fra",
        before_attack: "tatt før angrepet (anbefalt)",
        after_attack: "tatt etter angrepet: den kan inneholde angriperens filer",
        start_button: "Flytt til karantene og gjenopprett",
        all_after_attack: "Alle sikkerhetskopiene våre ble tatt etter angrepet, så hver av dem kan inneholde angriperens filer. Å gjenopprette en av dem gjør ikke nettstedet rent. Installer skriptet (for eksempel WordPress) på nytt i stedet, og legg inn innholdet igjen; bekreft under når det er gjort.",
        no_backups: "Det finnes ingen sikkerhetskopier av denne kontoen. Installer skriptet (for eksempel WordPress) på nytt, og legg inn innholdet igjen; bekreft under når det er gjort.",
        unknown_attack_time: "Vi vet ikke når angrepet skjedde, så vi kan ikke si hvilken sikkerhetskopi som er ren. Velg den eldste du kan leve med.",
        clean_install: "Jeg har installert skriptet på nytt og lagt inn innholdet igjen",
        clean_install_button: "Jeg bekrefter",
        interrupted: "En gjenoppretting ble avbrutt. Den opprinnelige mappen ligger trygt i karantenen. Fortsett gjenopprettingen, eller legg originalen tilbake.",
        continue_button: "Fortsett gjenopprettingen",
        rollback_button: "Legg originalen tilbake",
        done: |folder, backup, files, quarantine| {
            format!(
                "{folder} ble gjenopprettet fra sikkerhetskopien fra {backup} ({files} filer kontrollert). Den gamle mappen ligger i {quarantine}."
            )
        },
        rolled_back: "Gjenopprettingen ble ikke fullført, så vi la den opprinnelige mappen tilbake. Ingenting gikk tapt. Prøv igjen om et minutt, eller kontakt kundestøtte.",
        purge_intro: "Den gamle mappen blir liggende i karantenen til du sletter den. Hent først det du fortsatt trenger fra den.",
        purge_button: "Slett kopien i karantenen",
        error_folder: "Den mappen kan ikke gjenopprettes. Velg en av mappene i listen.",
        error_backup: "Den sikkerhetskopien finnes ikke. Velg en av sikkerhetskopiene i listen.",
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
        reason: sweep_reason,
        gone: "Det var allerede fjernet.",
    },
    harden_button: "Gjør dette for meg",
    open_step: "Åpne dette steget",
    back_to_checklist: "Tilbake til sjekklisten",
    mail_release_subject: "Nettstedet ditt er klart til å sikres og gjenåpnes",
    mail_release_body: |user| {
        format!(
            "Hei,\n\nVi er ferdige med å undersøke angrepet på webhotellkontoen «{user}».\nDu kan logge inn i cPanel igjen. Nettstedet og e-postinnloggingene er stengt til du har\nsikret kontoen.\n\nÅpne cPanel, velg «Secure & Reopen» under Security, og følg stegene. Sett av tid:\ngjenåpner du uten dem, blir du mest sannsynlig hacket igjen.\n"
        )
    },
};

fn reason(r: &crate::checklist::Reason) -> String {
    use crate::checklist::Reason::*;
    match r {
        StepNotAvailable => "Dette steget finnes ikke i programtillegget ennå.".into(),
        NotAttested => "Ikke bekreftet ennå.".into(),
        OldTokens(t) => format!("API-nøkler laget før oppryddingen: {}.", t.join(", ")),
        OldSshKeys(k) => format!("SSH-nøkler fra før oppryddingen: {}.", k.join(", ")),
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
        CredentialsLeft(n) => format!("{n} innlogginger har fortsatt det gamle passordet."),
        WpAdminsLeft => "Bekreft at du har byttet passordet til hver WordPress-administrator.".into(),
        NotRestored => "Mappen er ikke gjenopprettet fra en ren sikkerhetskopi ennå.".into(),
        RestoredFromLateBackup => {
            "Mappen ble gjenopprettet fra en sikkerhetskopi tatt etter angrepet, som kan inneholde bakdøren.".into()
        }
        WpSaltsOld(p) => format!("Sikkerhetsnøklene er ikke fornyet etter oppryddingen i: {}.", p.join(", ")),
        CouldNotCheck(_) => "Vi fikk ikke sjekket dette akkurat nå. Last inn siden på nytt om et minutt.".into(),
    }
}

fn sweep_reason(r: &crate::sweep::Reason) -> &'static str {
    use crate::sweep::Reason::*;
    use crate::sweep::detect::Why::*;
    match r {
        File(ExecutableInUploads) => "Programkode i en mappe som er ment for opplastinger eller bilder.",
        File(PrependAppend) => "Får PHP til å kjøre en skjult fil før eller etter hver side.",
        File(HandlerOnData) => "Får bilder eller andre datafiler til å kjøre som programkode.",
        File(ConditionalRedirect) => {
            "Sender besøkende videre avhengig av nettleseren eller hvor de kom fra (typisk spam-videresending)."
        }
        File(ForeignRedirect) => "Sender besøkende til et annet nettsted.",
        File(WordPressAutoload) => "Kjører på hver WordPress-side uten å vises i listen over utvidelser.",
        File(EvalOfDecoded) => "Kjører skjult kode som den dekoder eller får fra besøkende (en bakdør).",
        File(EncodedBlob) => "Inneholder en lang blokk med skjulte, kodede data.",
        File(PregReplaceEval) => "Kjører tekst som programkode.",
        File(DynamicCallFromInput) => "Lar besøkende velge hvilken funksjon som kjøres (en bakdør).",
        File(ShellFromInput) => "Lar besøkende kjøre kommandoer på serveren (en bakdør).",
        File(ModifiedAfterAttack) => "Endret etter angrepet.",
        File(WorldWritable) => "Alle på serveren kan endre den.",
        File(CodeFromInput) => "Kjører programkode som besøkende sender til den (en bakdør).",
        File(CodeFromInternet) => "Laster ned programkode fra Internett og kjører den (en bakdør).",
        File(HiddenFunctionName) => "Kaller en farlig funksjon under et skjult, sammensatt navn.",
        File(EvalOfVariable) => "Kjører tekst som programkode.",
        File(UploadDropper) => "Lagrer filer som besøkende laster opp eller sender, på serveren (en opplaster).",
        File(IncludeOfData) => "Laster et bilde eller en tekstfil som programkode (skjult kode).",
        File(PhpLockdown) => {
            "Blokkerer alle PHP-filer unntatt noen få utvalgte (angripere låser nettstedet til sine egne filer)."
        }
        File(SsiExec) => "Får nettsider til å kjøre kommandoer på serveren.",
        File(PhpWeakened) => "Slår av beskyttelsen i PHP.",
        File(TooLarge) => "For stor til å sjekkes helt: bare begynnelsen ble sjekket.",
        CronDownloadsCode => "Laster ned kode fra Internett og kjører den.",
        CronReview => "Kjører etter en tidsplan. Behold den bare hvis du har laget den.",
        ForwarderExternal => {
            "Kopierer e-post til en adresse utenfor domenene dine. Angripere bruker dette til å lese e-post om nytt passord."
        }
        FilterReview => "Filtrerer e-posten din. Behold det bare hvis du har laget det.",
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
