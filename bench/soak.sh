#!/usr/bin/env bash
# bench/soak.sh: a bounded soak of jalond, to catch what grows when nothing
# should: memory, goroutines, open files.
#
#   bench/soak.sh            # soak (SOAK_DURATION, default 600 s), then the burst
#   bench/soak.sh burst      # only the burst: 12 concurrent 32 MiB pushes
#
# It starts jalond on 127.0.0.1 with a temporary store, a file puller and
# alerting (an Alertmanager and a webhook notifier, both a small receiver on
# loopback started here), then runs at once, until the time is up: batch
# pushes (bench/cmd/bulkload), single-point pushes (wrk with push.lua),
# scrapes of /metrics, puller runs asked over the API (each on a new export
# dropped in the puller's directory), alert evaluations every 2 s, and a
# restart (SIGTERM, then a start on the same store) every SOAK_RESTART_EVERY
# seconds. Every SOAK_SAMPLE seconds it writes RssAnon, VmRSS, goroutines
# and open files to $SOAK_CSV.
#
# It fails (exit 1) when jalond dies, or when the median of the last five
# samples exceeds the median of the first five after the warm-up (a sixth
# of the run, at most 60 s; fewer than five for short runs) by more than
# these margins:
#   - RssAnon +50 %: the Go heap breathes by up to GOGC (100 %) between
#     collections under load; half of it is beyond that noise once medians
#     are taken, and a leak of a few MiB a minute passes it within the soak.
#   - goroutines +20 and open files +20: both follow the connections of the
#     load (a dozen clients at most) and a leak of one a request passes
#     them within seconds.
# The burst then pushes 12 bodies of 32 MiB at once and reports VmHWM, the
# peak resident memory, before and after.
#
# The EXIT trap stops everything this script started. Variables below can be
# set in the environment; JALOND=path runs that binary instead of building
# the working tree (to compare with an older commit).
set -euo pipefail

SOAK_DURATION=${SOAK_DURATION:-600}           # seconds of load
SOAK_WARMUP=${SOAK_WARMUP:-$((SOAK_DURATION / 6 < 60 ? SOAK_DURATION / 6 : 60))} # seconds before the first sample that counts
SOAK_SAMPLE=${SOAK_SAMPLE:-5}                 # seconds between samples
SOAK_RESTART_EVERY=${SOAK_RESTART_EVERY:-150} # seconds between restarts
SOAK_SERIES=${SOAK_SERIES:-200}               # series of the batch pushes
JALOND=${JALOND:-}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
work=$(mktemp -d "${TMPDIR:-/tmp}/jalon-soak.XXXXXX")
SOAK_CSV=${SOAK_CSV:-$work/samples.csv}
bin=$work/bin
store=$work/store
pids=() # background loops and the receiver
JPID=

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

