#!/usr/bin/env bash
# Runs every test suite against real PostgreSQL, RabbitMQ and Chromium, and prints the totals.
#
# Usage: bash tests/run-all.sh [extra `dotnet test` arguments...]
#   e.g. bash tests/run-all.sh --filter "Category!=Slow"
#
# Environment:
#   TEST_PROJECTS="Core Web"  run only these test projects; a name may be given as "Core",
#                             "Core.Tests", "Marketplace.Core" or "Marketplace.Core.Tests".
#                             A name that matches no project counts as a failure.
#   TEST_TIMEOUT=25m          time limit per test project (timeout(1) syntax).
#   TEST_HANG_TIMEOUT=10m     a single test running longer than this aborts its project (--blame-hang-timeout).
#
# What it does: installs what is missing (PostgreSQL, RabbitMQ, Chromium, a CJK font; needs root or
# sudo), starts the local services (deploy/local/services.sh), builds Marketplace.sln once in Release,
# runs each tests/*/*.Tests.csproj with a TRX logger into artifacts/test-results/, stops the services
# it started, prints a per-project table and, as the very last line, "N passed, N failed".
# Exit status is 0 only if nothing failed and at least one test passed.
set -euo pipefail

readonly DEFAULT_ORDER=(
    Marketplace.Core.Tests
    Marketplace.Web.Tests
    Marketplace.Integration.Tests
    Marketplace.Browser.Tests
)

# ---------------------------------------------------------------- TRX parsing

# Prints the value of attribute $2 of the XML start tag $1 (0 if absent).
xml_attr() {
    local value
    # The leading space keeps "passed" from matching "passedButRunAborted".
    value="$(printf '%s\n' "$1" | sed -n "s/.* $2=\"\([0-9]*\)\".*/\1/p")"
    printf '%s' "${value:-0}"
}

# Prints "passed failed skipped" from the <Counters .../> element of a TRX file.
# Errors, timeouts and aborted tests count as failed; tests not executed count as skipped.
trx_counts() {
    local counters
    counters="$(grep -o -m 1 '<Counters [^>]*>' "$1")" || return 1
    [[ -n ${counters} ]] || return 1

    local total executed passed failed
    total="$(xml_attr "${counters}" total)"
    executed="$(xml_attr "${counters}" executed)"
    passed="$(xml_attr "${counters}" passed)"
    failed=$(($(xml_attr "${counters}" failed) + $(xml_attr "${counters}" error) +
        $(xml_attr "${counters}" timeout) + $(xml_attr "${counters}" aborted)))
    printf '%s %s %s\n' "${passed}" "${failed}" "$((total - executed))"
}

