# Helpers the benchmark scripts share (sourced by bench.sh, bench-lighthouse.sh, bench-load.sh
# and bench-scale.sh).

# Ports handed out by free_port that are not listening yet; a caller that takes several ports
# before starting anything marks each here (`USED_PORTS[$p]=1`), since free_port runs in a
# subshell and cannot.
declare -A USED_PORTS=()

# A loopback port nothing listens on and not already handed out; fails after 200 tries.
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && [ -z "${USED_PORTS[$p]:-}" ]; then
      echo "$p"
      return 0
    fi
  done
  return 1
}
