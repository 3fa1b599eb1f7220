#!/usr/bin/env bash
# Sourced by setup.sh (and its test): `with_progress WHAT ESTIMATE COMMAND...`.
# Needs a `say` function.

# A long first-run step: says what it does and about how long it takes, then ticks once a second
# with the time so far and what pip is on (at a terminal; a line every 20 s otherwise). Its output
# goes to a log that is shown only if the step fails.
with_progress() {
  local what="$1" estimate="$2"; shift 2
  local log pid start=$SECONDS now doing line cols last=-1
  log="$(mktemp "${TMPDIR:-/tmp}/star-setup.XXXXXX")"
  say "$what (usually $estimate)"
  "$@" >"$log" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    now=$((SECONDS - start))
    doing="$(grep -E '^ *(Collecting|Downloading|Installing|Building|Using cached|Get:|Unpacking|Setting up)' "$log" \
      | tail -n 1 | sed 's/^ *//' | cut -c1-70 || true)"
    if [ -t 2 ]; then
      line="$(printf '[setup] %d:%02d (usually %s) · %s' $((now / 60)) $((now % 60)) "$estimate" \
        "$doing")"
      cols="$(tput cols 2>/dev/null || echo 80)"
      printf '\r\033[K%s' "${line:0:$((cols - 1))}" >&2  # one row, or \r cannot redraw it
    elif [ $((now / 20)) -ne "$last" ]; then
      last=$((now / 20))
      printf '[setup] %d:%02d (usually %s) · %s\n' $((now / 60)) $((now % 60)) "$estimate" \
        "$doing" >&2
    fi
    sleep 1
  done
  [ -t 2 ] && printf '\r\033[K' >&2
  if ! wait "$pid"; then
    say "failed: $what. Its last lines:"
    tail -n 25 "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
  now=$((SECONDS - start))
  say "done in $((now / 60)):$(printf '%02d' $((now % 60)))"
}
