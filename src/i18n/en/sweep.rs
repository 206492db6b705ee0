//! Why the sweep flagged a file or a setting (English): one sentence per reason, in the
//! customer's words.

pub(super) fn sweep_reason(r: &crate::sweep::Reason) -> &'static str {
    use crate::sweep::Reason::*;
    use crate::sweep::detect::Why::*;
    match r {
        File(ExecutableInUploads) => "Program code in a folder meant for uploads or images.",
        File(PrependAppend) => "Makes PHP run a hidden file before or after every page.",
        File(HandlerOnData) => "Makes images or other data files run as program code.",
        File(ConditionalRedirect) => {
            "Sends visitors elsewhere depending on their browser or where they came from (typical spam redirect)."
        }
        File(ForeignRedirect) => "Redirects visitors to another website.",
        File(WordPressAutoload) => "Runs on every WordPress page without showing in the plugin list.",
        File(EvalOfDecoded) => "Runs hidden code it decodes or receives from visitors (a backdoor).",
        File(EncodedBlob) => "Contains a long block of hidden, encoded data.",
        File(PregReplaceEval) => "Runs text as program code.",
        File(DynamicCallFromInput) => "Lets visitors choose which function to run (a backdoor).",
        File(ShellFromInput) => "Lets visitors run commands on the server (a backdoor).",
        File(ModifiedAfterAttack) => "Changed after the attack.",
        File(WorldWritable) => "Anyone on the server can change it.",
        File(CodeFromInput) => "Runs program code that visitors send to it (a backdoor).",
        File(CodeFromInternet) => "Downloads program code from the internet and runs it (a backdoor).",
        File(HiddenFunctionName) => "Calls a dangerous function under a hidden, pieced-together name.",
        File(EvalOfVariable) => "Runs text as program code.",
        File(UploadDropper) => "Saves files that visitors upload or send onto the server (an uploader).",
        File(IncludeOfData) => {
            "Loads an image, a text file or a hidden file of another kind as program code (hidden code)."
        }
        File(PhpUnderDataName) => {
            "Program code disguised as a picture, icon or style sheet: another file loads and runs it (a hidden part of a backdoor)."
        }
        File(PhpLockdown) => {
            "Blocks every PHP file except a few chosen ones (attackers lock the site to their own files)."
        }
        File(PhpReallowed) => {
            "Lets every PHP file in this folder run again, past the host's block (attackers put this beside their own files)."
        }
        File(SsiExec) => "Makes web pages run server commands.",
        File(PhpWeakened) => "Switches off PHP's protections.",
        File(TooLarge) => "Too large to check whole: only the beginning was checked.",
        File(CheckFailed) => {
            "Our check stopped on this file, so nothing is known of what it does: ask your host to look at it."
        }
        File(HostRule) => "Matched by one of your host's own malware rules or scanners.",
        File(AdminBackdoor) => {
            "Creates or hides a site administrator for the intruder, when a secret address is opened or on every visit (a backdoor)."
        }
        File(MailFromInput) => "Sends e-mail wherever a visitor tells it to (a spam sender).",
        File(RewriteToHiddenScript) => {
            "Sends your site's addresses to a hidden or randomly named program file (spam pages or a backdoor)."
        }
        File(PhpSourceShown) => {
            "Makes your site show its program code as text, so anyone can read it and the passwords in it."
        }
        File(SymlinkBrowsing) => {
            "Lets anyone list folders and follow links into other files on the server (used to steal passwords)."
        }
        File(BackdatesFiles) => "Sets files' dates into the past so that changed files look old and untouched.",
        File(DeletesItself) => "Deletes itself after running (attackers' installers cover their tracks this way).",
        File(RemoteShell) => "Opens a command line on the server for someone on another machine (a remote shell).",
        File(NetworkBot) => "Takes orders from a chat server or floods other websites (a bot).",
        File(SearchEngineCloaking) => {
            "Shows search engines other pages than your visitors see, fetched from another site (spam)."
        }
        File(WritesCodeWithInput) => {
            "Writes program code that runs what visitors send into a file (installs a backdoor)."
        }
        File(DownloadsProgram) => "Downloads a program from the internet and starts it on the server.",
        File(WebShellConsole) => "A control panel for attackers: shows the server's settings and manages its files.",
        File(InjectedScript) => {
            "Hidden or foreign JavaScript put into your pages (sends visitors elsewhere or spies on them)."
        }
        File(NetworkFromInput) => {
            "Connects to any machine a visitor names (used to hide attacks, scan or flood other servers)."
        }
        File(CredentialCollector) => {
            "Sends passwords or card numbers typed into a form to someone else (a phishing page or a card skimmer)."
        }
        File(ReadsOtherSites) => {
            "Reads other websites' files on the server, such as their database passwords (a password grabber)."
        }
        File(RewritesFilesForever) => {
            "Runs without end and keeps writing a file back and locking it, so a cleaned page or a removed backdoor is back within a second."
        }
        File(ShowsSiteSecrets) => {
            "Shows this site's settings file, with its database password and keys, to anyone who opens it (left by an attacker to read them)."
        }
        File(ReportsItsLocation) => {
            "Sends the server's address and where this file sits to someone, by e-mail or a web request (tells an attacker where the backdoor is)."
        }
        File(DatabaseWritesFile) => {
            "Makes the database write a file onto the server (used to plant a backdoor or take over the server)."
        }
        File(PhishingBotFilter) => {
            "Turns away security scanners and anti-phishing services so a fake login or bank page stays hidden (part of a phishing kit)."
        }
        File(ObfuscatedNames) => {
            "Written to be unreadable: its names and texts are hidden in escape codes or an encrypted table so that searches miss them (how backdoors hide)."
        }
        File(ShellObject) => {
            "Runs commands on the server through Windows' scripting host or an embedded Perl, past PHP's own protections (a web shell)."
        }
        File(StartsProgram) => {
            "Starts a program of its own on the server in the background (often a miner, a bot or a proxy)."
        }
        File(InjectsHiddenCode) => "Writes hidden code into other files of the site (it spreads a backdoor).",
        File(ErasesLogs) => "Deletes or empties the server's logs and command histories to hide a break-in.",
        File(ChatBotKey) => {
            "Holds the key of a Telegram bot: phishing pages and attackers' tools send what they collect (passwords, cards, visits) there. Remove it unless you set up this bot yourself."
        }
        File(PluginPosesAsWordPress) => {
            "A plugin that names WordPress itself as its author. WordPress ships no plugin like that: intruders disguise their backdoors as parts of WordPress. Remove it unless you know where it came from."
        }
        File(PasswordCracker) => {
            "A program that tries lists of passwords against other servers' logins (mail, cPanel, websites): an intruder's tool, run from your account against others. Delete it, then tell your host: the logins it tried came from your account."
        }
        File(BulkMailer) => {
            "A program that sends mail to a list of addresses, many at once and hiding where it comes from: a spam sender. It gets the site's mail blocked."
        }
        File(KitMailbox) => {
            "Holds the e-mail address a phishing kit sends what its victims type to (the kit's settings file). Remove it unless you wrote it."
        }
        File(ChecksBlocklists) => {
            "Checks whether this site is on Google's or a spam blocklist: spammers do this to know when their pages have been found."
        }
        File(FileChangeFromInput) => {
            "Changes, moves or deletes any file whose name a visitor sends (a file manager an intruder left)."
        }
        File(FileReadFromInput) => {
            "Shows any file of the server whose name a visitor sends, passwords and settings included."
        }
        File(PhishingPage) => {
            "A fake login page: it asks for the password of the email address its link carried (how phishing kits greet their victims)."
        }
        File(PlantsServerConfig) => {
            "Writes server settings (.htaccess) that make pictures or made-up file types run as programs, a way around the host's protections."
        }
        File(StealsCookies) => "Sends your visitors' cookies (their logins to sites) to a script that records them.",
        File(RestoresFromDisguise) => {
            "Copies code kept under a picture's name back into a PHP file or .htaccess, so a removed backdoor comes back."
        }
        File(HiddenMailRecipient) => {
            "Mails data to an address it hides in its code (encoded, or put together letter by letter): how card and password skimmers send what they steal."
        }
        File(FileManagerShell) => {
            "A file manager anyone can open: it lists your folders and deletes, renames or rewrites the files a visitor chooses."
        }
        File(TrafficRedirector) => {
            "Sends each visitor to another site picked at random from a list: a redirector for spam or scams."
        }
        File(HiddenAdministrator) => {
            "Keeps a site administrator hidden from your list of users, or makes one with a password written in the file (a backdoor)."
        }
        File(HidesItsPlugin) => {
            "A plugin that hides itself from your list of plugins or cannot be switched off there (malware posing as a plugin)."
        }
        File(LoaderInFront) => {
            "A line that loads another file was put in front of this file's own code: how intruders hook their code into a real file. Put the file back from your backup."
        }
        File(SendsRequestToHiddenAddress) => {
            "Sends everything your visitors type into the site (logins, forms, card payments) on to a web address it hides in its code: how card and password skimmers work."
        }
        File(InstallsCronJob) => {
            "Adds a scheduled task (a cron job) to the server that starts the intruder's script again and again, even after it is deleted. Check your cron jobs in this review."
        }
        File(PrintsRemoteContent) => {
            "Prints into your pages whatever another site sends it: hidden links or ads for that site's owner (search-engine spam)."
        }
        File(SpamDoorway) => {
            "Shows pages it fetches from another site, which picks them by your site's name or by who the visitor is: a spam doorway that puts someone else's pages under your address."
        }
        File(HiddenLinks) => {
            "Holds many links to other sites in a part of the page your visitors never see: search-engine spam that borrows your site's reputation."
        }
        File(KitCopier) => {
            "Copies a set of pages into a new folder with a random name and sends the visitor there: the entry page of a phishing kit, which gives each victim a fresh address."
        }
        File(HidesFromSearchEngines) => {
            "Tells Google's or Bing's crawler that the page does not exist, so it stays out of search results and blocklists: phishing kits and backdoors hide this way."
        }
        File(Defacement) => {
            "A page the intruder put up to boast of the break-in (\"hacked by …\"). Replace it with your own page from your backup."
        }
        File(GamblingSpam) => {
            "A page of online-gambling advertising (\"slot gacor\", \"maxwin\") the intruder put on your site so that search engines show it under your site's name. Delete it; your own pages come back from your backup."
        }
        File(KeywordDoorway) => {
            "Makes a spam page on your site for each of hundreds of search phrases it keeps, so that search engines show the intruder's pages under your site's name. Delete it; your own pages come back from your backup."
        }
        File(BypassesPhpLimits) => {
            "Gets round the limits your host set on PHP (the functions it switched off) to run programs on the server: an attacker's tool. Delete it."
        }
        File(RewritesMailPasswords) => {
            "Gives every e-mail account of your site a password the intruder chose, by rewriting the server's list of their passwords, so that mail can be sent as you. Delete it, then set a new password for every e-mail account."
        }
        File(HidesAsSystemProcess) => {
            "A program that runs in the background under the name of one of the server's own programs (such as the web server), so that it goes unnoticed in the list of running programs: usually a bot that takes orders from the intruder. Delete it and ask your host to stop the program."
        }
        File(KillsRivals) => {
            "A program that stops other programs on the server to take its power for itself: the installer of a cryptocurrency miner. Delete it and ask your host to check for the miner and its scheduled tasks."
        }
        File(AddsSshKey) => {
            "A program that adds the intruder's key to your account's SSH logins, so they can come back without any password, even after you change them all. Delete it, then remove every key you do not know in cPanel's SSH Access."
        }
        File(LocalRootExploit) => {
            "A program that tries a known hole in the server's system to take it over as its administrator (root). Intruders bring these along; no site needs one. Delete it and tell your host, who should check that the server is up to date."
        }
        File(ChangesAccountContact) => {
            "A script that changes your cPanel account's contact email address to the intruder's, so that a password reset sends them the way into your whole account. Delete it, then check the contact address in cPanel's Contact Information and change your cPanel password."
        }
        File(LoadsForeignScript) => {
            "Loads a script from another website into your pages. Intruders add such a line to a site's scripts; a few services a site uses load the same way. If you do not know the website it names, put the file back from your backup."
        }
        File(MassDefacer) => {
            "A tool that puts the intruder's page in place of the home page of every website it can reach on the server (a mass defacer)."
        }
        File(RemoteSpamControl) => {
            "Lets someone outside add links and pages to your site's database from afar, behind a password written in the file or through a copy of WordPress it loads itself (a remote control for search-engine spam)."
        }
        CronDownloadsCode => "Downloads code from the internet and runs it.",
        CronReview => "Runs on a schedule. Keep it only if you made it.",
        ForwarderExternal => {
            "Copies mail to an address outside your domains. Attackers use this to read password-reset mails."
        }
        FilterReview => "Filters your mail. Keep it only if you made it.",
    }
}
