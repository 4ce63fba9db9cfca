# free_port_block N: sets $base to the first of N consecutive ports free on 127.0.0.1, or
# returns 1. Sourced by scripts/demo and tests/apps/lib.sh.
#
# The block is drawn below the kernel's ephemeral range: a port found free inside it can
# still be taken by any outgoing connection (a PostgreSQL login, another test's client)
# before our process binds it — seen once as "cannot listen on 127.0.0.1:36802: Address
# already in use".
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port_block() {
  local n=$1 low span ok off
  low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  span=$((low - 10000 - n))
  [ "$span" -gt 1000 ] || span=1000
  for _ in $(seq 50); do
    base=$((10000 + (RANDOM * 32768 + RANDOM) % span))
    ok=1
    for off in $(seq 0 $((n - 1))); do port_free $((base + off)) || ok=0; done
    [ "$ok" = 1 ] && return 0
  done
  return 1
}
