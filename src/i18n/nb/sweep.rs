//! Why the sweep flagged a file or a setting (Norwegian Bokmål): one sentence per reason, in the
//! customer's words.

pub(super) fn sweep_reason(r: &crate::sweep::Reason) -> &'static str {
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
        File(IncludeOfData) => {
            "Laster et bilde, en tekstfil eller en skjult fil av en annen type som programkode (skjult kode)."
        }
        File(PhpUnderDataName) => {
            "Programkode forkledd som et bilde, et ikon eller et stilark: en annen fil laster og kjører den (en skjult del av en bakdør)."
        }
        File(PhpLockdown) => {
            "Blokkerer alle PHP-filer unntatt noen få utvalgte (angripere låser nettstedet til sine egne filer)."
        }
        File(PhpReallowed) => {
            "Lar alle PHP-filer i denne mappen kjøre igjen, forbi vertens sperre (angripere legger dette ved siden av sine egne filer)."
        }
        File(SsiExec) => "Får nettsider til å kjøre kommandoer på serveren.",
        File(PhpWeakened) => "Slår av beskyttelsen i PHP.",
        File(TooLarge) => "For stor til å sjekkes helt: bare begynnelsen ble sjekket.",
        File(CheckFailed) => {
            "Sjekken vår stoppet på denne filen, så vi vet ikke hva den gjør: be verten din se på den."
        }
        File(HostRule) => "Funnet av en av vertens egne regler eller skannere for skadevare.",
        File(AdminBackdoor) => {
            "Lager eller skjuler en administrator for inntrengeren, når en hemmelig adresse åpnes eller ved hvert besøk (en bakdør)."
        }
        File(MailFromInput) => "Sender e-post dit en besøkende ber om (en spamsender).",
        File(RewriteToHiddenScript) => {
            "Sender adressene på nettstedet ditt til en skjult eller tilfeldig navngitt programfil (spamsider eller en bakdør)."
        }
        File(PhpSourceShown) => {
            "Får nettstedet til å vise programkoden som tekst, så alle kan lese den og passordene i den."
        }
        File(SymlinkBrowsing) => {
            "Lar alle liste mapper og følge lenker til andre filer på serveren (brukes til å stjele passord)."
        }
        File(BackdatesFiles) => "Setter datoen på filer tilbake i tid, slik at endrede filer ser gamle og urørte ut.",
        File(DeletesItself) => {
            "Sletter seg selv etter at den har kjørt (slik skjuler angripernes installasjonsfiler sporene)."
        }
        File(RemoteShell) => "Åpner en kommandolinje på serveren for noen på en annen maskin (et fjernskall).",
        File(NetworkBot) => "Tar imot ordre fra en chat-server eller oversvømmer andre nettsteder (en bot).",
        File(SearchEngineCloaking) => {
            "Viser søkemotorer andre sider enn de besøkende ser, hentet fra et annet nettsted (spam)."
        }
        File(WritesCodeWithInput) => {
            "Skriver programkode som kjører det besøkende sender, til en fil (installerer en bakdør)."
        }
        File(DownloadsProgram) => "Laster ned et program fra Internett og starter det på serveren.",
        File(WebShellConsole) => "Et kontrollpanel for angripere: viser serverens innstillinger og styrer filene.",
        File(InjectedScript) => {
            "Skjult eller fremmed JavaScript lagt inn i sidene dine (sender besøkende videre eller spionerer på dem)."
        }
        File(NetworkFromInput) => {
            "Kobler seg til hvilken som helst maskin en besøkende oppgir (brukes til å skjule angrep, skanne eller oversvømme andre servere)."
        }
        File(CredentialCollector) => {
            "Sender passord eller kortnumre som skrives inn i et skjema, til noen andre (en phishing-side eller en kortskimmer)."
        }
        File(ReadsOtherSites) => {
            "Leser filene til andre nettsteder på serveren, for eksempel databasepassordene deres (en passordtyv)."
        }
        File(RewritesFilesForever) => {
            "Kjører uten stopp og skriver en fil tilbake og låser den, slik at en renset side eller en fjernet bakdør er tilbake i løpet av et sekund."
        }
        File(ShowsSiteSecrets) => {
            "Viser nettstedets innstillingsfil, med databasepassordet og nøklene, til alle som åpner den (lagt igjen av en angriper for å lese dem)."
        }
        File(ReportsItsLocation) => {
            "Sender serverens adresse og hvor denne filen ligger, til noen på e-post eller over nettet (forteller en angriper hvor bakdøren er)."
        }
        File(DatabaseWritesFile) => {
            "Får databasen til å skrive en fil på serveren (brukes til å plante en bakdør eller ta over serveren)."
        }
        File(PhishingBotFilter) => {
            "Avviser sikkerhetsskannere og tjenester mot phishing slik at en falsk innloggings- eller bankside holdes skjult (del av et phishing-sett)."
        }
        File(ObfuscatedNames) => {
            "Skrevet for å være uleselig: navn og tekster er skjult i escape-koder eller en kryptert tabell så søk ikke finner dem (slik skjuler bakdører seg)."
        }
        File(ShellObject) => {
            "Kjører kommandoer på serveren gjennom Windows' skriptvert eller en innebygd Perl, forbi PHPs egne sperrer (et nettskall)."
        }
        File(StartsProgram) => {
            "Starter et eget program på serveren i bakgrunnen (ofte en utvinner av kryptovaluta, en bot eller en mellomtjener)."
        }
        File(InjectsHiddenCode) => "Skriver skjult kode inn i andre filer på nettstedet (sprer en bakdør).",
        File(ErasesLogs) => "Sletter eller tømmer serverens logger og kommandohistorikk for å skjule et innbrudd.",
        File(ChatBotKey) => {
            "Inneholder nøkkelen til en Telegram-bot: phishing-sider og angripernes verktøy sender det de samler inn (passord, kort, besøk) dit. Fjern den med mindre du har satt opp denne boten selv."
        }
        File(PluginPosesAsWordPress) => {
            "En utvidelse som oppgir WordPress selv som forfatter. WordPress leverer ingen slik utvidelse: inntrengere forkler bakdørene sine som deler av WordPress. Fjern den med mindre du vet hvor den kommer fra."
        }
        File(PasswordCracker) => {
            "Et program som prøver lister med passord mot andre serveres innlogging (e-post, cPanel, nettsteder): en inntrengers verktøy, kjørt fra kontoen din mot andre. Slett det, og si fra til verten din: innloggingsforsøkene kom fra kontoen din."
        }
        File(BulkMailer) => {
            "Et program som sender e-post til en liste med adresser, mange om gangen og med skjult avsender: en spamsender. Det får nettstedets e-post blokkert."
        }
        File(KitMailbox) => {
            "Inneholder e-postadressen et phishing-sett sender det ofrene skriver inn til (settets innstillingsfil). Fjern den med mindre du har skrevet den selv."
        }
        File(ChecksBlocklists) => {
            "Sjekker om dette nettstedet står på Googles eller en spam-blokkeringsliste: spammere gjør dette for å vite når sidene deres er oppdaget."
        }
        File(FileChangeFromInput) => {
            "Endrer, flytter eller sletter enhver fil en besøkende oppgir navnet på (en filbehandler en inntrenger har lagt igjen)."
        }
        File(FileReadFromInput) => {
            "Viser enhver fil på serveren en besøkende oppgir navnet på, også passord og innstillinger."
        }
        File(PhishingPage) => {
            "En falsk innloggingsside: den ber om passordet til e-postadressen som lenken hadde med seg (slik phishing-sett hilser på ofrene sine)."
        }
        File(PlantsServerConfig) => {
            "Skriver serverinnstillinger (.htaccess) som får bilder eller oppdiktede filtyper til å kjøre som programmer, en vei rundt vertens beskyttelse."
        }
        File(StealsCookies) => {
            "Sender informasjonskapslene til de besøkende (innloggingene deres) til et skript som tar vare på dem."
        }
        File(RestoresFromDisguise) => {
            "Kopierer kode som er gjemt under navnet til et bilde tilbake til en PHP-fil eller .htaccess, slik at en fjernet bakdør kommer tilbake."
        }
        File(HiddenMailRecipient) => {
            "Sender data med e-post til en adresse den skjuler i koden (kodet, eller satt sammen bokstav for bokstav): slik sender kort- og passordtyver det de stjeler."
        }
        File(FileManagerShell) => {
            "En filbehandler som alle kan åpne: den viser mappene dine og sletter, gir nytt navn til eller skriver om filene en besøkende velger."
        }
        File(TrafficRedirector) => {
            "Sender hver besøkende videre til et annet nettsted, valgt tilfeldig fra en liste: en omdirigering for spam eller svindel."
        }
        File(HiddenAdministrator) => {
            "Holder en administrator for nettstedet skjult i brukerlisten, eller lager en med et passord som står i filen (en bakdør)."
        }
        File(HidesItsPlugin) => {
            "En utvidelse som skjuler seg i listen over utvidelser eller ikke kan slås av der (skadevare som later som den er en utvidelse)."
        }
        File(LoaderInFront) => {
            "En linje som laster en annen fil, er satt inn foran filens egen kode: slik kobler inntrengere koden sin til en ekte fil. Hent filen tilbake fra sikkerhetskopien."
        }
        File(SendsRequestToHiddenAddress) => {
            "Sender alt de besøkende skriver inn på nettstedet (innlogginger, skjemaer, kortbetalinger) videre til en nettadresse den skjuler i koden: slik virker kort- og passordtyver."
        }
        File(InstallsCronJob) => {
            "Legger inn en planlagt oppgave (en cron-jobb) på serveren som starter inntrengerens skript igjen og igjen, også etter at det er slettet. Sjekk cron-jobbene dine i denne gjennomgangen."
        }
        File(PrintsRemoteContent) => {
            "Skriver ut på sidene dine det et annet nettsted sender: skjulte lenker eller reklame for eieren av det nettstedet (søkemotorspam)."
        }
        File(SpamDoorway) => {
            "Viser sider den henter fra et annet nettsted, som velger dem etter navnet på nettstedet ditt eller etter hvem den besøkende er: en spam-inngangsside som legger andres sider under adressen din."
        }
        File(HiddenLinks) => {
            "Har mange lenker til andre nettsteder i en del av siden de besøkende aldri ser: søkemotorspam som låner omdømmet til nettstedet ditt."
        }
        File(KitCopier) => {
            "Kopierer en samling sider til en ny mappe med tilfeldig navn og sender den besøkende dit: inngangssiden til et phishing-sett, som gir hvert offer en ny adresse."
        }
        File(HidesFromSearchEngines) => {
            "Sier til søkemotorene Google og Bing at siden ikke finnes, slik at den holdes utenfor søkeresultater og blokkeringslister: phishing-sett og bakdører skjuler seg slik."
        }
        File(Defacement) => {
            "En side inntrengeren la ut for å skryte av innbruddet («hacked by …»). Bytt den ut med din egen side fra sikkerhetskopien."
        }
        File(GamblingSpam) => {
            "En side med reklame for pengespill på nett («slot gacor», «maxwin») som inntrengeren la på nettstedet ditt, slik at søkemotorer viser den under nettstedets navn. Slett den; dine egne sider får du tilbake fra sikkerhetskopien."
        }
        File(KeywordDoorway) => {
            "Lager en søppelside på nettstedet ditt for hver av hundrevis av søkefraser den har, slik at søkemotorer viser inntrengerens sider under nettstedets navn. Slett den; dine egne sider får du tilbake fra sikkerhetskopien."
        }
        File(BypassesPhpLimits) => {
            "Omgår grensene verten din har satt for PHP (funksjonene som er slått av) for å kjøre programmer på serveren: et verktøy for angripere. Slett den."
        }
        File(RewritesMailPasswords) => {
            "Gir alle e-postkontoene på nettstedet ditt et passord inntrengeren har valgt, ved å skrive om serverens liste over passordene deres, slik at det kan sendes e-post i ditt navn. Slett den, og sett deretter nytt passord for alle e-postkontoene."
        }
        File(HidesAsSystemProcess) => {
            "Et program som kjører i bakgrunnen under navnet til et av serverens egne programmer (for eksempel webserveren), slik at det ikke blir lagt merke til i listen over kjørende programmer: vanligvis en bot som tar imot ordre fra inntrengeren. Slett det, og be verten din stoppe programmet."
        }
        File(KillsRivals) => {
            "Et program som stopper andre programmer på serveren for å ta kraften dens selv: installasjonsprogrammet til en kryptovaluta-miner. Slett det, og be verten din se etter mineren og de planlagte oppgavene dens."
        }
        File(AddsSshKey) => {
            "Et program som legger inntrengerens nøkkel til kontoens SSH-innlogginger, slik at de kan komme tilbake uten passord, også etter at du har byttet alle. Slett det, og fjern deretter alle nøkler du ikke kjenner i cPanels SSH Access."
        }
        File(LocalRootExploit) => {
            "Et program som prøver et kjent hull i serverens system for å ta den over som administrator (root). Inntrengere har slike med seg; ikke noe nettsted trenger et slikt program. Slett det og si fra til verten din, som bør sjekke at serveren er oppdatert."
        }
        File(ChangesAccountContact) => {
            "Et skript som bytter kontaktadressen til cPanel-kontoen din til inntrengerens, slik at en tilbakestilling av passordet gir dem tilgang til hele kontoen. Slett det, sjekk deretter kontaktadressen i cPanels Contact Information og bytt cPanel-passordet."
        }
        File(LoadsForeignScript) => {
            "Laster et skript fra et annet nettsted inn på sidene dine. Inntrengere legger en slik linje til et nettsteds skript; noen tjenester et nettsted bruker, laster på samme måte. Hvis du ikke kjenner nettstedet den nevner, legg filen tilbake fra sikkerhetskopien."
        }
        File(MassDefacer) => {
            "Et verktøy som bytter ut forsiden til alle nettsteder det når på serveren med inntrengerens side (en masse-defacer)."
        }
        File(RemoteSpamControl) => {
            "Lar noen utenfra legge lenker og sider inn i nettstedets database på avstand, bak et passord som står skrevet i filen eller gjennom WordPress som filen laster selv (en fjernkontroll for søkemotorsøppel)."
        }
        CronDownloadsCode => "Laster ned kode fra Internett og kjører den.",
        CronReview => "Kjører etter en tidsplan. Behold den bare hvis du har laget den.",
        ForwarderExternal => {
            "Kopierer e-post til en adresse utenfor domenene dine. Angripere bruker dette til å lese e-post om nytt passord."
        }
        FilterReview => "Filtrerer e-posten din. Behold det bare hvis du har laget det.",
    }
}
