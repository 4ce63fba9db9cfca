# Sourced by the shell tests of tests/apps: a migrated SQLite pool with three executor
# processes (t = 2) on ports $base..$base+2, the coordinator's directory in $work/co and a
# fresh DKG among them. Needs $pp, $work, $db, $base, the array `pids` (each started
# executor is added, for the caller's cleanup) and the functions wait_for and fail.
start_three_executors() {
  "$pp" migrate --db "$db" >/dev/null
  for i in 1 2 3; do
    "$pp" executor init --dir "$work/ex$i" --index "$i" --listen "127.0.0.1:$((base + i - 1))" \
      --roster "$work/roster.json" --threshold 2 --passphrase-file "$work/ex.pass" >/dev/null
  done
  "$pp" coordinator init --dir "$work/co" --roster "$work/roster.json" --threshold 2 \
    --passphrase-file "$work/co.pass" --fee-user-id 1 >/dev/null
  for i in 1 2 3; do
    "$pp" executor --config "$work/ex$i/executor.json" --passphrase-file "$work/ex.pass" \
      >"$work/executor$i.log" 2>&1 &
    pids+=($!)
  done
  for i in 1 2 3; do
    wait_for 20 curl -fsS --noproxy '*' "http://127.0.0.1:$((base + i - 1))/v1/health"
  done
  "$pp" dkg --db "$db" --roster "$work/roster.json" --coordinator-dir "$work/co" \
    --passphrase-file "$work/co.pass" >"$work/dkg.log" 2>&1
}
