"""The baselines of bench/signing.sh, on one core: oauthlib signing the same OAuth 1.0a request, PyJWT signing the
same RS256 app JWT. Prints one JSON object.
    python signing_baselines.py SECONDS RSA_PEM_FILE
"""
import json
import sys
import time

import jwt
from oauthlib.oauth1 import Client

seconds = float(sys.argv[1])
with open(sys.argv[2]) as f:
    pem = f.read()


def rate(body):
    for _ in range(50):
        body()
    start = time.perf_counter()
    count = 0
    while True:
        for _ in range(50):
            body()
        count += 50
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return count / elapsed


client = Client("xvz1evFS4wEEPTGEFPHBog", client_secret="kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
                resource_owner_key="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
                resource_owner_secret="LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE")
url = "https://api.example.com/1.1/statuses/home_timeline.json?count=50&include_entities=true&since_id=12345"
oauth1 = rate(lambda: client.sign(url, http_method="GET"))


def app_jwt():
    now = int(time.time())
    jwt.encode({"iss": "123456", "iat": now - 60, "exp": now + 540}, pem, algorithm="RS256")


rs256 = rate(app_jwt)
print(json.dumps({"oauth1_hmac_sha1_per_second": int(oauth1), "rs256_jwt_per_second": int(rs256)}))
