# Shared by the benchmark scripts: describe prints the machine and the code
# a run measured. The scripts build the tree they sit in, uncommitted edits
# included; a tree exported with git archive names its commit in .snapshot.
describe() {
	local repo=$1
	echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
		echo "commit: $(git -C "$repo" rev-parse --short HEAD)"
		echo "uncommitted changes outside bench/:"
		git -C "$repo" status --porcelain | grep -v ' bench/' | sed 's/^/  /' || true
	elif [ -f "$repo/.snapshot" ]; then
		sed 's/^/snapshot: /' "$repo/.snapshot"
	fi
	echo "cpus: $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	echo "memory: $(free -m | awk '/^Mem:/ { print $2 " MB" }')"
	echo "kernel: $(uname -r)"
	echo "go: $(go version | cut -d' ' -f3-)"
	echo "duckdb-go: $(cd "$repo" && go list -m -f '{{.Version}}' github.com/duckdb/duckdb-go/v2)"
	for t in hyperfine wrk; do command -v "$t" >/dev/null && echo "$t: $($t --version 2>&1 | head -1)" || true; done
	echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}
