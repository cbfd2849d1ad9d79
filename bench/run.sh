#!/usr/bin/env bash
# bench/run.sh: HTTP benchmarks of jalond, measured side by side with the
# Prometheus Pushgateway, ending with a Markdown table for BENCHMARKS.md.
#
#   bench/run.sh [push] [bulk] [scrape] [memory] [startup]
#                [push-etcd] [bulk-etcd] [replicas-etcd] [etcd]   (default: all)
#
# The etcd scenarios start a 3-member etcd cluster of processes on this
# machine, built from the version go.mod requires; "etcd" names all three.
#
# Every server listens on 127.0.0.1 and keeps its data in a temporary
# directory; the EXIT trap stops what this script started. Each load is
# bounded in count and time. Progress goes to stderr, the table to stdout.
# The variables below can be set in the environment; BENCH_REF=HEAD builds
# that commit (through git archive) instead of the working tree.
set -euo pipefail

ROUNDS=${ROUNDS:-3}                      # rounds per measurement; the median is reported
PUSH_SECONDS=${PUSH_SECONDS:-10}         # length of one wrk round
PUSH_SERIES=${PUSH_SERIES:-1000}         # series the single-point pushes cycle over
BIG_SERIES=${BIG_SERIES:-100000}         # "100 000 series stored"
SCRAPE_SAMPLES=${SCRAPE_SAMPLES:-100000} # samples each server exposes in the scrape scenario
SCRAPES=${SCRAPES:-20}                   # scrapes per measurement
STARTUP_SERIES=${STARTUP_SERIES:-10000}
STARTUP_POINTS=${STARTUP_POINTS:-1000}
BULK_SERIES=${BULK_SERIES:-1000}         # the bulk load: this many series × 1 000 points
RAW_POINTS=${RAW_POINTS:-200}            # points pushed one by one to a replica, read on the other
RAW_METRICS_POINTS=${RAW_METRICS_POINTS:-50} # same, read on /metrics (each waits for an evaluation)
ETCD_QUOTA=${ETCD_QUOTA:-8589934592}     # --quota-backend-bytes of each etcd member (etcd's maximum)
BENCH_REF=${BENCH_REF:-}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
work=$(mktemp -d "${TMPDIR:-/tmp}/jalon-bench.XXXXXX")
bin=$work/bin
hz=$(getconf CLK_TCK)
pids=()
declare -A R # results, read by table

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools -------------------------------------------------------------------

need() { # need COMMAND DEBIAN-PACKAGE
	command -v "$1" >/dev/null && return
	log "installing $2"
	[[ $(id -u) == 0 ]] || die "$1 missing: apt-get install -y $2"
	apt-get install -y -qq "$2" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }
}

build() {
	local src=$root ref
	ref=$(git -C "$root" rev-parse --verify "${BENCH_REF:-HEAD}^{commit}" 2>/dev/null) || ref=
	R[commit]=${ref:0:7}
	if [[ -n $BENCH_REF ]]; then
		[[ -n $ref ]] || die "BENCH_REF $BENCH_REF is not a commit"
		src=$work/src
		mkdir -p "$src"
		git -C "$root" archive "$ref" | tar -x -C "$src"
		rm -rf "$src/bench" && cp -r "$here" "$src/bench"
	fi
	log "building jalond and bulkload from $([[ -n $BENCH_REF ]] && echo "commit ${R[commit]}" || echo 'the working tree')"
	(cd "$src" && go build -o "$bin/" ./cmd/jalond ./bench/cmd/bulkload ./bench/cmd/replicadelay)
	SRC=$src
	[[ -n $BENCH_REF ]] || R[commit]="working tree on ${R[commit]:-an unknown commit}"
	cp "$here/catalog.toml" "$work/bench-catalog.toml"
	printf 'catalog_files = ["bench-catalog.toml"]\n' >"$work/jalon.toml"
}

