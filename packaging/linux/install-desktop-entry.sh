#!/usr/bin/env bash
# Install (or with --uninstall, remove) NetJournal's desktop entry, icons and AppStream metadata
# for the current user, so it appears in the application menu with its icon.
#
#   packaging/linux/install-desktop-entry.sh [--exec COMMAND] [--uninstall]
#
# --exec   the command that starts the app: a path, or a name on PATH. Default: netjournal-app
#          on PATH, else the repository's .venv/bin/netjournal-app. For a PyInstaller build,
#          pass its executable (dist/NetJournal/NetJournal).
# Files go under ${XDG_DATA_HOME:-~/.local/share}: applications/, icons/hicolor/, metainfo/.
# The installed entry runs the command by its absolute path, so it works even where the
# desktop session's PATH does not include a virtual environment or ~/.local/bin.
set -euo pipefail

APP_ID=org.netjournal.NetJournal
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
RESOURCES="$REPO/resources"
PNG_SIZES=(16 24 32 48 64 128 256 512)

DATA_HOME="${XDG_DATA_HOME:-}"
[[ "$DATA_HOME" == /* ]] || DATA_HOME="$HOME/.local/share"  # the spec ignores relative values
APPLICATIONS="$DATA_HOME/applications"
HICOLOR="$DATA_HOME/icons/hicolor"
METAINFO="$DATA_HOME/metainfo"

die() { echo "install-desktop-entry: $*" >&2; exit 1; }

usage() { sed -n '2,12s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

installed_files() {
    echo "$APPLICATIONS/$APP_ID.desktop"
    echo "$METAINFO/$APP_ID.metainfo.xml"
    echo "$HICOLOR/scalable/apps/$APP_ID.svg"
    for size in "${PNG_SIZES[@]}"; do
        echo "$HICOLOR/${size}x${size}/apps/$APP_ID.png"
    done
}

refresh_caches() {
    if command -v update-desktop-database >/dev/null; then
        update-desktop-database -q "$APPLICATIONS" || echo "note: update-desktop-database failed" >&2
    fi
    # Refresh the icon cache only where one exists: creating a user cache could hide icons that
    # other programs install later without updating it. A new folder time stamp is enough
    # for toolkits to look again.
    if [ -d "$HICOLOR" ]; then
        touch "$HICOLOR"
        if [ -f "$HICOLOR/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null; then
            gtk-update-icon-cache -q -t -f "$HICOLOR" || echo "note: gtk-update-icon-cache failed" >&2
        fi
    fi
}

# The Exec value for one program path, quoted as the Desktop Entry spec requires.
desktop_exec_quote() {
    local arg="$1"
    case "$arg" in
        *[\"\`\$\\%]* | *$'\n'*) die "cannot put this path in a desktop entry, move it somewhere plainer: $arg" ;;
        *[[:space:]\'\>\<~\|\&\;\*\?\#\(\)]*) printf '"%s"' "$arg" ;;
        *) printf '%s' "$arg" ;;
    esac
}

resolve_command() {
    local wanted="$1" found=""
    if [ -n "$wanted" ]; then
        if [[ "$wanted" == */* ]]; then
            found="$wanted"
        else
            found="$(command -v "$wanted" || true)"
        fi
        if [ -z "$found" ] || [ ! -x "$found" ]; then
            die "--exec: no executable '$wanted'"
        fi
    else
        found="$(command -v netjournal-app || true)"
        if [ -z "$found" ] && [ -x "$REPO/.venv/bin/netjournal-app" ]; then
            found="$REPO/.venv/bin/netjournal-app"
        fi
        [ -n "$found" ] || die "netjournal-app not found. Install NetJournal first (see the README), \
or pass --exec /path/to/netjournal-app (or a PyInstaller build's NetJournal executable)."
    fi
    # Absolute, without resolving symbolic links: a venv's script must keep its venv path.
    [[ "$found" == /* ]] || found="$PWD/$found"
    printf '%s' "$found"
}

install_all() {
    local command exec_value size
    command="$(resolve_command "$1")"
    exec_value="$(desktop_exec_quote "$command")"
    [ -f "$RESOURCES/netjournal-512.png" ] \
        || die "no PNG icons in $RESOURCES: run packaging/make_icons.py (see packaging/README.md)"

    mkdir -p "$APPLICATIONS" "$METAINFO"
    # The repository's entry says Exec=netjournal-app; the installed one names the program found.
    local entry="$APPLICATIONS/$APP_ID.desktop" line
    : >"$entry.tmp"
    while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in
            Exec=netjournal-app | "Exec=netjournal-app "*)
                printf 'Exec=%s%s\n' "$exec_value" "${line#Exec=netjournal-app}" >>"$entry.tmp" ;;
            *) printf '%s\n' "$line" >>"$entry.tmp" ;;
        esac
    done <"$HERE/$APP_ID.desktop"
    chmod 644 "$entry.tmp"
    mv -f "$entry.tmp" "$entry"
    if command -v desktop-file-validate >/dev/null; then
        desktop-file-validate "$entry" || die "the installed $entry does not validate"
    fi

    install -D -m 644 "$HERE/$APP_ID.metainfo.xml" "$METAINFO/$APP_ID.metainfo.xml"
    install -D -m 644 "$RESOURCES/netjournal.svg" "$HICOLOR/scalable/apps/$APP_ID.svg"
    for size in "${PNG_SIZES[@]}"; do
        install -D -m 644 "$RESOURCES/netjournal-$size.png" "$HICOLOR/${size}x${size}/apps/$APP_ID.png"
    done
    refresh_caches
    echo "Installed the NetJournal desktop entry, icons and metadata in $DATA_HOME (runs $command)."
    echo "Remove it with: $0 --uninstall"
}

uninstall_all() {
    local file removed=0
    while IFS= read -r file; do
        if [ -e "$file" ]; then
            rm -f "$file"
            removed=$((removed + 1))
        fi
    done < <(installed_files)
    refresh_caches
    echo "Removed $removed NetJournal desktop file(s) from $DATA_HOME."
}

main() {
    local mode=install exec_arg=""
    while [ $# -gt 0 ]; do
        case "$1" in
            --uninstall) mode=uninstall ;;
            --exec) [ $# -ge 2 ] || die "--exec needs a command"; exec_arg="$2"; shift ;;
            --exec=*) exec_arg="${1#--exec=}" ;;
            -h | --help) usage; exit 0 ;;
            *) usage >&2; exit 2 ;;
        esac
        shift
    done
    if [ "$mode" = uninstall ]; then
        uninstall_all
    else
        install_all "$exec_arg"
    fi
}

main "$@"