cleanup() {
	local p
	rm -f "$work/go"
	[[ -z $JPID ]] || kill "$JPID" 2>/dev/null || true
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}" $JPID; do wait "$p" 2>/dev/null || true; done
	if [[ ${SOAK_KEEP:-} == 1 ]]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for() { # wait_for SECONDS COMMAND…: every 100 ms until it succeeds
	local deadline=$(($(date +%s) + $1))
	shift
	until "$@" 2>/dev/null; do
		(($(date +%s) < deadline)) || return 1
		sleep 0.1
	done
}
http_ok() { [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1") == 200 ]]; }
base() { cat "$work/base"; }
count() { flock "$work/counts" bash -c "echo $1 >>'$work/counts'"; } # count WHAT: one event
status_kib() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }

build() {
	mkdir -p "$bin"
	if [[ -n $JALOND ]]; then
		cp "$JALOND" "$bin/jalond"
		(cd "$root" && go build -o "$bin/" ./bench/cmd/bulkload)
	else
		log "building jalond and bulkload from the working tree"
		(cd "$root" && go build -o "$bin/" ./cmd/jalond ./bench/cmd/bulkload)
	fi
}

# receiver: an HTTP server on loopback that answers 200 to every POST, for
# the Alertmanager and webhook notifiers.
receiver() {
	python3 -u - >"$work/receiver.port" 2>"$work/receiver.log" <<-'EOF' &
		import http.server
		class H(http.server.BaseHTTPRequestHandler):
		    def do_POST(self):
		        self.rfile.read(int(self.headers.get("Content-Length", 0)))
		        self.send_response(200); self.end_headers()
		    def log_message(self, *a): pass
		s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
		print(s.server_address[1], flush=True)
		s.serve_forever()
	EOF
	pids+=($!)
	wait_for 60 test -s "$work/receiver.port" || die "receiver did not start: $(cat "$work/receiver.log")"
}

configure() {
	local port
	port=$(cat "$work/receiver.port")
	mkdir -p "$work/drop"
	cp "$here/catalog.toml" "$work/bench-catalog.toml"
	head -c 32 /dev/urandom | base64 >"$work/webhook.secret"
	cat >"$work/jalon.toml" <<-EOF
		catalog_files = ["bench-catalog.toml"]
		evaluation_interval = "2s"

		[alerting]
		resend_delay = "10s"

		[alerting.rule.JalonTrajectoryOffTrack]
		for = "0s"

		[[notifier]]
		type = "alertmanager"
		urls = ["http://127.0.0.1:$port"]

		[[notifier]]
		type = "webhook"
		url = "http://127.0.0.1:$port/hook"
		secret_file = "webhook.secret"

		[[puller]]
		name = "drop"
		type = "file"
		schedule = "@every 30s"
		indicator = "mes_documents_fed_per_year"
		source = "soak drop"

		  [puller.file]
		  path = "drop"
		  glob = "export-*.csv"

		  [puller.csv]
		  delimiter = ","
		  time_column = "mois"
		  time_format = "YYYY-MM"
		  value_column = "documents"
	EOF
}

start_jalond() {
	rm -f "$work/jalond.out"
	"$bin/jalond" --web.listen-address=127.0.0.1:0 --storage.path="$store" \
		--config.file="$work/jalon.toml" --log.level=warn >"$work/jalond.out" 2>>"$work/jalond.log" &
	JPID=$!
	wait_for 60 grep -q 'jalond listening on' "$work/jalond.out" || die "jalond did not start: $(tail -3 "$work/jalond.log")"
	sed -n 's|^jalond listening on \(http://[^/]*\)/.*|\1|p' "$work/jalond.out" >"$work/base"
	wait_for 60 http_ok "$(base)/-/ready" || die "jalond not ready: $(tail -3 "$work/jalond.log")"
}

stop_jalond() {
	kill "$JPID"
	wait "$JPID" || die "jalond exited $? after SIGTERM: $(tail -3 "$work/jalond.log")"
	JPID=
}

# --- load --------------------------------------------------------------------

# Each loop runs while $work/go exists; a failure is counted, not fatal, as
# requests in flight during a restart fail by design.
batch_pushes() {
	local round=0
	while [[ -e $work/go ]]; do
		# 50 new points a series each round, a minute apart, in the past.
		if "$bin/bulkload" -url "$(base)" -series "$SOAK_SERIES" -points 50 -batch 2000 -concurrency 2 \
			-step 1m -start "$(date -u -d "2025-01-01 + $((round * 50)) minutes" +%FT%TZ)" >/dev/null 2>&1; then
			count push_batches_ok
		else
			count push_batches_failed
		fi
		round=$((round + 1))
		sleep 1
	done
}

point_pushes() {
	local round=0
	while [[ -e $work/go ]]; do
		# 5 s of single-point pushes, then 10 s of rest.
		wrk -t1 -c4 -d5s -s "$here/push.lua" "$(base)" -- jalon 500 $((1704067200 + round * 100000)) 1 >/dev/null 2>&1 &&
			count point_bursts_ok || count point_bursts_failed
		round=$((round + 1))
		sleep 10
	done
}

scrapes() {
	while [[ -e $work/go ]]; do
		curl -sf -o /dev/null --max-time 10 "$(base)/metrics" && count scrapes_ok || count scrapes_failed
		curl -sf -o /dev/null --max-time 10 -H 'Accept-Encoding: gzip' "$(base)/metrics" || true
		sleep 1
	done
}

puller_runs() {
	local n=0 f
	while [[ -e $work/go ]]; do
		n=$((n + 1))
		f=$work/drop/export-$(printf %06d $n).csv
		{
			echo "mois,documents"
			for m in 01 02 03 04 05 06 07 08 09 10 11 12; do echo "2024-$m,$((20000000 + n * 1000 + 10#$m))"; done
		} >"$work/drop/.tmp"
		mv "$work/drop/.tmp" "$f"
		[[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 60 -X POST "$(base)/api/v1/pullers/drop/run") == 200 ]] &&
			count puller_runs_ok || count puller_runs_failed
		sleep 10
	done
}

# --- samples -----------------------------------------------------------------

sample() { # sample ELAPSED: one line of the CSV
	local g fds
	g=$(curl -sf --max-time 5 "$(base)/metrics" | awk '$1 == "go_goroutines" {print $2}') || g=
	fds=$(ls "/proc/$JPID/fd" 2>/dev/null | wc -l)
	echo "$1,$JPID,$(status_kib "$JPID" RssAnon),$(status_kib "$JPID" VmRSS),${g:-NA},$fds" >>"$SOAK_CSV"
}

