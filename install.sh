#!/usr/bin/env bash
# Install mockvoice on Debian: the Debian packages for speech and audio, then mockvoice itself into a
# virtual environment of its own (.venv/ in this checkout, never the system Python), and a link to its
# `mockvoice` command on PATH. Safe to run again.
#   MOCKVOICE_VENV=DIR   the environment's folder (default: .venv beside this script)
#   PYTHON=python3.12    the Python that creates it (default: the first python3 on PATH, 3.11 or newer)
set -euo pipefail
cd "$(dirname "$0")"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
VENV="${MOCKVOICE_VENV:-$PWD/.venv}"
PYTHON="${PYTHON:-python3}"
# espeak-ng: pyttsx3's voice and a test voice; libportaudio2: sounddevice; pulseaudio + the ALSA
# pulse plugin: a virtual microphone/speaker where there is no sound card; ffmpeg and tmux: tests;
# chromium and chromium-driver: the HTML report's browser test; strace and util-linux (unshare):
# the privacy tests (what is written where; no network); time: peak memory in tests and benchmarks;
# python3-venv: Debian's Python creates virtual environments only with it.
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    espeak-ng libespeak-ng1 libportaudio2 pulseaudio pulseaudio-utils libasound2-plugins ffmpeg tmux \
    chromium chromium-driver strace util-linux time python3 python3-venv >/dev/null

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "install.sh: $PYTHON is missing or older than 3.11; set PYTHON=/path/to/python3.11-or-newer" >&2
    exit 2
fi
# A half-made environment (no pip, or made by a Python that is gone) is made again.
if ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e '.[piper,test]'

# The command on PATH, as pipx does it: a link to the environment's entry point.
BIN=/usr/local/bin
[ -w "$BIN" ] || BIN="$HOME/.local/bin"
mkdir -p "$BIN"
ln -sf "$VENV/bin/mockvoice" "$BIN/mockvoice"
case ":$PATH:" in *":$BIN:"*) ;; *) echo "note: $BIN is not on your PATH; add it, or run $VENV/bin/mockvoice" ;; esac
echo "mockvoice installed in $VENV ($("$VENV/bin/python" --version)); command: $BIN/mockvoice"
