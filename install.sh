#!/usr/bin/env bash
# Install what mockvoice needs on Debian: speech, audio and test packages, then mockvoice itself
# (editable, with the Piper voice and the test tools). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
# espeak-ng: pyttsx3's voice and a test voice; libportaudio2: sounddevice; pulseaudio + the ALSA
# pulse plugin: a virtual microphone/speaker where there is no sound card; ffmpeg and tmux: tests;
# chromium and chromium-driver: the HTML report's browser test; strace and util-linux (unshare):
# the privacy tests (what is written where; no network); time: peak memory in tests and benchmarks.
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    espeak-ng libespeak-ng1 libportaudio2 pulseaudio pulseaudio-utils libasound2-plugins ffmpeg tmux \
    chromium chromium-driver strace util-linux time >/dev/null
python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore -e '.[piper,test]'
echo "mockvoice installed: $(command -v mockvoice)"
