#!/bin/sh
# secure-reopen: install, upgrade or remove the cPanel plugin on a server (as root).
#
#   ./install.sh                 install or upgrade (keeps incident records, audit logs, policy)
#   ./install.sh --dry-run       print each action, change nothing
#   ./install.sh --uninstall     remove the plugin, keep incident records and audit logs
#   ./install.sh --uninstall --purge   remove those too
#   ./install.sh --root DIR      act on a fake root (tests); cPanel's scripts are run from it
#   ./install.sh --binary PATH   install this prebuilt binary instead of building
#
# Running it twice changes nothing the second time. Exit codes: 0 done, 1 failed, 2 usage.
set -eu

ROOT=/
DRY=0
MODE=install
PURGE=0
BINARY=
HERE=$(cd "$(dirname "$0")" && pwd)

usage() {
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
}

die() {
    printf 'install.sh: %s\n' "$1" >&2
    exit "${2:-1}"
}

while [ $# -gt 0 ]; do
    case "$1" in
        --root) [ $# -ge 2 ] || die "--root needs a directory" 2; ROOT=$2; shift 2 ;;
        --binary) [ $# -ge 2 ] || die "--binary needs a path" 2; BINARY=$2; shift 2 ;;
        --dry-run) DRY=1; shift ;;
        --uninstall) MODE=uninstall; shift ;;
        --purge) PURGE=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $1" 2 ;;
    esac
done
[ "$PURGE" = 0 ] || [ "$MODE" = uninstall ] || die "--purge goes with --uninstall" 2

# All paths in one place (ROOT lets tests point them into a fake root).
R=${ROOT%/}
CPANEL=$R/usr/local/cpanel
APPDIR=$CPANEL/3rdparty/secure-reopen
BIN=$APPDIR/secure-reopen
REGDIR=$APPDIR/registration
SBIN_LINK=$R/usr/local/sbin/secure-reopen
THEME_DIR=$CPANEL/base/frontend/jupiter/secure_reopen
CGI=$THEME_DIR/index.live.cgi
UAPI_MOD=$CPANEL/Cpanel/API/SecureReopen.pm
WHM_DIR=$CPANEL/whostmgr/docroot/cgi/secure_reopen
WHM_CGI=$WHM_DIR/index.cgi
WHM_ICON=$CPANEL/whostmgr/docroot/addon_plugins/secure_reopen.png
ADMIN_MOD_DIR=$R/var/cpanel/perl/Cpanel/Admin/Modules/SecureReopen
ADMIN_MOD=$ADMIN_MOD_DIR/Helper.pm
DATA=$R/var/cpanel/secure_reopen
POLICY=$DATA/policy.json
WHM_TOKEN=$DATA/whm.token

[ "$(id -u)" = 0 ] || die "run me as root: I install files under /usr/local/cpanel and /var/cpanel"
[ -f "$CPANEL/version" ] || die "cPanel & WHM is not installed here ($CPANEL/version is missing)"

changed=0
say() { printf '%s\n' "$*"; }

# run CMD...: do it, or print it in a dry run.
run() {
    if [ "$DRY" = 1 ]; then
        say "would run: $*"
    else
        "$@"
    fi
}

# put SRC DST MODE: install a file atomically (temp file + rename), only if it differs.
put() {
    if [ -f "$2" ] && cmp -s "$1" "$2" && [ "$(stat -c %a "$2")" = "$3" ]; then
        return 0
    fi
    changed=1
    if [ "$DRY" = 1 ]; then
        say "would install $2 (mode $3)"
        return 0
    fi
    mkdir -p "$(dirname "$2")"
    tmp=$(mktemp "$(dirname "$2")/.secure-reopen.XXXXXX")
    cp "$1" "$tmp"
    chmod "$3" "$tmp"
    chown 0:0 "$tmp"
    mv -f "$tmp" "$2"
    say "installed $2"
}

# dir PATH MODE: create a root-owned directory with MODE, fixing the mode if it drifted.
dir() {
    if [ -d "$1" ] && [ "$(stat -c %a "$1")" = "$2" ]; then
        return 0
    fi
    changed=1
    if [ "$DRY" = 1 ]; then
        say "would create $1 (mode $2)"
        return 0
    fi
    mkdir -p "$1"
    chmod "$2" "$1"
    chown 0:0 "$1"
    say "created $1"
}

# gone PATH: remove a file or directory if present.
gone() {
    if [ -e "$1" ] || [ -L "$1" ]; then
        changed=1
        run rm -rf "$1"
        [ "$DRY" = 1 ] || say "removed $1"
    fi
}

find_binary() {
    if [ -n "$BINARY" ]; then
        [ -x "$BINARY" ] || die "--binary $BINARY is not an executable file"
        printf '%s\n' "$BINARY"
    elif [ -f "$HERE/Cargo.toml" ] && command -v cargo >/dev/null 2>&1; then
        if [ "$DRY" = 1 ]; then
            say "would run: cargo build --release --bin secure-reopen" >&2
        else
            (cd "$HERE" && cargo build --release --quiet --bin secure-reopen) >&2 || die "cargo build failed"
        fi
        printf '%s\n' "$HERE/target/release/secure-reopen"
    elif [ -x "$HERE/secure-reopen" ]; then
        printf '%s\n' "$HERE/secure-reopen"
    else
        die "no binary: install Rust (cargo) to build from source, or pass --binary PATH"
    fi
}

