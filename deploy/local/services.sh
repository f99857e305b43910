#!/usr/bin/env bash
# Local PostgreSQL and RabbitMQ for development and tests (Debian 12, with or without systemd).
# Everything listens on 127.0.0.1 only.
#
# Usage: deploy/local/services.sh <verb> [options]
#   install [PACKAGE...]   apt-get install postgresql, rabbitmq-server (and any extra PACKAGEs) if missing
#   start                  start both services, create the role/database/vhosts/user (idempotent)
#   stop [--only-started]  stop both services; with --only-started only those the last `start` started
#   status                 print whether each service is up; exit 0 only if both are
#   env [--app|--all]      print `export` lines: test settings (default), the app's settings (--app), or both
#   reset-test-vhost       delete and recreate the RabbitMQ vhost used by the tests
#
# Typical use:
#   deploy/local/services.sh start
#   eval "$(deploy/local/services.sh env)"         # MARKETPLACE_TEST_POSTGRES, MARKETPLACE_TEST_RABBITMQ
#   eval "$(deploy/local/services.sh env --app)"   # Database__*, Messaging__* for `dotnet run`
#
# The generated password lives in deploy/local/.state/credentials.env (git-ignored, mode 600).
# PG_VERSION (default 15) selects the PostgreSQL cluster version.
set -euo pipefail

if [[ ${EUID} -ne 0 ]]; then
    exec sudo -- bash "$0" "$@"
fi

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
readonly STATE_DIR="${SCRIPT_DIR}/.state"
readonly CREDENTIALS_FILE="${STATE_DIR}/credentials.env"
readonly STARTED_FILE="${STATE_DIR}/started-by-script"

readonly PG_VERSION="${PG_VERSION:-15}"
readonly PG_CLUSTER=main
readonly PG_HOST=127.0.0.1
readonly PG_PORT=5432
readonly RABBIT_HOST=127.0.0.1
readonly RABBIT_PORT=5672

readonly APP_USER=marketplace
readonly APP_DB=marketplace
readonly APP_VHOST=marketplace
readonly TEST_VHOST=marketplace-test

readonly START_TIMEOUT_SECONDS=90

# Every RabbitMQ CLI call (even a status ping) starts epmd if it is not running, and epmd binds
# all interfaces unless told otherwise.
export ERL_EPMD_ADDRESS="${RABBIT_HOST}"

# Pipelines below avoid `grep -q` and `head`: with pipefail, a reader that exits early can make
# the writer die of SIGPIPE and the whole test fail.
log() { printf '[services] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------- install

package_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep 'ok installed' >/dev/null
}

cmd_install() {
    local missing=() pkg
    for pkg in postgresql rabbitmq-server "$@"; do
        package_installed "${pkg}" || missing+=("${pkg}")
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        log "packages already installed"
        return 0
    fi

    # Without a policy-rc.d, the maintainer scripts would start the services right away with
    # their default settings (RabbitMQ on all interfaces). Block that during the install; `start`
    # brings them up on loopback. An existing policy-rc.d is left as it is.
    local policy=/usr/sbin/policy-rc.d added_policy=0
    if [[ ! -e ${policy} ]]; then
        printf '#!/bin/sh\nexit 101\n' >"${policy}"
        chmod 755 "${policy}"
        added_policy=1
    fi

    log "installing: ${missing[*]}"
    local rc=0
    {
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q &&
            apt-get install -y -q "${missing[@]}"
    } || rc=$?

    if [[ ${added_policy} -eq 1 ]]; then
        rm -f "${policy}"
    fi
    [[ ${rc} -eq 0 ]] || die "apt-get install failed (exit ${rc})"
}

# ---------------------------------------------------------------- credentials

