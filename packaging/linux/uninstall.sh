#!/bin/sh
# Remove Evidence Logger (证据记录) as installed by install.sh for the current user.
#
#   ~/.local/share/evidence-logger-app/app/uninstall.sh     (or ./uninstall.sh from the package)
#
# Removes the program, the launcher, the menu entry and the icons. Keeps your cases, your
# settings and your signing key (in ~/.local/share/evidence-logger and wherever your cases
# are): evidence is never deleted by this script. Honours the same XDG_DATA_HOME and
# EVIDENCE_LOGGER_BIN_DIR as install.sh.
set -eu

APP_ID=io.github.evidence_logger.EvidenceLogger

main() {
    [ -n "${HOME:-}" ] || { echo "uninstall.sh: HOME is not set" >&2; exit 1; }
    data_home=${XDG_DATA_HOME:-}
    case $data_home in
        /*) ;;
        *) data_home=$HOME/.local/share ;;
    esac
    bin_dir=${EVIDENCE_LOGGER_BIN_DIR:-$HOME/.local/bin}
    base=$data_home/evidence-logger-app
    dest=$base/app

    # The launcher, only if it is our link (a pip-installed evidence-logger stays).
    link=$bin_dir/evidence-logger
    if [ -L "$link" ] && [ "$(readlink "$link")" = "$dest/evidence-logger" ]; then
        rm -f "$link"
    fi

    rm -f "$data_home/applications/$APP_ID.desktop"
    for png in "$data_home"/icons/hicolor/*/apps/"$APP_ID".png; do
        [ -f "$png" ] && rm -f "$png"
    done

    # The program folder only (the user's data lives apart, in ~/.local/share/evidence-logger).
    rm -rf "$dest" "$base/app.new" "$base/app.old"
    rmdir "$base" 2>/dev/null || true  # only if nothing of the user's is in it

    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$data_home/applications" 2>/dev/null || true
    fi
    # A changed folder is enough for GTK; an icon cache is refreshed only if one is there.
    touch "$data_home/icons/hicolor" 2>/dev/null || true
    if [ -f "$data_home/icons/hicolor/icon-theme.cache" ] \
            && command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t -f "$data_home/icons/hicolor" >/dev/null 2>&1 || true
    fi

    echo "Evidence Logger has been removed. Your cases and settings were kept."
    echo "证据记录已卸载。您的案件和设置均已保留。"
    if [ -d "$base" ]; then
        echo "($base)"
    fi
}

main "$@"
