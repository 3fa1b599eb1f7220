#!/usr/bin/env bash
# A virtual microphone for tests: a PulseAudio null sink whose monitor is the default input.
# Anything played into the default sink (paplay) is what sounddevice records.
#   scripts/virtual-mic.sh start DIR   -> starts it, prints the env lines to export
#   scripts/virtual-mic.sh stop DIR    -> stops it and removes DIR
# Every process that touches audio needs the printed XDG_RUNTIME_DIR and PULSE_SERVER.
set -euo pipefail
CMD="${1:?start|stop}"
AUDIO_DIR="$(mkdir -p "${2:?state folder}" && cd "$2" && pwd)"
export XDG_RUNTIME_DIR="$AUDIO_DIR/run" XDG_CONFIG_HOME="$AUDIO_DIR/config"
export PULSE_SERVER="unix:$XDG_RUNTIME_DIR/pulse/native"

case "$CMD" in
start)
  mkdir -p "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME"; chmod 700 "$XDG_RUNTIME_DIR"
  printf '%s\n' 'load-module module-native-protocol-unix' \
    'load-module module-null-sink sink_name=virtmic rate=16000 channels=1 format=s16le' \
    'set-default-sink virtmic' 'set-default-source virtmic.monitor' > "$AUDIO_DIR/virtmic.pa"
  pulseaudio -n -F "$AUDIO_DIR/virtmic.pa" --daemonize=yes --exit-idle-time=-1 \
    --log-target=file:"$AUDIO_DIR/pa.log" 2>/dev/null || true
  ok=""
  for _ in $(seq 100); do pactl info >/dev/null 2>&1 && { ok=1; break; }; sleep 0.1; done
  [ -n "$ok" ] || { echo "virtual-mic: PulseAudio did not start; see $AUDIO_DIR/pa.log" >&2; exit 1; }
  # A low-latency stream of silence keeps the null sink rendering in real time; without it
  # the idle sink runs ahead and a short take holds less audio than it lasted.
  nohup pacat -p --raw --format=s16le --rate=16000 --channels=1 --latency-msec=20 -d virtmic \
    /dev/zero >/dev/null 2>&1 &
  echo $! > "$AUDIO_DIR/keeper.pid"
  for _ in $(seq 100); do
    lat=$(pactl list sinks 2>/dev/null | sed -n 's/^\s*Latency: \([0-9]*\) usec.*/\1/p' | head -1)
    [ "${lat:-999999}" -lt 50000 ] && break; sleep 0.1
  done
  echo "export XDG_RUNTIME_DIR='$XDG_RUNTIME_DIR' PULSE_SERVER='$PULSE_SERVER' STAR_VIRTUAL_MIC=1"
  ;;
stop)
  [ -f "$AUDIO_DIR/keeper.pid" ] && kill "$(cat "$AUDIO_DIR/keeper.pid")" 2>/dev/null || true
  pulseaudio --kill 2>/dev/null || true
  for _ in $(seq 50); do pactl info >/dev/null 2>&1 || break; sleep 0.1; done
  rm -rf "$AUDIO_DIR"
  ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