# Prints "  Project: test" and the first lines of its message for every failed test in TRX file $1,
# so that the tail of a CI log names what failed without the whole console output.
trx_failures() {
    awk -v project="$2" '
        function unescape(text) {
            gsub(/&lt;/, "<", text); gsub(/&gt;/, ">", text); gsub(/&quot;/, "\"", text)
            gsub(/&apos;/, "'\''", text); gsub(/&amp;/, "\\&", text)
            return text
        }
        /<UnitTestResult / && / outcome="(Failed|Error|Timeout|Aborted)"/ {
            name = $0
            sub(/.* testName="/, "", name)
            sub(/".*/, "", name)
            printf "  %s: %s\n", project, unescape(name)
            want = 1
            shown = 0
            sub(/.*<UnitTestResult [^>]*>/, "")
        }
        want && /<Message>/ { inside = 1; sub(/.*<Message>/, "") }
        want && inside {
            done = sub(/<\/Message>.*/, "")
            if (shown < 4 && $0 !~ /^[[:space:]]*$/) {
                printf "      %s\n", substr(unescape($0), 1, 240)
                shown++
            }
            if (done) { inside = 0; want = 0 }
        }
        want && /<\/UnitTestResult>/ { want = 0; inside = 0 }
    ' "$1"
}

# ---------------------------------------------------------------- project selection

# Prints the test projects to run, one relative path a line: the known ones in their
# order, then any other tests/*/*.Tests.csproj in name order.
discover_projects() {
    local name csproj seen=" "
    for name in "${DEFAULT_ORDER[@]}"; do
        csproj="tests/${name}/${name}.csproj"
        if [[ -f ${csproj} ]]; then
            printf '%s\n' "${csproj}"
            seen+="${name} "
        fi
    done
    for csproj in tests/*/*.Tests.csproj; do
        [[ -f ${csproj} ]] || continue
        name="$(basename "${csproj}" .csproj)"
        [[ ${seen} == *" ${name} "* ]] && continue
        printf '%s\n' "${csproj}"
    done
}

# True if project name $1 (e.g. Marketplace.Core.Tests) is meant by selector $2 (e.g. Core).
project_matches() {
    local name="$1" sel="$2"
    [[ ${name} == "${sel}" || ${name} == "Marketplace.${sel}" || ${name} == "Marketplace.${sel}.Tests" ||
        ${name} == "${sel}.Tests" ]]
}

# ---------------------------------------------------------------- results

PASSED_TOTAL=0
FAILED_TOTAL=0
SUMMARY_ROWS=()
FAILURE_LINES=()

add_row() { # project passed failed skipped seconds note
    SUMMARY_ROWS+=("$(printf '%-34s %7s %7s %8s %7s  %s' "$1" "$2" "$3" "$4" "$5" "$6")")
    PASSED_TOTAL=$((PASSED_TOTAL + $2))
    FAILED_TOTAL=$((FAILED_TOTAL + $3))
}

print_summary() {
    local row
    printf '\n%-34s %7s %7s %8s %7s  %s\n' "project" "passed" "failed" "skipped" "seconds" "note"
    for row in "${SUMMARY_ROWS[@]}"; do
        printf '%s\n' "${row}"
    done
    if [[ ${#FAILURE_LINES[@]} -gt 0 ]]; then
        printf '\nfailed tests:\n'
        printf '%s\n' "${FAILURE_LINES[@]}"
    fi
    printf '\n%s passed, %s failed\n' "${PASSED_TOTAL}" "${FAILED_TOTAL}"
}

# ---------------------------------------------------------------- main

SERVICES_STARTED=0
SUMMARY_PRINTED=0

stop_services() {
    if [[ ${SERVICES_STARTED} -eq 1 ]]; then
        SERVICES_STARTED=0
        echo "==> Stopping the services this run started"
        bash deploy/local/services.sh stop --only-started || echo "warning: stopping the services failed" >&2
    fi
}

on_exit() {
    local rc=$?
    trap - EXIT
    stop_services
    if [[ ${SUMMARY_PRINTED} -eq 0 ]]; then
        echo "error: the test run was aborted (exit ${rc})" >&2
        add_row "(run aborted)" 0 1 0 0 "exit ${rc}"
        print_summary
        [[ ${rc} -ne 0 ]] || rc=1
    fi
    exit "${rc}"
}

main() {
    cd "$(dirname "${BASH_SOURCE[0]}")/.."
    local results_dir=artifacts/test-results
    local test_timeout="${TEST_TIMEOUT:-25m}"
    local hang_timeout="${TEST_HANG_TIMEOUT:-10m}"

    export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
    trap on_exit EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    command -v dotnet >/dev/null 2>&1 || {
        echo "error: the .NET SDK (dotnet) is not on PATH" >&2
        exit 1
    }

    echo "==> Installing missing system packages"
    local extra=()
    command -v chromium >/dev/null 2>&1 || extra+=(chromium)
    dpkg -s fonts-noto-cjk >/dev/null 2>&1 || extra+=(fonts-noto-cjk)
    bash deploy/local/services.sh install "${extra[@]}"

    echo "==> Starting PostgreSQL and RabbitMQ"
    SERVICES_STARTED=1
    bash deploy/local/services.sh start
    local env_lines
    env_lines="$(bash deploy/local/services.sh env)"
    eval "${env_lines}"
    bash deploy/local/services.sh reset-test-vhost

    echo "==> Building Marketplace.sln (Release)"
    if ! dotnet build Marketplace.sln -c Release; then
        echo "error: the build failed" >&2
        add_row "(build)" 0 1 0 0 "build failed"
        stop_services
        print_summary
        SUMMARY_PRINTED=1
        exit 1
    fi

    local projects=() csproj name sel found
    mapfile -t projects < <(discover_projects)
    if [[ -n ${TEST_PROJECTS:-} ]]; then
        local selected=()
        for sel in ${TEST_PROJECTS}; do
            found=0
            for csproj in "${projects[@]}"; do
                if project_matches "$(basename "${csproj}" .csproj)" "${sel}"; then
                    [[ " ${selected[*]} " == *" ${csproj} "* ]] || selected+=("${csproj}")
                    found=1
                fi
            done
            [[ ${found} -eq 1 ]] || add_row "${sel}" 0 1 0 0 "no test project matches"
        done
        projects=("${selected[@]}")
    fi
    [[ ${#projects[@]} -gt 0 ]] || echo "error: no test projects to run" >&2

    mkdir -p "${results_dir}"
    local trx rc started counts passed failed skipped note
    for csproj in "${projects[@]}"; do
        name="$(basename "${csproj}" .csproj)"
        trx="${results_dir}/${name}.trx"
        rm -f "${trx}"
        echo "==> ${name}"
        started=${SECONDS}
        rc=0
        timeout --kill-after=60s "${test_timeout}" \
            dotnet test "${csproj}" -c Release --no-build \
            --logger "trx;LogFileName=${name}.trx" \
            --logger "console;verbosity=normal" \
            --results-directory "${results_dir}" \
            --blame-hang-timeout "${hang_timeout}" --blame-hang-dump-type none \
            "$@" || rc=$?

        note=""
        if counts="$(trx_counts "${trx}" 2>/dev/null)"; then
            read -r passed failed skipped <<<"${counts}"
            if [[ ${failed} -gt 0 ]]; then
                mapfile -t -O "${#FAILURE_LINES[@]}" FAILURE_LINES < <(trx_failures "${trx}" "${name}" | head -n 40)
            fi
            # A crash after the last test can leave a clean-looking TRX behind.
            if [[ ${rc} -ne 0 && ${failed} -eq 0 ]]; then
                failed=1
                note="dotnet test exited ${rc}"
            fi
        else
            passed=0 failed=1 skipped=0
            if [[ ${rc} -eq 124 || ${rc} -eq 137 ]]; then
                note="timed out after ${test_timeout}, no TRX"
            else
                note="no TRX (dotnet test exited ${rc})"
            fi
        fi
        add_row "${name}" "${passed}" "${failed}" "${skipped}" "$((SECONDS - started))" "${note}"
    done

    stop_services
    print_summary
    SUMMARY_PRINTED=1
    if [[ ${FAILED_TOTAL} -eq 0 && ${PASSED_TOTAL} -gt 0 ]]; then
        exit 0
    fi
    exit 1
}

# Sourcing the file (e.g. to try trx_counts) defines the functions without running anything.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    main "$@"
fi
