# Start the application first: DATABASE_URL=postgres://localhost:5432/shop node dist/main.js
set -e
BASE=${BASE:-http://localhost:3000}

# 1. Create an order: 201 with the new instance, in state "new".
ORDER=$(curl -s -X POST "$BASE/workflows" \
  -H 'content-type: application/json' \
  -d '{ "workflowName": "order", "context": { "orderId": "A-1", "amount": 250 } }')
echo "$ORDER"
UUID=$(echo "$ORDER" | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).uuid')

# 2. What can happen next? 200 [{ "eventName": "Pay", … }, { "eventName": "Expire", … }]
curl -s "$BASE/workflows/$UUID/events"

# 3. Pay, with an idempotency key so that a retried request is not charged twice:
#    201 { "outcome": "success", "fromState": "new", "toState": "paid", "commandResults": [{ "ok": true, … }], … }
curl -s -X POST "$BASE/workflows/$UUID/events/Pay" \
  -H 'content-type: application/json' \
  -d '{ "idempotencyKey": "pay-A-1" }'

# 4. The same request again returns the stored result, and the command does not run again.
curl -s -X POST "$BASE/workflows/$UUID/events/Pay" \
  -H 'content-type: application/json' \
  -d '{ "idempotencyKey": "pay-A-1" }'

# 5. Ship, then read the instance (200, "currentState": "shipped") and its history (newest first).
curl -s -X POST "$BASE/workflows/$UUID/events/Ship" -H 'content-type: application/json' -d '{}'
curl -s "$BASE/workflows/$UUID"
curl -s "$BASE/workflows/$UUID/history?limit=10"

# 6. An event the current state does not offer: 409 Conflict.
curl -s -X POST "$BASE/workflows/$UUID/events/Pay" -H 'content-type: application/json' -d '{}'

# 7. A declined card (amount over 1000) is a committed transition to the errorState:
#    201 { "outcome": "failure", "toState": "paymentFailed", "commandResults": [{ "ok": false, "code": "DECLINED", … }] }
BIG=$(curl -s -X POST "$BASE/workflows" -H 'content-type: application/json' \
  -d '{ "workflowName": "order", "context": { "orderId": "A-2", "amount": 5000 } }' |
  node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).uuid')
curl -s -X POST "$BASE/workflows/$BIG/events/Pay" -H 'content-type: application/json' -d '{}'

# 8. Timeouts are fired by the built-in poller; to sweep right away: 201 { "processed": 0, … }
curl -s -X POST "$BASE/workflows/timeouts/process?limit=100"