# verdict: compare the first and last five samples after the warm-up.
verdict() {
	awk -F, -v warm="$SOAK_WARMUP" '
		function median(a, n,   i, j, t) {
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) {t = a[i]; a[i] = a[j]; a[j] = t}
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		NR > 1 && $1 >= warm && $5 != "NA" {n++; anon[n] = $3; gor[n] = $5; fd[n] = $6}
		END {
			if (n < 6) {print "too few samples after the warm-up: " n " (lengthen SOAK_DURATION)"; exit 2}
			k = n >= 15 ? 5 : int(n / 3)
			for (i = 1; i <= k; i++) {a0[i] = anon[i]; g0[i] = gor[i]; f0[i] = fd[i]; a1[i] = anon[n - k + i]; g1[i] = gor[n - k + i]; f1[i] = fd[n - k + i]}
			A0 = median(a0, k) / 1024; A1 = median(a1, k) / 1024
			G0 = median(g0, k); G1 = median(g1, k); F0 = median(f0, k); F1 = median(f1, k)
			printf "RssAnon MiB: first %.1f, last %.1f (limit %.1f)\n", A0, A1, A0 * 1.5
			printf "goroutines:  first %d, last %d (limit %d)\n", G0, G1, G0 + 20
			printf "open files:  first %d, last %d (limit %d)\n", F0, F1, F0 + 20
			bad = A1 > A0 * 1.5 || G1 > G0 + 20 || F1 > F0 + 20
			print bad ? "FAIL: growth beyond the margins" : "ok: no growth beyond the margins"
			exit bad
		}' "$SOAK_CSV"
}

soak() {
	log "soak: ${SOAK_DURATION}s, a restart every ${SOAK_RESTART_EVERY}s, samples every ${SOAK_SAMPLE}s into $SOAK_CSV"
	echo "seconds,pid,rss_anon_kib,vm_rss_kib,goroutines,open_fds" >"$SOAK_CSV"
	: >"$work/counts"
	touch "$work/go"
	batch_pushes & pids+=($!)
	point_pushes & pids+=($!)
	scrapes & pids+=($!)
	puller_runs & pids+=($!)
	local t0 now last_restart restarts=0
	t0=$(date +%s) last_restart=$t0
	while now=$(date +%s) && ((now - t0 < SOAK_DURATION)); do
		kill -0 "$JPID" 2>/dev/null || die "jalond died: $(tail -5 "$work/jalond.log")"
		sample $((now - t0))
		if ((now - last_restart >= SOAK_RESTART_EVERY)); then
			log "restart $((restarts + 1))"
			stop_jalond
			start_jalond
			restarts=$((restarts + 1)) last_restart=$(date +%s)
		fi
		sleep "$SOAK_SAMPLE"
	done
	rm -f "$work/go"
	log "waiting for the loads to finish their round"
	local p
	for p in "${pids[@]:1}"; do wait "$p" 2>/dev/null || true; done
	pids=("${pids[0]}")
	echo "restarts: $restarts"
	sort "$work/counts" | uniq -c | awk '{printf "%s: %d\n", $2, $1}'
	echo "store: $(du -sh "$store" | cut -f1)"
	verdict
}

# burst: 12 concurrent pushes of 32 MiB bodies; VmHWM is the peak resident
# memory of the process.
burst() {
	python3 - "$work/big.json" <<-'EOF'
		import sys
		# 95 000 items (under the 100 000 a push may hold), padded to 32 MiB
		# less a margin by their source: 1 000 series of 95 points.
		n = 95000
		head = '{"indicator":"bench_level","labels":{"site":"s%06d"},"time":"2025-01-01T%02d:%02d:00Z","value":1,"source":"'
		pad = "x" * ((32 * 1024 * 1024 - 4096) // n - len(head % (0, 0, 0)) - 3)
		parts = [head % (i % 1000 + 1, i // 1000 // 60, i // 1000 % 60) + pad + '"}' for i in range(n)]
		open(sys.argv[1], "w").write('{"measurements":[' + ",".join(parts) + "]}")
	EOF
	local before i codes curls=()
	before=$(status_kib "$JPID" VmHWM)
	for i in $(seq 12); do
		curl -sS -o /dev/null -w '%{http_code}\n' --max-time 120 -H 'Content-Type: application/json' \
			--data-binary @"$work/big.json" "$(base)/api/v1/measurements" >>"$work/burst.codes" &
		curls+=($!) pids+=($!)
	done
	for i in "${curls[@]}"; do wait "$i" || true; done
	codes=$(sort "$work/burst.codes" | uniq -c | awk '{printf "%s%s×%s", (NR > 1 ? ", " : ""), $1, $2}')
	echo "burst: 12 pushes of $(($(stat -c %s "$work/big.json") >> 20)) MiB: $codes; VmHWM $((before >> 10)) MiB before, $(($(status_kib "$JPID" VmHWM) >> 10)) MiB after"
}

command -v wrk >/dev/null || die "wrk missing: apt-get install -y wrk"
build
receiver
configure
start_jalond
case ${1:-all} in
all)
	soak && status=0 || status=$?
	burst
	exit "$status"
	;;
burst) burst ;;
*) die "unknown mode $1: want nothing (soak, then burst) or burst" ;;
esac