median() { sort -g | awk '{a[NR] = $1} END {if (NR == 0) print ""; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p"; } # field NAME <<<" … NAME=value …"
now_ns() { date +%s%N; }
day() { date -u -d "$(date -u +%F) $1 days" +%FT%TZ; } # day -10: 00:00 UTC ten days ago
add() { R[$1]="${R[$1]:-} $2"; }                                    # add KEY VALUE: append to a list
med() { printf '%s\n' ${R[$1]:-} | median; }                        # med KEY: median of a list
span() { # span KEY [FORMAT]: "min–max" of a list
	printf '%s\n' ${R[$1]:-} | sort -g | awk -v f="${2:-%s}" 'NR == 1 {a = $1} {b = $1} END {if (NR) printf f "–" f "\n", a, b}'
}

# free_port: set PORT to a port nobody listens on, never one it gave before
# (the server it was for may not listen yet). Not in a subshell: it keeps
# what it gave in GIVEN.
declare -A GIVEN
free_port() {
	local p
	for _ in $(seq 100); do
		p=$((20000 + RANDOM % 30000))
		[[ -z ${GIVEN[$p]:-} ]] || continue
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { GIVEN[$p]=1; PORT=$p; return; }
	done
	die "no free port"
}

# wait_for SECONDS COMMAND…: run COMMAND every 10 ms until it succeeds.
wait_for() {
	local deadline=$(($(date +%s) + $1))
	shift
	until "$@" 2>/dev/null; do
		(($(date +%s) < deadline)) || return 1
		sleep 0.01
	done
}

http_ok() { [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1") == 200 ]]; }

busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
# proc_ticks "PID…": the CPU ticks of the processes, summed, so that jalond
# and its etcd members count as one system under test.
proc_ticks() {
	local p t=0
	for p in $1; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done
	echo "$t"
}

# wait_idle "PID…" SECONDS: until the processes use under 10 % of a CPU for a
# second, so that the background work of one step does not leak into the
# next (evaluation after pushes, the Pushgateway's queued pushes).
wait_idle() {
	local t0 i
	for ((i = 0; i < $2; i++)); do
		t0=$(proc_ticks "$1")
		sleep 1
		((($(proc_ticks "$1") - t0) * 10 < hz)) && return 0
	done
	log "pid $1 still busy after $2 s"
}

# measure "PID…" COMMAND…: run COMMAND, then record in $work/others how many
# CPUs the processes other than PID… and COMMAND used meanwhile (hypervisor
# steal included): the noise of a shared machine, reported with the table.
measure() {
	local pid=$1 b0 p0 t0
	shift
	b0=$(busy_ticks) p0=$(proc_ticks "$pid") t0=$(now_ns)
	/usr/bin/time -f '%U %S' -o "$work/time" "$@"
	awk -v b0="$b0" -v b1="$(busy_ticks)" -v p0="$p0" -v p1="$(proc_ticks "$pid")" -v t0="$t0" -v t1="$(now_ns)" -v hz="$hz" \
		'END {o = ((b1 - b0) - (p1 - p0) - ($1 + $2) * hz) / hz / ((t1 - t0) / 1e9); printf "%.2f\n", o < 0 ? 0 : o}' \
		"$work/time" >>"$work/others"
}
last_others() { tail -1 "$work/others"; }

rss() { # rss PID: "VmRSS RssAnon RssFile VmHWM" in MiB
	awk '/^(VmRSS|RssAnon|RssFile|VmHWM):/ {v[$1] = sprintf("%.0f", $2 / 1024)}
		END {print v["VmRSS:"], v["RssAnon:"], v["RssFile:"], v["VmHWM:"]}' "/proc/$1/status"
}

# --- servers -----------------------------------------------------------------

# start_jalond DIR [FLAGS…]: start jalond on the store in DIR, on a port of
# its choosing, and wait until it is ready; sets JPID and JURL.
start_jalond() {
	local dir=$1
	shift
	mkdir -p "$dir"
	"$bin/jalond" --web.listen-address=127.0.0.1:0 --storage.path="$dir" \
		--config.file="$work/jalon.toml" --log.level=warn "$@" >"$dir.out" 2>>"$dir.log" &
	JPID=$!
	pids+=("$JPID")
	wait_for 120 grep -q 'jalond listening on' "$dir.out" || die "jalond did not start: $(tail -3 "$dir.log")"
	JURL=$(sed -n 's|^jalond listening on \(http://[^/]*\)/.*|\1|p' "$dir.out" | tail -1)
	wait_for 120 http_ok "$JURL/-/ready" || die "jalond not ready: $(tail -3 "$dir.log")"
}

# stop PID: SIGTERM, SIGKILL after 30 s; the PID leaves the list the EXIT
# trap kills, so that a recycled PID is never signalled.
stop() {
	local p keep=()
	if kill "$1" 2>/dev/null; then
		for _ in $(seq 300); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$1" 2>/dev/null || true
	fi
	wait "$1" 2>/dev/null || true
	for p in "${pids[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done
	pids=("${keep[@]}")
}

# start_pg NAME: start an empty Pushgateway; sets GPID and GURL.
start_pg() {
	local port
	free_port
	port=$PORT
	prometheus-pushgateway --web.listen-address="127.0.0.1:$port" \
		--persistence.file="$work/$1.pgdata" --log.level=warn >"$work/$1.log" 2>&1 &
	GPID=$!
	pids+=("$GPID")
	GURL=http://127.0.0.1:$port
	wait_for 30 http_ok "$GURL/-/ready" || die "pushgateway did not start: $(tail -3 "$work/$1.log")"
}

# big_pg: a Pushgateway holding BIG_SERIES series in groups of 1 000 (one PUT
# each), started on first use and kept for the scenarios that follow; sets
# GPID and GURL, and R[pg_*] to its preload time and memory.
BIG_GPID=
big_pg() {
	if [[ -z $BIG_GPID ]]; then
		start_pg big
		BIG_GPID=$GPID BIG_GURL=$GURL
		local g groups=$((BIG_SERIES / 1000)) t0
		t0=$(now_ns)
		for ((g = 1; g <= groups; g++)); do
			awk -v g="$g" 'BEGIN {print "# TYPE bench_value gauge"
				for (i = 1; i <= 1000; i++) printf "bench_value{site=\"s%06d\"} %d\n", (g - 1) * 1000 + i, i}' |
				curl -sf -o /dev/null --max-time 60 -X PUT --data-binary @- "$GURL/metrics/job/preload/instance/g$g" ||
				die "pushgateway preload failed at group $g"
		done
		R[pg_preload_s]=$(awk -v a="$t0" -v b="$(now_ns)" 'BEGIN {printf "%.1f", (b - a) / 1e9}')
		log "pushgateway: $groups groups × 1 000 series preloaded in ${R[pg_preload_s]} s"
		wait_idle "$GPID" 60
		curl -s -o /dev/null "$GURL/metrics"
		read -r 'R[pg_rss]' 'R[pg_anon]' 'R[pg_file]' 'R[pg_hwm]' <<<"$(rss "$GPID")"
	fi
	GPID=$BIG_GPID GURL=$BIG_GURL
}

bulkload() { "$bin/bulkload" -url "$JURL" "$@"; }
samples() { grep -vc '^#'; }

# evaluated URL N: wait until Jalon's latest snapshot holds N series or more.
evaluated() {
	wait_for 120 bash -c "curl -s '$1/metrics' | awk '/^jalon_evaluation_series / {exit !(\$2 >= $2)}'" ||
		die "evaluation never reached $2 series"
}

# --- etcd --------------------------------------------------------------------

# has_etcd: whether the jalond built has the etcd backend (BENCH_REF may
# name a commit from before it).
has_etcd() { [[ -d $SRC/store/etcdstore ]]; }

# build_etcd: etcd at the version go.mod requires, built in a module of its
# own under $work (its dependencies are not jalond's, and go.mod stays as
# it is); the module proxy and Go's caches make a second build quick.
build_etcd() {
	[[ -x $bin/etcd ]] && return
	local v mod=$work/etcd-build
	v=$(awk '$1 == "go.etcd.io/etcd/server/v3" {print $2}' "$SRC/go.mod")
	[[ -n $v ]] || die "$SRC/go.mod requires no go.etcd.io/etcd/server/v3"
	log "building etcd $v (in $mod)"
	mkdir -p "$mod"
	(cd "$mod" && go mod init jalon-bench-etcd && go get "go.etcd.io/etcd/server/v3@$v" &&
		go build -o "$bin/etcd" go.etcd.io/etcd/server/v3) >"$mod.log" 2>&1 ||
		die "could not build etcd $v: $(tail -5 "$mod.log")"
	R[etcd]=$("$bin/etcd" --version | awk 'NR == 1 {print $3}')
}

etcd_healthy() { curl -s --max-time 2 "$1/health" | grep -q '"health":"true"'; }

# start_etcd NAME: a new cluster of 3 members on 127.0.0.1, data under
# $work/etcd-NAME (this machine's one disk: every commit is fsynced by each
# member there); sets ETCD_EP (client URLs, comma-separated) and ETCD_PIDS.
start_etcd() {
	local name=$1 i cluster= peer=() client=()
	build_etcd
	for i in 0 1 2; do
		free_port
		client[i]=http://127.0.0.1:$PORT
		free_port
		peer[i]=http://127.0.0.1:$PORT
		cluster+="${cluster:+,}m$i=${peer[i]}"
	done
	ETCD_EP= ETCD_PIDS=
	for i in 0 1 2; do
		"$bin/etcd" --name "m$i" --data-dir "$work/etcd-$name/m$i" --log-level error \
			--listen-client-urls "${client[i]}" --advertise-client-urls "${client[i]}" \
			--listen-peer-urls "${peer[i]}" --initial-advertise-peer-urls "${peer[i]}" \
			--initial-cluster "$cluster" --initial-cluster-token "bench-$name" --initial-cluster-state new \
			--quota-backend-bytes "$ETCD_QUOTA" >"$work/etcd-$name-m$i.log" 2>&1 &
		pids+=("$!")
		ETCD_PIDS+="${ETCD_PIDS:+ }$!" ETCD_EP+="${ETCD_EP:+,}${client[i]}"
	done
	for i in 0 1 2; do
		wait_for 60 etcd_healthy "${client[i]}" || die "etcd member m$i did not start: $(tail -3 "$work/etcd-$name-m$i.log")"
	done
}

stop_etcd() {
	local p
	for p in $ETCD_PIDS; do stop "$p"; done
	ETCD_PIDS=
}

# etcd_mib: the size of the first member's database file, in MiB (what
# counts against --quota-backend-bytes).
etcd_mib() {
	curl -s "${ETCD_EP%%,*}/metrics" | awk '/^etcd_mvcc_db_total_size_in_bytes / {printf "%.1f", $2 / 1048576}'
}

# etcd_config FILE PREFIX: the benchmarks' configuration with the record in
# the cluster of ETCD_EP, under PREFIX.
etcd_config() {
	{
		cat "$work/jalon.toml"
		printf '\n[storage]\nbackend = "etcd"\nendpoints = [%s]\nprefix = "%s"\n' "$(sed 's/[^,]*/"&"/g; s/,/, /g' <<<"$ETCD_EP")" "$2"
	} >"$1"
}

# --- push --------------------------------------------------------------------

# wrk_round NAME ROUND URL TARGET SERIES PID: one round of push.lua; adds
# its figures to the lists R[NAME_rps], R[NAME_p50], R[NAME_p99].
wrk_round() {
	local name=$1 r=$2 url=$3 target=$4 series=$5 pid=$6 out
	out=$(measure "$pid" timeout $((PUSH_SECONDS + 60)) wrk -t2 -c64 -d"${PUSH_SECONDS}s" --timeout 30s \
		-s "$here/push.lua" "$url" -- "$target" "$series" $(($(date -u -d "$(day -1)" +%s) + r * 3600)) 2)
	out=$(grep '^RESULT' <<<"$out") || die "$name: no result from wrk"
	log "  $name round $r: ${out#RESULT } others=$(last_others)"
	[[ $(field non2xx <<<"$out") == 0 && $(field errors <<<"$out") == 0 && $(field notnew <<<"$out") == 0 ]] ||
		log "  $name round $r: some requests failed or wrote no new point"
	add "${name}_rps" "$(field rps <<<"$out")"
	add "${name}_p50" "$(field p50_ms <<<"$out")"
	add "${name}_p99" "$(field p99_ms <<<"$out")"
	wait_idle "$pid" 120
}

store_counts() { # store_counts URL: Jalon's store counters, for the log
	curl -s "$1/metrics" | awk '/^jalon_store_(points|series|commits_total|batch_size_sum) / {printf "  %s=%s", $1, $2} END {print ""}' >&2
}

# The variants run in turns, round by round, so that a burst of load from
# elsewhere on the machine hits them alike. Stored points end ten days ago;
# the pushes are dated yesterday, one millisecond apart, so each is the
# latest point of its series and every series stays fresh and on track.
scenario_push() {
	local r jd jdurl jn jnurl pe peurl
	start_jalond "$work/push-durable"
	jd=$JPID jdurl=$JURL
	bulkload -series "$PUSH_SERIES" -points 1 -batch 1000 -start "$(day -10)" >/dev/null
	start_jalond "$work/push-nosync" --storage.no-sync
	jn=$JPID jnurl=$JURL
	bulkload -series "$PUSH_SERIES" -points 1 -batch 1000 -start "$(day -10)" >/dev/null
	start_pg small
	pe=$GPID peurl=$GURL
	log "push: $PUSH_SERIES series, 64 connections, ${PUSH_SECONDS} s × $ROUNDS: Jalon durable, no-sync, empty Pushgateway"
	for ((r = 1; r <= ROUNDS; r++)); do
		wrk_round j_durable "$r" "$jdurl" jalon "$PUSH_SERIES" "$jd"
		wrk_round j_nosync "$r" "$jnurl" jalon "$PUSH_SERIES" "$jn"
		wrk_round pg_empty "$r" "$peurl" pushgateway "$PUSH_SERIES" "$pe"
	done
	store_counts "$jdurl"
	store_counts "$jnurl"
	stop "$jd" && stop "$jn" && stop "$pe"

	start_jalond "$work/push-big"
	log "push: preloading $BIG_SERIES series × 3 points in batches of 5 000"
	R[big_preload]=$(bulkload -series "$BIG_SERIES" -points 3 -batch 5000 -concurrency 2 -start "$(day -70)" -step 720h)
	log "  ${R[big_preload]}"
	wait_idle "$JPID" 60
	big_pg
	log "push: $BIG_SERIES series stored, Jalon and Pushgateway in turns"
	for ((r = 1; r <= ROUNDS; r++)); do
		wrk_round j_big "$r" "$JURL" jalon "$BIG_SERIES" "$JPID"
		wrk_round pg_big "$r" "$GURL" pushgateway "$PUSH_SERIES" "$GPID"
	done
	store_counts "$JURL"
	stop "$JPID"
}

# --- bulk, scrape, memory, start-up -------------------------------------------

scenario_bulk() {
	local r out
	for ((r = 1; r <= ROUNDS; r++)); do
		start_jalond "$work/bulk-$r"
		out=$(measure "$JPID" "$bin/bulkload" -url "$JURL" -series "$BULK_SERIES" -points 1000 -batch 10000 -concurrency 4)
		log "bulk round $r: $out others=$(last_others)"
		add bulk_s "$(field seconds <<<" $out")"
		add bulk_pps "$(field points_per_second <<<" $out")"
		stop "$JPID"
	done
}

# scrape_times URL N [CURL-ARGS…]: the seconds of N scrapes, one a line.
scrape_times() {
	local url=$1 n=$2 i
	shift 2
	for ((i = 0; i < n; i++)); do
		curl -s -o /dev/null -w '%{time_total}\n' --max-time 60 "$@" "$url/metrics"
	done
}

# load_scrape_series: push series of 12 points until Jalon exposes about
# SCRAPE_SAMPLES samples, measuring first how many samples a series adds.
load_scrape_series() {
	local empty one more
	empty=$(curl -s "$JURL/metrics" | samples)
	bulkload -series 1000 -points 12 -step 720h >/dev/null
	evaluated "$JURL" 1000
	one=$(curl -s "$JURL/metrics" | samples)
	R[j_per_series]=$(awk -v a="$empty" -v b="$one" 'BEGIN {printf "%.1f", (b - a) / 1000}')
	more=$(awk -v one="$one" -v per="${R[j_per_series]}" -v want="$SCRAPE_SAMPLES" 'BEGIN {printf "%d", (want - one) / per}')
	R[j_scrape_series]=$((1000 + more))
	((more > 0)) || return 0
	bulkload -series "$more" -first-series 1001 -points 12 -step 720h >/dev/null
	evaluated "$JURL" "${R[j_scrape_series]}"
}

scenario_scrape() {
	local i
	start_jalond "$work/scrape"
	load_scrape_series
	wait_idle "$JPID" 30
	R[j_samples]=$(curl -s "$JURL/metrics" | samples)
	log "scrape: jalond exposes ${R[j_samples]} samples (${R[j_scrape_series]} series of ${R[j_per_series]})"
	R[j_scrape]=$(scrape_times "$JURL" "$SCRAPES" | median)
	R[j_scrape_gz]=$(scrape_times "$JURL" "$SCRAPES" -H 'Accept-Encoding: gzip' | median)
	# A new snapshot (after a push, or every evaluation interval) has to be
	# encoded again: time the first scrape after one, a second after the
	# push, plain and gzipped in turns (Prometheus asks for gzip).
	for ((i = 1; i <= 20; i++)); do
		curl -sf -o /dev/null -H 'Content-Type: application/json' "$JURL/api/v1/measurements" --data-binary \
			"{\"measurements\":[{\"indicator\":\"bench_level\",\"labels\":{\"site\":\"s000001\"},\"time\":\"2026-01-01T$(printf %02d "$i"):00:00Z\",\"value\":$i}]}"
		sleep 1
		if ((i % 2)); then
			add j_scrape_cold "$(curl -s -o /dev/null -w '%{time_total}' "$JURL/metrics")"
		else
			add j_scrape_cold_gz "$(curl -s -o /dev/null -w '%{time_total}' -H 'Accept-Encoding: gzip' "$JURL/metrics")"
		fi
	done
	stop "$JPID"
	big_pg
	R[pg_samples]=$(curl -s "$GURL/metrics" | samples)
	log "scrape: pushgateway exposes ${R[pg_samples]} samples"
	R[pg_scrape]=$(scrape_times "$GURL" "$SCRAPES" | median)
	R[pg_scrape_gz]=$(scrape_times "$GURL" "$SCRAPES" -H 'Accept-Encoding: gzip' | median)
	# The same pause before each scrape as Jalon's first scrapes above: a
	# scrape after a second of idleness is slower on both sides.
	for ((i = 1; i <= 20; i++)); do
		sleep 1
		if ((i % 2)); then
			add pg_scrape_idle "$(curl -s -o /dev/null -w '%{time_total}' "$GURL/metrics")"
		else
			add pg_scrape_idle_gz "$(curl -s -o /dev/null -w '%{time_total}' -H 'Accept-Encoding: gzip' "$GURL/metrics")"
		fi
	done
}

# memory_rounds NAME DIR: restart jalond on DIR ROUNDS times; each time wait
# for the evaluation, scrape once and read the memory of the process.
memory_rounds() {
	local name=$1 dir=$2 r out row
	for ((r = 1; r <= ROUNDS; r++)); do
		start_jalond "$dir"
		add "${name}_ready" "$(rss "$JPID" | cut -d' ' -f1)"
		evaluated "$JURL" "$BIG_SERIES"
		out=$(curl -s -o /dev/null -w '%{time_total} %{size_download}' "$JURL/metrics")
		add "${name}_scrape_s" "${out% *}"
		R[${name}_scrape_bytes]=${out#* }
		row=$(rss "$JPID")
		log "$name round $r: VmRSS RssAnon RssFile VmHWM = $row MiB (at ready: ${R[${name}_ready]##* } MiB); scrape: $out"
		add "${name}_rss" "$(cut -d' ' -f1 <<<"$row")"
		add "${name}_anon" "$(cut -d' ' -f2 <<<"$row")"
		add "${name}_file" "$(cut -d' ' -f3 <<<"$row")"
		add "${name}_hwm" "$(cut -d' ' -f4 <<<"$row")"
		stop "$JPID"
	done
}

alerts() { curl -s "$1/metrics" | grep -c '^jalon_alerts{' || true; }
has_alerts() { # has_alerts URL N: N alerts or more; otherwise waits 5 s, as a scrape is heavy
	(($(alerts "$1") >= $2)) && return 0
	sleep 5
	return 1
}

# Two data sets: series on track with a point this week, as in a healthy
# deployment; and series far behind plan whose last point is months old, so
# that each one holds a JalonDataStale alert, the worst case.
scenario_memory() {
	local dir=$work/memory
	start_jalond "$dir"
	log "memory: loading $BIG_SERIES series × 60 weekly points, on track"
	R[mem_load]=$(bulkload -series "$BIG_SERIES" -points 60 -pregenerate=false -step 168h)
	log "  ${R[mem_load]}"
	stop "$JPID"
	memory_rounds mem "$dir"

	dir=$work/memory-stale
	start_jalond "$dir"
	log "memory: loading $BIG_SERIES series × 60 weekly points, far behind plan and stale"
	R[stale_load]=$(bulkload -indicator bench_days -series "$BIG_SERIES" -points 60 -pregenerate=false -step 168h -values ramp -start "$(day -600)")
	log "  ${R[stale_load]}"
	wait_for 180 has_alerts "$JURL" "$BIG_SERIES" || true
	R[stale_alerts]=$(alerts "$JURL")
	log "  $(v stale_alerts) alerts"
	stop "$JPID"
	memory_rounds stale "$dir"
	big_pg
}

scenario_startup() {
	local dir=$work/startup r port t0
	start_jalond "$dir"
	log "startup: loading $STARTUP_SERIES series × $STARTUP_POINTS points"
	R[start_load]=$(bulkload -series "$STARTUP_SERIES" -points "$STARTUP_POINTS" -pregenerate=false -step 24h -timeout 15m)
	log "  ${R[start_load]}"
	stop "$JPID"
	R[start_db_mib]=$(du -m "$dir/jalon.db" | cut -f1)
	for ((r = 1; r <= ROUNDS; r++)); do
		free_port
		port=$PORT
		t0=$(now_ns)
		"$bin/jalond" --web.listen-address="127.0.0.1:$port" --storage.path="$dir" \
			--config.file="$work/jalon.toml" >"$dir.out" 2>"$dir.log.$r" &
		JPID=$!
		pids+=("$JPID")
		wait_for 120 http_ok "http://127.0.0.1:$port/-/ready" || die "jalond not ready: $(tail -3 "$dir.log.$r")"
		add start_ms $((($(now_ns) - t0) / 1000000))
		log "startup round $r: ready after ${R[start_ms]##* } ms"
		grep -E 'msg="(store opened|catalog loaded|ready)"' "$dir.log.$r" | sed 's/^/  /' >&2 || true
		stop "$JPID"
	done
}

# --- etcd backend ------------------------------------------------------------

# The etcd scenarios measure jalond with its record in a 3-member etcd
# cluster on this machine, in turns with jalond on its bbolt file under the
# same load, round by round: the ratio of the two holds even when the
# machine's other load moves. The etcd members count as part of the system
# under test in the CPU that "others" used.

scenario_push_etcd() {
	local r jb jburl je jeurl
	start_jalond "$work/pe-bolt"
	jb=$JPID jburl=$JURL
	bulkload -series "$PUSH_SERIES" -points 1 -batch 1000 -start "$(day -10)" >/dev/null
	start_etcd push
	etcd_config "$work/jalon-etcd-push.toml" bench/push/
	start_jalond "$work/pe-etcd" --config.file="$work/jalon-etcd-push.toml"
	je=$JPID jeurl=$JURL
	bulkload -series "$PUSH_SERIES" -points 1 -batch 1000 -start "$(day -10)" >/dev/null
	log "push-etcd: $PUSH_SERIES series, 64 connections, ${PUSH_SECONDS} s × $ROUNDS: Jalon on bbolt, Jalon on etcd"
	for ((r = 1; r <= ROUNDS; r++)); do
		wrk_round je_bolt "$r" "$jburl" jalon "$PUSH_SERIES" "$jb"
		wrk_round je_etcd "$r" "$jeurl" jalon "$PUSH_SERIES" "$je $ETCD_PIDS"
	done
	store_counts "$jburl"
	store_counts "$jeurl"
	R[pe_etcd_mib]=$(etcd_mib)
	log "  etcd database: ${R[pe_etcd_mib]} MiB"
	stop "$je" && stop "$jb"
	stop_etcd
	rm -rf "$work/etcd-push"
}

scenario_bulk_etcd() {
	local r out
	for ((r = 1; r <= ROUNDS; r++)); do
		start_jalond "$work/be-bolt-$r"
		out=$(measure "$JPID" "$bin/bulkload" -url "$JURL" -series "$BULK_SERIES" -points 1000 -batch 10000 -concurrency 4)
		log "bulk-etcd round $r, bbolt: $out others=$(last_others)"
		add be_bolt_s "$(field seconds <<<" $out")"
		stop "$JPID"
		start_etcd "bulk-$r"
		etcd_config "$work/jalon-etcd-bulk-$r.toml" bench/bulk/
		start_jalond "$work/be-etcd-$r" --config.file="$work/jalon-etcd-bulk-$r.toml"
		out=$(measure "$JPID $ETCD_PIDS" "$bin/bulkload" -url "$JURL" -series "$BULK_SERIES" -points 1000 -batch 10000 -concurrency 4)
		add be_etcd_mib "$(etcd_mib)"
		log "bulk-etcd round $r, etcd: $out others=$(last_others); etcd database ${R[be_etcd_mib]##* } MiB"
		add be_etcd_s "$(field seconds <<<" $out")"
		add be_etcd_pps "$(field points_per_second <<<" $out")"
		stop "$JPID"
		stop_etcd
		rm -rf "$work/etcd-bulk-$r"
	done
}

# raw_rounds NAME VIA POINTS "PID…" URL1 URL2: ROUNDS rounds of replicadelay,
# writing to URL1 and reading URL2, then the other way round; adds the
# figures to the lists R[NAME_med], R[NAME_p99], R[NAME_max], R[NAME_first];
# a round that fails (a point not shown within replicadelay's 10 s) sets
# R[NAME_failed].
raw_rounds() {
	local name=$1 via=$2 n=$3 pid=$4 u1=$5 u2=$6 r out u
	for ((r = 1; r <= ROUNDS; r++)); do
		out=$(measure "$pid" "$bin/replicadelay" -via "$via" -write "$u1" -read "$u2" -points "$n")
		u=$u1 u1=$u2 u2=$u # the other way round next
		if [[ $out != *points=* ]]; then
			log "  $name round $r: failed (replicadelay says why above)"
			R[${name}_failed]=1
			continue
		fi
		log "  $name round $r: $out others=$(last_others)"
		add "${name}_med" "$(field median_ms <<<" $out")"
		add "${name}_p99" "$(field p99_ms <<<" $out")"
		add "${name}_max" "$(field max_ms <<<" $out")"
		add "${name}_first" "$(field first_read <<<" $out")"
		add "${name}_read" "$(field read_ms <<<" $out")"
	done
}

# Two replicas on one prefix: a point pushed to one, then read on the other
# until it shows, through the series API (the local copy) and through
# /metrics (the evaluation, which waits for the evaluator's settle); beside
# the same /metrics wait on a lone jalond on bbolt, writing and reading it.
scenario_replicas_etcd() {
	local j1 u1 j2 u2
	start_etcd replicas
	etcd_config "$work/jalon-etcd-replicas.toml" bench/replicas/
	start_jalond "$work/re-1" --config.file="$work/jalon-etcd-replicas.toml"
	j1=$JPID u1=$JURL
	start_jalond "$work/re-2" --config.file="$work/jalon-etcd-replicas.toml"
	j2=$JPID u2=$JURL
	log "replicas-etcd: points pushed one at a time to one replica, read on the other, × $ROUNDS: $RAW_POINTS through the series API, $RAW_METRICS_POINTS through /metrics"
	raw_rounds raw series "$RAW_POINTS" "$j1 $j2 $ETCD_PIDS" "$u1" "$u2"
	raw_rounds rawm metrics "$RAW_METRICS_POINTS" "$j1 $j2 $ETCD_PIDS" "$u1" "$u2"
	stop "$j2" && stop "$j1"
	stop_etcd
	start_jalond "$work/re-bolt"
	log "replicas-etcd: the same /metrics wait on one jalond on bbolt"
	raw_rounds rawb metrics "$RAW_METRICS_POINTS" "$JPID" "$JURL" "$JURL"
	stop "$JPID"
}

# --- report -------------------------------------------------------------------

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "" || b == "" || b == 0) print "—"; else printf "%.3g", a / b}'; }
ms() { awk -v s="$1" 'BEGIN {if (s == "") print "—"; else printf "%.1f ms", s * 1000}'; }
v() { echo "${R[$1]:-—}"; }
int() { awk -v x="$1" 'BEGIN {printf "%.0f", x}'; }
dec() { awk -v x="$1" 'BEGIN {printf "%.1f", x}'; }
spaced() { sed -E ':a; s/([0-9])([0-9]{3})($| )/\1 \2\3/; ta' <<<"$1"; } # 1000000 → "1 000 000"

# delays NAME: "median … ms, p99 … ms, max … ms" of a raw_rounds set
delays() {
	local failed=
	[[ -z ${R[$1_failed]:-} ]] || failed="a point still missing after 10 s in some rounds"
	[[ -n ${R[$1_med]:-} ]] || { echo "$failed"; return; }
	echo "median $(med "$1_med") ms, p99 $(med "$1_p99") ms, max $(printf '%s\n' ${R[$1_max]} | sort -g | tail -1) ms${failed:+; $failed}"
}

# memory NAME: "VmRSS MiB (anon + file; peak …)" of a memory_rounds set
memory() {
	echo "$(int "$(med "$1_rss")") MiB ($(int "$(med "$1_anon")") + $(int "$(med "$1_file")"); peak $(int "$(med "$1_hwm")"))"
}

# rps NAME: "median req/s (min–max; p50 … ms, p99 … ms)"
rps() {
	echo "$(int "$(med "$1_rps")") req/s ($(span "$1_rps" %.0f); p50 $(dec "$(med "$1_p50")") ms, p99 $(dec "$(med "$1_p99")") ms)"
}

machine() {
	echo "- $(date -u '+%Y-%m-%d %H:%M UTC'), ${R[commit]}"
	echo "- $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), Linux $(uname -r); $(go version | awk '{print $3}'), Pushgateway $(command -v prometheus-pushgateway >/dev/null && prometheus-pushgateway --version 2>&1 | awk 'NR == 1 {print $3}' || echo 'not installed'), wrk $(wrk -v 2>&1 | awk 'NR == 1 {print $2}')"
	echo "- medians of $ROUNDS rounds (min–max in brackets), scrapes: of $SCRAPES; wrk: 2 threads, 64 connections, ${PUSH_SECONDS} s a round"
	[[ -n ${R[etcd]:-} ]] && echo "- etcd ${R[etcd]}: 3 members on this machine (127.0.0.1, one disk, every commit fsynced by each member), default settings but \`--quota-backend-bytes $ETCD_QUOTA\`; a new cluster for each bulk round"
	[[ -s $work/others ]] && echo "- other processes used $(median <"$work/others") CPUs (median; max $(sort -g "$work/others" | tail -1)) during the timed rounds; load average at start $LOAD0"
	return 0
}

table() {
	echo
	machine
	echo
	echo "| scenario | Jalon | Pushgateway | Jalon / Pushgateway | target |"
	echo "|---|---|---|---|---|"
	if [[ -n ${R[j_durable_rps]:-} ]]; then
		echo "| push, 1 point a request, durable (fsync), $PUSH_SERIES series | $(rps j_durable) | $(rps pg_empty), no fsync | $(ratio "$(med j_durable_rps)" "$(med pg_empty_rps)") | — |"
		echo "| push, same, \`--storage.no-sync\` | $(rps j_nosync) | — | durable / no-sync: $(ratio "$(med j_durable_rps)" "$(med j_nosync_rps)") | — |"
		echo "| push, durable, $BIG_SERIES series stored | $(rps j_big) | $(rps pg_big) | $(ratio "$(med j_big_rps)" "$(med pg_big_rps)") | — |"
	fi
	if [[ -n ${R[bulk_s]:-} ]]; then
		echo "| bulk: $(spaced $((BULK_SERIES * 1000))) points ($(spaced "$BULK_SERIES") series × 1 000), batches of 10 000, 4 in flight | $(dec "$(med bulk_s)") s ($(span bulk_s %.1f) s; $(int "$(med bulk_pps)") points/s) | — | — | < 5 s |"
	fi
	if [[ -n ${R[j_scrape]:-} ]]; then
		echo "| scrape /metrics: Jalon $(v j_samples) samples, Pushgateway $(v pg_samples) | $(ms "${R[j_scrape]}") | $(ms "${R[pg_scrape]}") | $(ratio "${R[j_scrape]}" "${R[pg_scrape]}") | ≤ 0.1 |"
		echo "| scrape, \`Accept-Encoding: gzip\` | $(ms "${R[j_scrape_gz]}") | $(ms "${R[pg_scrape_gz]}") | $(ratio "${R[j_scrape_gz]}" "${R[pg_scrape_gz]}") | ≤ 0.1 |"
		echo "| scrape, first one after a new snapshot, 1 s after a push (median of 10; Pushgateway: 1 s after its last scrape) | $(ms "$(med j_scrape_cold)") | $(ms "$(med pg_scrape_idle)") | $(ratio "$(med j_scrape_cold)" "$(med pg_scrape_idle)") | ≤ 0.1 |"
		echo "| same, gzip | $(ms "$(med j_scrape_cold_gz)") | $(ms "$(med pg_scrape_idle_gz)") | $(ratio "$(med j_scrape_cold_gz)" "$(med pg_scrape_idle_gz)") | ≤ 0.1 |"
	fi
	if [[ -n ${R[mem_rss]:-} ]]; then
		echo "| memory, $BIG_SERIES series (Jalon: × 60 points, on track; restarted, evaluated, scraped once): VmRSS (anon + file; peak) | $(memory mem) | $(v pg_rss) MiB ($(v pg_anon) + $(v pg_file); peak $(v pg_hwm)) | $(ratio "$(med mem_rss)" "${R[pg_rss]:-}") | ≤ 150 MiB |"
		echo "| memory, same with every series stale and far behind plan ($(v stale_alerts) alerts) | $(memory stale) | — | $(ratio "$(med stale_rss)" "${R[pg_rss]:-}") | ≤ 150 MiB |"
	fi
	if [[ -n ${R[je_etcd_rps]:-} ]]; then
		echo "| push, 1 point a request, durable, $PUSH_SERIES series, **on etcd** (each push committed by 2 of 3 members), in turns with bbolt | $(rps je_etcd) | — | etcd / bbolt: $(ratio "$(med je_etcd_rps)" "$(med je_bolt_rps)") (bbolt in the same rounds: $(rps je_bolt)) | — |"
	fi
	if [[ -n ${R[be_etcd_s]:-} ]]; then
		echo "| bulk, same $(spaced $((BULK_SERIES * 1000))) points, **on etcd**, a new cluster each round, in turns with bbolt | $(dec "$(med be_etcd_s)") s ($(span be_etcd_s %.1f) s; $(int "$(med be_etcd_pps)") points/s) | — | etcd / bbolt time: $(ratio "$(med be_etcd_s)" "$(med be_bolt_s)") (bbolt in the same rounds: $(dec "$(med be_bolt_s)") s, $(span be_bolt_s %.1f) s) | — |"
	fi
	if [[ -n ${R[raw_med]:-} ]]; then
		echo "| read-after-write across replicas on etcd: push answered by one replica → point in the other's series API (read every 1 ms), $RAW_POINTS points a round | $(delays raw) | — | — | < 1 000 ms |"
		echo "| same, the point's value in the other replica's \`/metrics\` (its evaluation), $RAW_METRICS_POINTS points a round | $(delays rawm) | — | lone jalond on bbolt, its own \`/metrics\`: $(delays rawb) | < 1 000 ms |"
	fi
	if [[ -n ${R[start_ms]:-} ]]; then
		echo "| start-up to \`/-/ready\`, $((STARTUP_SERIES * STARTUP_POINTS)) points in $STARTUP_SERIES series ($(v start_db_mib) MiB file) | $(int "$(med start_ms)") ms ($(span start_ms) ms) | — | — | < 1 000 ms |"
	fi
	echo
	[[ -n ${R[big_preload]:-} ]] && echo "- preload, $BIG_SERIES series × 3 points, batches of 5 000: $(v big_preload)"
	[[ -n ${R[mem_load]:-} ]] && echo "- load, $BIG_SERIES series × 60 points, batches of 10 000: $(v mem_load)"
	[[ -n ${R[start_load]:-} ]] && echo "- load, start-up store, batches of 10 000: $(v start_load)"
	[[ -n ${R[pg_preload_s]:-} ]] && echo "- Pushgateway preload, $BIG_SERIES series ($((BIG_SERIES / 1000)) PUTs of 1 000): $(v pg_preload_s) s"
	[[ -n ${R[pe_etcd_mib]:-} ]] && echo "- push-etcd: etcd database after the rounds $(v pe_etcd_mib) MiB"
	[[ -n ${R[be_etcd_mib]:-} ]] && echo "- bulk-etcd: etcd database after $(spaced $((BULK_SERIES * 1000))) points $(dec "$(med be_etcd_mib)") MiB (median of rounds)"
	[[ -n ${R[raw_med]:-} ]] && echo "- replicas-etcd: medians of the rounds' median and p99, max of their max; the first read after the answer showed the point $(med raw_first) times of $RAW_POINTS (median of rounds; /metrics: $(med rawm_first) of $RAW_METRICS_POINTS, bbolt $(med rawb_first)); a read took $(med raw_read) ms (/metrics: $(med rawm_read) ms)"
	[[ -n ${R[stale_load]:-} ]] && echo "- load, $BIG_SERIES stale series × 60 points: $(v stale_load)"
	[[ -n ${R[mem_rss]:-} ]] && echo "- memory scenario: VmRSS at ready, before any scrape, $(int "$(med mem_ready)") MiB (stale: $(int "$(med stale_ready)") MiB); one scrape of $BIG_SERIES series took $(ms "$(med mem_scrape_s)") for $(v mem_scrape_bytes) bytes (stale: $(ms "$(med stale_scrape_s)"), $(v stale_scrape_bytes) bytes)"
	return 0
}

main() {
	local all=(push bulk scrape memory startup push-etcd bulk-etcd replicas-etcd) s want=()
	(($# > 0)) || set -- "${all[@]}"
	for s in "$@"; do
		[[ $s == etcd ]] && { want+=(push-etcd bulk-etcd replicas-etcd); continue; }
		[[ " ${all[*]} " == *" $s "* ]] || die "unknown scenario $s (want: ${all[*]} etcd)"
		want+=("$s")
	done
	set -- "${want[@]}"
	need wrk wrk
	[[ " $* " != *" "@(push|scrape|memory)" "* ]] || need prometheus-pushgateway prometheus-pushgateway
	need /usr/bin/time time
	need go golang
	LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
	build
	if ! has_etcd; then
		want=()
		for s in "$@"; do
			[[ $s == *-etcd ]] && log "skipping $s: commit ${R[commit]} has no etcd backend" || want+=("$s")
		done
		set -- "${want[@]}"
	fi
	local t0=$SECONDS
	for s in "$@"; do
		log "=== $s"
		"scenario_${s//-/_}"
		log "=== $s done, $((SECONDS - t0)) s since the start"
	done
	table
}

main "$@"
