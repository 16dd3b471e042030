#!/bin/sh
# Install Evidence Logger (证据记录) for the current user; no root needed.
#
#   ./install.sh
#
# Copies this folder to   ${XDG_DATA_HOME:-~/.local/share}/evidence-logger-app/app
# links the launcher      ${EVIDENCE_LOGGER_BIN_DIR:-~/.local/bin}/evidence-logger
# and adds the menu entry and icons under ${XDG_DATA_HOME:-~/.local/share}/applications and
# .../icons/hicolor. Running it again updates the installed copy. Your cases, settings and
# signing key are never touched. Remove with: ./uninstall.sh
set -eu

APP_ID=io.github.evidence_logger.EvidenceLogger

fail() {
    printf '%s\n' "install.sh: $*" >&2
    exit 1
}

main() {
    src=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd -P)
    [ -x "$src/evidence-logger" ] || fail "no evidence-logger program next to install.sh ($src)"
    [ -f "$src/share/applications/$APP_ID.desktop" ] || fail "the package is incomplete: share/applications/$APP_ID.desktop is missing"

    [ -n "${HOME:-}" ] || fail "HOME is not set"
    data_home=${XDG_DATA_HOME:-}
    case $data_home in
        /*) ;;
        *) data_home=$HOME/.local/share ;;  # unset, empty or relative: the XDG default
    esac
    bin_dir=${EVIDENCE_LOGGER_BIN_DIR:-$HOME/.local/bin}
    case $bin_dir in
        /*) ;;
        *) fail "EVIDENCE_LOGGER_BIN_DIR must be an absolute path" ;;
    esac
    base=$data_home/evidence-logger-app
    dest=$base/app

    # 1. The program: copied beside the old copy, then swapped in, so a failed copy leaves the
    #    installed version working. The user's data lives apart.
    if [ "$src" != "$(cd -- "$dest" 2>/dev/null && pwd -P || true)" ]; then
        mkdir -p "$base"
        rm -rf "$base/app.new" "$base/app.old"
        cp -pR "$src" "$base/app.new"
        if [ -e "$dest" ]; then
            mv "$dest" "$base/app.old"
        fi
        mv "$base/app.new" "$dest"
        rm -rf "$base/app.old"
    fi
    exe=$dest/evidence-logger

    # 2. The launcher on PATH. Only our own link (into $base) is replaced: a pip- or
    #    pipx-installed evidence-logger, a file or a link elsewhere, is left alone.
    mkdir -p "$bin_dir"
    link=$bin_dir/evidence-logger
    ours=no
    if [ -L "$link" ]; then
        case $(readlink "$link") in
            "$base"/*) ours=yes ;;
        esac
    elif [ ! -e "$link" ]; then
        ours=yes
    fi
    if [ "$ours" = yes ]; then
        ln -sfn "$exe" "$link"
    else
        printf '%s\n' "Note: $link already exists and is not ours; it was left as it is." >&2
    fi

    # 3. The menu entry, pointing at the installed program by its absolute path.
    mkdir -p "$data_home/applications"
    desktop=$data_home/applications/$APP_ID.desktop
    # Exec quoting (desktop entry spec): inside the double quotes \ " ` $ get a backslash,
    # then the string escaping doubles every backslash, and a literal % is written %%.
    # TryExec is a plain string: only its backslashes are doubled.
    quoted=$(printf '%s' "$exe" | sed -e 's/[\\"`$]/\\&/g' -e 's/\\/\\\\/g' -e 's/%/%%/g')
    try_exec=$(printf '%s' "$exe" | sed -e 's/\\/\\\\/g')
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in
            Exec=*) printf 'Exec="%s"\nTryExec=%s\n' "$quoted" "$try_exec" ;;
            TryExec=*) ;;
            *) printf '%s\n' "$line" ;;
        esac
    done <"$src/share/applications/$APP_ID.desktop" >"$desktop.tmp"
    chmod 644 "$desktop.tmp"
    mv "$desktop.tmp" "$desktop"

    # 4. The icons, in every size shipped.
    for png in "$src"/share/icons/hicolor/*/apps/"$APP_ID".png; do
        [ -f "$png" ] || continue
        size=$(basename -- "$(dirname -- "$(dirname -- "$png")")")
        mkdir -p "$data_home/icons/hicolor/$size/apps"
        cp "$png" "$data_home/icons/hicolor/$size/apps/$APP_ID.png"
    done

    # 5. Let the desktop notice (both are optional).
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$data_home/applications" || true
    fi
    # A changed folder is enough for GTK; an icon cache is refreshed only if one is there.
    touch "$data_home/icons/hicolor" 2>/dev/null || true
    if [ -f "$data_home/icons/hicolor/icon-theme.cache" ] \
            && command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t -f "$data_home/icons/hicolor" >/dev/null 2>&1 || true
    fi

    printf '%s\n' "Evidence Logger is installed in $dest"
    printf '%s\n' "已安装到 $dest"
    printf '%s\n' "Start it from the applications menu (证据记录 / Evidence Logger) or run: evidence-logger"
    case ":${PATH:-}:" in
        *":$bin_dir:"*) ;;
        *) printf '%s\n' "Note: $bin_dir is not on your PATH; the menu entry works anyway, or run $exe" ;;
    esac
}

main "$@"