load_or_create_password() {
    if [[ -f ${CREDENTIALS_FILE} ]]; then
        PASSWORD="$(sed -n 's/^MARKETPLACE_PASSWORD=//p;T;q' "${CREDENTIALS_FILE}")"
        # The password is written unquoted into connection strings and URIs below.
        [[ ${PASSWORD} =~ ^[A-Za-z0-9]{16,}$ ]] ||
            die "${CREDENTIALS_FILE} has no usable MARKETPLACE_PASSWORD (alphanumeric, 16+ chars); delete it to regenerate"
        return 0
    fi

    install -d -m 700 "${STATE_DIR}"
    PASSWORD=""
    while [[ ${#PASSWORD} -lt 24 ]]; do
        # Read a fixed amount first: `tr < /dev/urandom | head` would die of SIGPIPE under pipefail.
        PASSWORD+="$(head -c 512 /dev/urandom | tr -dc 'A-Za-z0-9')"
    done
    PASSWORD="${PASSWORD:0:24}"
    (
        umask 077
        printf 'MARKETPLACE_PASSWORD=%s\n' "${PASSWORD}" >"${CREDENTIALS_FILE}"
    )
    log "generated a new password in ${CREDENTIALS_FILE}"
}

require_password() {
    [[ -f ${CREDENTIALS_FILE} ]] || die "no credentials yet: run '$0 start' first"
    load_or_create_password
}

# ---------------------------------------------------------------- started-by-script bookkeeping

record_started() {
    install -d -m 700 "${STATE_DIR}"
    printf '%s\n' "$1" >>"${STARTED_FILE}"
}

was_started_by_script() {
    [[ -f ${STARTED_FILE} ]] && grep -qx "$1" "${STARTED_FILE}"
}

forget_started() {
    [[ -f ${STARTED_FILE} ]] || return 0
    local rest
    rest="$(grep -vx "$1" "${STARTED_FILE}" || true)"
    if [[ -n ${rest} ]]; then
        printf '%s\n' "${rest}" >"${STARTED_FILE}"
    else
        : >"${STARTED_FILE}"
    fi
}

# ---------------------------------------------------------------- PostgreSQL

as_postgres() {
    # cd / so psql does not warn about a working directory the postgres user cannot read.
    (cd / && runuser -u postgres -- "$@")
}

postgres_up() {
    command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "${PG_HOST}" -p "${PG_PORT}"
}

postgres_cluster_exists() {
    pg_lsclusters -h 2>/dev/null | awk -v v="${PG_VERSION}" -v c="${PG_CLUSTER}" '$1 == v && $2 == c { found = 1 } END { exit !found }'
}

postgres_cluster_online() {
    pg_lsclusters -h 2>/dev/null | awk -v v="${PG_VERSION}" -v c="${PG_CLUSTER}" '$1 == v && $2 == c && $4 ~ /^online/ { found = 1 } END { exit !found }'
}

start_postgres() {
    command -v pg_ctlcluster >/dev/null 2>&1 || die "PostgreSQL is not installed: run '$0 install'"

    if postgres_up; then
        log "postgresql: already running on ${PG_HOST}:${PG_PORT}"
        if postgres_cluster_exists && write_postgres_malloc_environment; then
            log "postgresql: malloc thresholds written to its environment file; they apply from its next restart"
        fi
        return 0
    fi

    if ! postgres_cluster_exists; then
        log "postgresql: creating cluster ${PG_VERSION}/${PG_CLUSTER}"
        pg_createcluster "${PG_VERSION}" "${PG_CLUSTER}" --port="${PG_PORT}" >/dev/null
    fi

    local conf_dir="/etc/postgresql/${PG_VERSION}/${PG_CLUSTER}/conf.d"
    local loopback_conf="${conf_dir}/marketplace-loopback.conf"
    # The fault tests run two web hosts and two order services, each with its own pool, beside the test process.
    local wanted="listen_addresses = '${PG_HOST}'"$'\n'"max_connections = 200"
    if [[ ! -f ${loopback_conf} ]] || [[ "$(cat "${loopback_conf}")" != "${wanted}" ]]; then
        install -d "${conf_dir}"
        printf '%s\n' "${wanted}" >"${loopback_conf}"
    fi

    write_postgres_malloc_environment || true

    if postgres_cluster_online; then
        log "postgresql: cluster is online but not answering on ${PG_HOST}:${PG_PORT} yet; waiting"
    else
        log "postgresql: starting cluster ${PG_VERSION}/${PG_CLUSTER}"
        pg_ctlcluster "${PG_VERSION}" "${PG_CLUSTER}" start
        record_started postgres
    fi

    local waited=0
    until postgres_up; do
        ((waited < START_TIMEOUT_SECONDS)) ||
            die "postgresql did not become ready in ${START_TIMEOUT_SECONDS}s; see /var/log/postgresql/postgresql-${PG_VERSION}-${PG_CLUSTER}.log"
        sleep 1
        waited=$((waited + 1))
    done
    log "postgresql: ready on ${PG_HOST}:${PG_PORT}"
}

# glibc's malloc gives memory back to the system when more than its trim threshold is free at the top of the heap, and
# that threshold starts at 128 KiB. Planning the catalog page allocates more than that and frees it, so a backend that
# has only ever run small queries trims and faults its pages in again on every page: 6.8 ms a page instead of 1.9 in
# one session, and pgbench's page rate on 2 clients went from 358/s to 945/s with fixed thresholds. After a backend once
# frees a larger block glibc raises the thresholds itself, so which backends paid it depended on what they had run.
# These values are what glibc would have raised them to after one 4 MiB work_mem sort.
write_postgres_malloc_environment() {
    local environment="/etc/postgresql/${PG_VERSION}/${PG_CLUSTER}/environment"
    local line written=1
    for line in "MALLOC_MMAP_THRESHOLD_ = 4194304" "MALLOC_TRIM_THRESHOLD_ = 8388608"; do
        if ! grep -qxF "${line}" "${environment}" 2>/dev/null; then
            printf '%s\n' "${line}" >>"${environment}"
            written=0
        fi
    done
    return "${written}"
}

provision_postgres() {
    as_postgres psql -X -q -v ON_ERROR_STOP=1 -d postgres \
        -v user="${APP_USER}" -v db="${APP_DB}" -v pw="${PASSWORD}" <<'SQL'
SELECT format('CREATE ROLE %I', :'user')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
ALTER ROLE :"user" WITH LOGIN CREATEDB PASSWORD :'pw';
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
ALTER DATABASE :"db" OWNER TO :"user";
SQL
    log "postgresql: role '${APP_USER}' and database '${APP_DB}' ready"
}

stop_postgres() {
    command -v pg_ctlcluster >/dev/null 2>&1 || return 0
    if postgres_cluster_online; then
        log "postgresql: stopping cluster ${PG_VERSION}/${PG_CLUSTER}"
        pg_ctlcluster "${PG_VERSION}" "${PG_CLUSTER}" stop
    else
        log "postgresql: not running"
    fi
    forget_started postgres
}

# ---------------------------------------------------------------- RabbitMQ

rabbit_up() {
    # Ask epmd first: it is quick, and unlike the RabbitMQ CLI it never starts an epmd of its own.
    command -v epmd >/dev/null 2>&1 && epmd -names 2>/dev/null | grep '^name rabbit ' >/dev/null &&
        rabbitmq-diagnostics -q ping >/dev/null 2>&1
}

start_rabbitmq() {
    command -v rabbitmq-server >/dev/null 2>&1 || die "RabbitMQ is not installed: run '$0 install'"

    if rabbit_up; then
        log "rabbitmq: already running"
        return 0
    fi

    # An idle epmd may have been started earlier without ERL_EPMD_ADDRESS (listening on all
    # interfaces); with no node registered it is safe to replace.
    if command -v epmd >/dev/null 2>&1 && epmd -names >/dev/null 2>&1 &&
        ! epmd -names 2>/dev/null | grep '^name ' >/dev/null; then
        epmd -kill >/dev/null 2>&1 || true
    fi

    log "rabbitmq: starting on ${RABBIT_HOST}:${RABBIT_PORT}"
    (
        # AMQP listener, epmd and the inter-node distribution port (25672) all on loopback.
        export RABBITMQ_NODE_IP_ADDRESS="${RABBIT_HOST}"
        export RABBITMQ_NODE_PORT="${RABBIT_PORT}"
        export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
        rabbitmq-server -detached
    )
    record_started rabbitmq

    # await_startup fails at once (exit 69) until the node has registered with epmd, hence the loop.
    local deadline=$((SECONDS + START_TIMEOUT_SECONDS))
    until rabbitmqctl -q await_startup --timeout 60 >/dev/null 2>&1; do
        ((SECONDS < deadline)) ||
            die "rabbitmq did not start in ${START_TIMEOUT_SECONDS}s; see /var/log/rabbitmq/"
        sleep 1
    done
    log "rabbitmq: ready"
}

rabbit_list() {
    rabbitmqctl -q "$@" --no-table-headers
}

rabbit_vhost_exists() {
    rabbit_list list_vhosts name | grep -x -- "$1" >/dev/null
}

rabbit_grant() {
    rabbitmqctl -q set_permissions -p "$1" "${APP_USER}" '.*' '.*' '.*' >/dev/null
}

# Every test and benchmark run binds its own queues to the same message-type exchanges, and nothing consumes them once
# its processes are gone: every later publish would be copied into them and written to disk. The broker drops a test
# queue that has had no consumer for two minutes (longer than any test keeps its consumers away).
rabbit_expire_test_queues() {
    rabbitmqctl -q set_policy -p "${TEST_VHOST}" --apply-to queues abandoned-test-queues '.*' '{"expires":120000}' >/dev/null
}

provision_rabbitmq() {
    if rabbit_list list_users | awk '{ print $1 }' | grep -x "${APP_USER}" >/dev/null; then
        rabbitmqctl -q change_password "${APP_USER}" "${PASSWORD}" >/dev/null
    else
        rabbitmqctl -q add_user "${APP_USER}" "${PASSWORD}" >/dev/null
    fi
    local vhost
    for vhost in "${APP_VHOST}" "${TEST_VHOST}"; do
        rabbit_vhost_exists "${vhost}" || rabbitmqctl -q add_vhost "${vhost}" >/dev/null
        rabbit_grant "${vhost}"
    done
    rabbit_expire_test_queues
    log "rabbitmq: user '${APP_USER}' and vhosts '${APP_VHOST}', '${TEST_VHOST}' ready"
}

stop_rabbitmq() {
    command -v rabbitmqctl >/dev/null 2>&1 || return 0
    if rabbit_up; then
        log "rabbitmq: stopping"
        rabbitmqctl -q stop
    else
        log "rabbitmq: not running"
    fi
    # `rabbitmqctl stop` can return before the node has left epmd, and leaves epmd itself running.
    if command -v epmd >/dev/null 2>&1 && epmd -names >/dev/null 2>&1; then
        local waited=0
        while epmd -names 2>/dev/null | grep '^name rabbit ' >/dev/null && ((waited < 30)); do
            sleep 1
            waited=$((waited + 1))
        done
        epmd -kill >/dev/null 2>&1 || log "rabbitmq: could not stop epmd"
    fi
    forget_started rabbitmq
}

cmd_reset_test_vhost() {
    rabbit_up || die "rabbitmq is not running: run '$0 start'"
    if rabbit_vhost_exists "${TEST_VHOST}"; then
        rabbitmqctl -q delete_vhost "${TEST_VHOST}" >/dev/null
    fi
    rabbitmqctl -q add_vhost "${TEST_VHOST}" >/dev/null
    rabbit_grant "${TEST_VHOST}"
    rabbit_expire_test_queues
    log "rabbitmq: vhost '${TEST_VHOST}' recreated"
}

# ---------------------------------------------------------------- verbs

cmd_start() {
    # Only what this invocation starts is recorded, so `stop --only-started` never stops
    # services that were already running (started by someone else or by an earlier call).
    install -d -m 700 "${STATE_DIR}"
    : >"${STARTED_FILE}"

    load_or_create_password
    start_postgres
    provision_postgres
    start_rabbitmq
    provision_rabbitmq
}

cmd_stop() {
    local only_started=0
    case "${1:-}" in
        "") ;;
        --only-started) only_started=1 ;;
        *) die "unknown option for stop: $1" ;;
    esac

    if [[ ${only_started} -eq 0 ]] || was_started_by_script rabbitmq; then
        stop_rabbitmq
    else
        log "rabbitmq: not started by this script; left alone"
    fi
    if [[ ${only_started} -eq 0 ]] || was_started_by_script postgres; then
        stop_postgres
    else
        log "postgresql: not started by this script; left alone"
    fi
}