install_all() {
    src=$(find_binary)
    dir "$APPDIR" 755
    put "$src" "$BIN" 755
    dir "$THEME_DIR" 755
    # cpsrvd runs plugin CGIs as the cPanel user; the file itself is root's, 0755.
    put "$src" "$CGI" 755
    # Versions before 0.2 installed a plain index.cgi, which cpsrvd does not run as a page.
    gone "$THEME_DIR/index.cgi"
    dir "$(dirname "$SBIN_LINK")" 755
    if [ "$(readlink "$SBIN_LINK" 2>/dev/null || true)" != "/usr/local/cpanel/3rdparty/secure-reopen/secure-reopen" ]; then
        changed=1
        run ln -sfn /usr/local/cpanel/3rdparty/secure-reopen/secure-reopen "$SBIN_LINK"
    fi
    # The technicians' WHM page: WHM runs it as root, so nobody else needs to read it.
    dir "$WHM_DIR" 755
    put "$src" "$WHM_CGI" 700
    dir "$(dirname "$WHM_ICON")" 755
    put "$HERE/plugin/secure_reopen.png" "$WHM_ICON" 644
    put "$HERE/plugin/uapi/SecureReopen.pm" "$UAPI_MOD" 644
    dir "$ADMIN_MOD_DIR" 755
    put "$HERE/plugin/adminbin/Helper.pm" "$ADMIN_MOD" 644

    # Data: incident records are read by the customer's CGI (group-shared files), audit logs
    # and hold records by root only.
    dir "$DATA" 711
    dir "$DATA/incidents" 711
    dir "$DATA/audit" 700
    dir "$DATA/holds" 700
    if [ ! -f "$POLICY" ]; then
        put "$HERE/plugin/policy.default.json" "$POLICY" 644
    fi
    # The plugin's WHM API token (WHM API 1 `passwd` only, from 127.0.0.1 only), for setting a
    # customer's cPanel password as root. The binary runs `whmapi1 api_token_create`, reads the
    # token from its output (never an argument) and stores it root-only (0600). Kept on re-install.
    if [ ! -s "$WHM_TOKEN" ]; then
        changed=1
        if [ "$DRY" = 1 ]; then
            say "would run: $BIN whm-token"
        else
            SECURE_REOPEN_ROOT=$R "$BIN" whm-token || die "could not create the plugin's WHM API token (see above); fix that and run install.sh again"
        fi
    fi

    # Registration: install_plugin adds the icon to the Jupiter theme from this directory.
    dir "$REGDIR" 755
    before=$changed
    changed=0
    put "$HERE/plugin/install.json" "$REGDIR/install.json" 644
    put "$HERE/plugin/secure_reopen.svg" "$REGDIR/secure_reopen.svg" 644
    put "$HERE/plugin/secure_reopen.png" "$REGDIR/secure_reopen.png" 644
    put "$HERE/plugin/whm/secure_reopen.conf" "$REGDIR/secure_reopen.conf" 644
    reg_changed=$changed
    changed=$((before | reg_changed))
    if [ "$reg_changed" = 1 ] || [ ! -f "$APPDIR/.registered" ]; then
        run "$CPANEL/scripts/install_plugin" "$REGDIR" --theme=jupiter
        run "$CPANEL/bin/register_appconfig" "$REGDIR/secure_reopen.conf"
        [ "$DRY" = 1 ] || : >"$APPDIR/.registered"
        changed=1
    fi
    if [ "$changed" = 0 ]; then
        say "secure-reopen is installed and up to date; nothing changed"
    else
        say "secure-reopen installed"
    fi
}

uninstall_all() {
    if [ -d "$REGDIR" ]; then
        run "$CPANEL/scripts/uninstall_plugin" "$REGDIR" --theme=jupiter
        run "$CPANEL/bin/unregister_appconfig" secure_reopen
        changed=1
    fi
    if [ -e "$WHM_TOKEN" ]; then
        # Revoke the plugin's WHM API token: without the plugin nothing should hold it.
        run "$CPANEL/bin/whmapi1" api_token_revoke token_name=secure_reopen --output=json >/dev/null || true
        gone "$WHM_TOKEN"
    fi
    gone "$WHM_DIR"
    gone "$WHM_ICON"
    gone "$THEME_DIR"
    gone "$UAPI_MOD"
    gone "$ADMIN_MOD_DIR"
    gone "$SBIN_LINK"
    gone "$APPDIR"
    if [ "$PURGE" = 1 ]; then
        gone "$DATA"
    elif [ -d "$DATA" ]; then
        say "kept $DATA (incident records, audit logs, policy); --purge removes it"
    fi
    if [ "$changed" = 0 ]; then
        say "secure-reopen is not installed; nothing changed"
    else
        say "secure-reopen removed"
    fi
}

case "$MODE" in
    install) install_all ;;
    uninstall) uninstall_all ;;
esac
