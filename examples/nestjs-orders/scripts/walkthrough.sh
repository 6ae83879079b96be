#!/usr/bin/env bash
# Walks the order workflow over HTTP: the happy path, the failure path and the timeout path.
# Usage: scripts/walkthrough.sh [base-url]   (default http://127.0.0.1:3000). Exits non-zero on the first surprise.
set -euo pipefail
BASE="${1:-http://127.0.0.1:3000}"
BODY="$(mktemp)"
trap 'rm -f "$BODY"' EXIT

# call METHOD PATH EXPECTED_STATUS [JSON_BODY]
call() {
  local method=$1 path=$2 expected=$3 body=${4:-} status
  if [ -n "$body" ]; then
    status=$(curl -sS -o "$BODY" -w '%{http_code}' -X "$method" -H 'content-type: application/json' -d "$body" "$BASE$path")
  else
    status=$(curl -sS -o "$BODY" -w '%{http_code}' -X "$method" "$BASE$path")
  fi
  printf '%-6s %-70s %s\n' "$method" "$path" "$status"
  if [ "$status" != "$expected" ]; then
    echo "expected HTTP $expected, got $status: $(cat "$BODY")" >&2
    exit 1
  fi
}

# field DOTTED.PATH — reads a value from the last response body
field() {
  node -e 'let v = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const key of process.argv[2].split(".")) v = v == null ? v : v[key];
    process.stdout.write(typeof v === "object" ? JSON.stringify(v) : String(v));' "$BODY" "$1"
}

expect() {
  local actual
  actual=$(field "$1")
  if [ "$actual" != "$2" ]; then
    echo "expected $1 = $2, got $actual (body: $(cat "$BODY"))" >&2
    exit 1
  fi
  echo "         $1 = $actual"
}

echo "== happy path"
call POST /workflows 201 '{"workflowName":"order","context":{"orderId":"A-1","customerEmail":"ada@example.com"}}'
ORDER=$(field uuid)
expect currentState new
call POST "/workflows/$ORDER/events/PaymentReceived" 201 '{"triggerMetadata":{"actor":"walkthrough"}}'
expect toState exportable
call GET "/workflows/$ORDER/events" 200
expect 0.eventName Export
call POST "/workflows/$ORDER/events/Export" 201 '{}'
expect outcome success
expect toState in_transit
call POST "/workflows/$ORDER/events/Deliver" 201 '{}'
expect toState delivered
call GET "/workflows/$ORDER" 200
expect context.warehouseTicket WH-A-1

echo "== failure path"
call POST /workflows 201 '{"workflowName":"order","context":{"orderId":"B-1","warehouseDown":true}}'
FAILING=$(field uuid)
call POST "/workflows/$FAILING/events/PaymentReceived" 201 '{}'
call POST "/workflows/$FAILING/events/Export" 201 '{}'
expect outcome failure
expect toState export_failed
expect commandResults.0.code WAREHOUSE_UNAVAILABLE
call POST "/workflows/$FAILING/events/Deliver" 409 '{}'
expect error Conflict
call GET /workflows/not-a-uuid 400
call POST /workflows 400 '{"workflowName":"order","unexpected":true}'
call POST "/workflows/$FAILING/events/RetryExport" 201 '{}'
expect toState exportable

echo "== timeout path"
call POST /workflows/timeouts/process 201
expect processed 0
call POST /demo/clock/advance 201 '{"days":14,"minutes":1}'
call POST /workflows/timeouts/process 201
expect processed 1
call GET "/workflows/$ORDER" 200
expect currentState closed
call GET "/workflows/$ORDER/history?limit=10" 200
expect 0.eventName TimeOut
expect 0.triggerMetadata.source timeout

echo "walkthrough passed"
