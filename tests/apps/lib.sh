# Sourced by the shell tests of tests/apps, after setting $pp (the phantompool binary):
#   - $work, a fresh directory removed on exit (the logs of a failed run printed first);
#     every process in `pids` and $server_pid is stopped on exit (continued first: a
#     stopped process would hold SIGTERM);
#   - fail MESSAGE, expect_eq GOT WANT WHAT, wait_for SECONDS COMMAND...;
#   - sql STATEMENT: runs it on the pool's SQLite file with the sqlite3 shell, waiting up to
#     10 s for the server's write lock (the shell's default is to fail at once with
#     "database is locked"); exported, so `wait_for 30 bash -c "... sql ..."` sees it;
#   - $base: the first of PP_PORTS (default 8) free ports on 127.0.0.1;
#   - $db (SQLite in $work) and the passphrase files $work/ex.pass and $work/co.pass;
#   - start_executors N T: the migrated pool, N executor processes (threshold T) on ports
#     $base..$base+N-1 (directories $work/ex1.., logs $work/executor1.log..), the
#     coordinator's directory $work/co, and a fresh DKG among them (dkg.log); its steps
#     init_executors N T, start_executor I and run_dkg, for a test that does more between;
#   - two_traders: on $server (exported as PHANTOMPOOL_SERVER), the fee account (user 1)
#     and alice and bob (keys $work/<name>.key, ids $alice and $bob), KYC verified, alice
#     with 1,000 USDC and bob with 2,000 SOL;
#   - cross SIZE: alice buys SIZE lots of SOL/USDC at 10100 and bob sells them at 10000,
#     both placed at once (two processes: one placement can take seconds under the
#     sanitizers, and the batch closes every 5 s); prints "BUY_ID SELL_ID". The two still
#     can land in consecutive batches: a test must not depend on sharing one;
#   - start_server PORT [auto|operator]: `phantompool serve` on $db with that coordinator
#     (deposits credited automatically unless "operator"); sets $server and $server_pid.
work=$(mktemp -d /tmp/pp_apps.XXXXXX)
pids=()
server_pid=""
cleanup() {
  local rc=$?
  for pid in "${pids[@]}" $server_pid; do kill -CONT "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}" $server_pid; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}" $server_pid; do wait "$pid" 2>/dev/null || true; done
  if [ "$rc" -ne 0 ]; then
    for log in "$work"/*.log; do echo "--- $log" >&2; tail -n 20 "$log" >&2; done
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_eq() { [ "$1" = "$2" ] || fail "$3: expected [$2], got [$1]"; }
sql() { sqlite3 -cmd '.timeout 10000' "$work/pool.db" "$1"; }
export work
export -f sql
wait_for() {
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || fail "timed out: $*"
    sleep 0.1
  done
}

# shellcheck source=../../scripts/lib/ports.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/ports.sh"
free_port_block "${PP_PORTS:-8}" || fail "no free ports"
db="sqlite:$work/pool.db"
(umask 077; echo "apps-executor-passphrase-$RANDOM" >"$work/ex.pass";
 echo "apps-coordinator-passphrase-$RANDOM" >"$work/co.pass")

# start_executor I: executor I's process (again, after it was stopped).
start_executor() {
  "$pp" executor --config "$work/ex$1/executor.json" --passphrase-file "$work/ex.pass" \
    >>"$work/executor$1.log" 2>&1 &
  pids+=($!)
  executor_pid[$1]=$!
  wait_for 20 curl -fsS --noproxy '*' "http://127.0.0.1:$((base + $1 - 1))/v1/health"
}
declare -A executor_pid
init_executors() {
  local n=$1 t=$2
  "$pp" migrate --db "$db" >/dev/null
  for i in $(seq "$n"); do
    "$pp" executor init --dir "$work/ex$i" --index "$i" --listen "127.0.0.1:$((base + i - 1))" \
      --roster "$work/roster.json" --threshold "$t" --passphrase-file "$work/ex.pass" >/dev/null
  done
  "$pp" coordinator init --dir "$work/co" --roster "$work/roster.json" --threshold "$t" \
    --passphrase-file "$work/co.pass" --fee-user-id 1 >/dev/null
}
run_dkg() {
  "$pp" dkg --db "$db" --roster "$work/roster.json" --coordinator-dir "$work/co" \
    --passphrase-file "$work/co.pass" >"$work/dkg.log" 2>&1
}
start_executors() {
  init_executors "$1" "$2"
  for i in $(seq "$1"); do start_executor "$i"; done
  run_dkg
}

start_server() {
  local port=$1 deposits=${2:-auto}
  server="http://127.0.0.1:$port"
  cat >"$work/server-$port.json" <<JSON
{"listen": "127.0.0.1:$port", "coordinator_dir": "$work/co",
 "coordinator_passphrase_file": "$work/co.pass", "deposits": "$deposits"}
JSON
  "$pp" serve --db "$db" --config "$work/server-$port.json" >>"$work/server-$port.log" 2>&1 &
  server_pid=$!
  pids+=($!)
  wait_for 30 "$pp" health --server "$server"
}

cross() {
  PHANTOMPOOL_KEY="$work/alice.key" "$pp" order place --pair SOL/USDC --side buy --size "$1" \
    --price 10100 --json >"$work/cross-buy.json" &
  local buyer=$!
  PHANTOMPOOL_KEY="$work/bob.key" "$pp" order place --pair SOL/USDC --side sell --size "$1" \
    --price 10000 --json >"$work/cross-sell.json" &
  local seller=$!
  wait "$buyer" || fail "alice's order: $(cat "$work/cross-buy.json")"
  wait "$seller" || fail "bob's order: $(cat "$work/cross-sell.json")"
  echo "$(jq -r .id "$work/cross-buy.json") $(jq -r .id "$work/cross-sell.json")"
}

two_traders() {
  export PHANTOMPOOL_SERVER="$server"
  for t in fees alice bob; do "$pp" keygen --out "$work/$t.key" >/dev/null; done
  expect_eq "$("$pp" register --key "$work/fees.key" --json | jq -r .id)" 1 "the fee account"
  alice=$("$pp" register --key "$work/alice.key" --json | jq -r .id)
  bob=$("$pp" register --key "$work/bob.key" --json | jq -r .id)
  for u in "$alice" "$bob"; do "$pp" users kyc --db "$db" --user "$u" --status verified >/dev/null; done
  PHANTOMPOOL_KEY="$work/alice.key" "$pp" deposit --token USDC --amount 1000000000 --reference a1 \
    >/dev/null
  PHANTOMPOOL_KEY="$work/bob.key" "$pp" deposit --token SOL --amount 2000000000 --reference b1 \
    >/dev/null
}