status_note() {
    if was_started_by_script "$1"; then printf ' (started by this script)'; fi
}

cmd_status() {
    local all_up=0

    if postgres_up; then
        printf 'postgresql: up   %s:%s%s\n' "${PG_HOST}" "${PG_PORT}" "$(status_note postgres)"
    else
        printf 'postgresql: down\n'
        all_up=1
    fi
    if rabbit_up; then
        printf 'rabbitmq:   up   %s:%s%s\n' "${RABBIT_HOST}" "${RABBIT_PORT}" "$(status_note rabbitmq)"
    else
        printf 'rabbitmq:   down\n'
        all_up=1
    fi
    return "${all_up}"
}

cmd_env() {
    local which=test
    case "${1:-}" in
        "") ;;
        --app) which=app ;;
        --all) which=all ;;
        *) die "unknown option for env: $1" ;;
    esac
    require_password

    # Loopback only, so no TLS: Debian's cluster offers it (a snakeoil certificate) and Npgsql would take it, which
    # costs about a third more client CPU per round trip and protects nothing on 127.0.0.1. A database on another host
    # wants "SSL Mode=VerifyFull" instead.
    local pg="Host=${PG_HOST};Port=${PG_PORT};Username=${APP_USER};Password=${PASSWORD};Database=${APP_DB};SSL Mode=Disable"
    if [[ ${which} != app ]]; then
        printf 'export MARKETPLACE_TEST_POSTGRES="%s"\n' "${pg}"
        printf 'export MARKETPLACE_TEST_RABBITMQ="amqp://%s:%s@%s:%s/%s"\n' \
            "${APP_USER}" "${PASSWORD}" "${RABBIT_HOST}" "${RABBIT_PORT}" "${TEST_VHOST}"
    fi
    if [[ ${which} != test ]]; then
        printf 'export Database__Provider="PostgreSql"\n'
        printf 'export Database__ConnectionString="%s"\n' "${pg}"
        printf 'export Messaging__Transport="RabbitMq"\n'
        printf 'export Messaging__RabbitMq__Host="%s"\n' "${RABBIT_HOST}"
        printf 'export Messaging__RabbitMq__Port="%s"\n' "${RABBIT_PORT}"
        printf 'export Messaging__RabbitMq__VirtualHost="%s"\n' "${APP_VHOST}"
        printf 'export Messaging__RabbitMq__Username="%s"\n' "${APP_USER}"
        printf 'export Messaging__RabbitMq__Password="%s"\n' "${PASSWORD}"
    fi
}

usage() {
    sed -n '2,/^set -euo pipefail/{/^#/s/^# \{0,1\}//p}' "$0" >&2
    exit 2
}

main() {
    local verb="${1:-}"
    [[ $# -gt 0 ]] && shift
    case "${verb}" in
        install) cmd_install "$@" ;;
        start) cmd_start ;;
        stop) cmd_stop "$@" ;;
        status) cmd_status ;;
        env) cmd_env "$@" ;;
        reset-test-vhost) cmd_reset_test_vhost ;;
        *) usage ;;
    esac
}

main "$@"
