"""Stores N connections through Latchkey's HTTP API and writes their ids, one a line."""
import http.client
import json
import sys

host, port, key, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
conn = http.client.HTTPConnection(host, port)
ids = []
for n in range(count):
    body = {
        "integration_type": ["hubspot", "salesforce", "github", "xero"][n % 4],
        "categories": ["crm"], "permissions": ["crm_contact_read"], "external_xref": f"customer-{n}",
        "auth": {
            "access_token": f"at-{n}-" + "x" * 120, "refresh_token": f"rt-{n}-" + "y" * 60, "expires_in": 3600,
            "expiry_date": "2030-01-02T03:04:05Z", "token_url": "http://127.0.0.1:9/oauth/token",
            "client_id": "client", "client_secret": "secret-" + "z" * 40, "meta": {"realmId": str(n), "scopes": ["a", "b"]},
        },
    }
    conn.request("POST", "/unified/connection", json.dumps(body), {"authorization": key, "content-type": "application/json"})
    response = conn.getresponse()
    payload = response.read()
    if response.status != 200:
        sys.exit(f"seeding failed: {response.status} {payload[:200]!r}")
    ids.append(json.loads(payload)["id"])
with open(out, "w") as f:
    f.write("\n".join(ids) + "\n")
