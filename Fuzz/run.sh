#!/usr/bin/env bash
# Builds and runs the libFuzzer targets for the ECGSignal parsers.
#
#   Fuzz/run.sh [header|signal|annotation|record|all] [seconds per target]
#
# Each target is compiled with the ECGSignal sources directly in
# (swiftc -sanitize=fuzzer,address), seeded from corpora that
# Fuzz/make_corpus.py generates in Fuzz/corpus/ (git-ignored). Crashing
# inputs land in Fuzz/artifacts/; keep each as a regression test in
# Tests/ECGSignalTests/Fuzz/ once fixed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${1:-all}"
seconds="${2:-60}"
# Build from a snapshot so that editing the sources meanwhile is harmless.
snapshot="$(mktemp -d)"
trap 'rm -rf "$snapshot"' EXIT
cp -R "$here/../Sources/ECGSignal" "$snapshot/"
sources=$(find "$snapshot/ECGSignal" -name '*.swift' | sort)

build() {
    local name="$1" file="$2"
    mkdir -p "$here/.bin"
    echo "fuzz: building $name"
    # shellcheck disable=SC2086
    nice swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name ECGSignalFuzz \
        $sources "$here/Targets/$file" -o "$here/.bin/$name"
}

run() {
    local name="$1" file="$2"
    build "$name" "$file"
    [ -d "$here/corpus/$name" ] || python3 "$here/make_corpus.py"
    mkdir -p "$here/artifacts"
    echo "fuzz: running $name for ${seconds}s"
    # Leave crash reports to libFuzzer and ASan, not the Swift backtracer.
    export SWIFT_BACKTRACE=enable=no
    nice "$here/.bin/$name" -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 \
        -artifact_prefix="$here/artifacts/$name-" "$here/corpus/$name"
}

case "$target" in
    header) run header HeaderFuzzTarget.swift ;;
    signal) run signal SignalFuzzTarget.swift ;;
    annotation) run annotation AnnotationFuzzTarget.swift ;;
    record) run record RecordFuzzTarget.swift ;;
    all)
        run header HeaderFuzzTarget.swift
        run signal SignalFuzzTarget.swift
        run annotation AnnotationFuzzTarget.swift
        run record RecordFuzzTarget.swift
        ;;
    *) echo "usage: $0 [header|signal|annotation|record|all] [seconds]" >&2; exit 2 ;;
esac
