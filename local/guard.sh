#!/usr/bin/env bash
# Runs a server and stops it when our standard input closes, so a server never outlives the
# Node process that started it, even when that process is killed without a chance to clean up.
set -u
exec 3<&0
"$@" </dev/null &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM INT HUP
( while read -r _ <&3; do :; done; kill -TERM "$child" 2>/dev/null ) &
watcher=$!
status=0
while kill -0 "$child" 2>/dev/null; do
  wait "$child"; status=$?
done
kill "$watcher" 2>/dev/null
exit "$status"
