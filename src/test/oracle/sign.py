#!/usr/bin/env python3
"""A second independent implementation of the HMAC provider schemes, standard library only.

Same stdin/stdout contract as sign.mjs for the modes "sign" and "verify":
  sign    {"provider", "secret", "body_b64", "id"?, "timestamp"?}      -> {"headers": {...}}
  verify  {"mode": "verify", "provider", "secret", "body_b64", "headers", "now"?}
                                                                      -> {"valid": bool, "error": str|None}
A JSON array of requests gives an array of answers. Bad requests answer {"error": ...} and exit 2.
Written from shared/DESIGN.md without looking at sign.mjs' helpers, so the two check each other.
Not covered here: Ed25519 (v1a) and AES-GCM, which the standard library does not have.
"""

import base64
import hashlib
import hmac
import json
import secrets
import sys
import time

FIVE_MINUTES = 300


class InputError(Exception):
    pass


class Invalid(Exception):
    pass


def mac(digest, key, data):
    return hmac.new(key, data, digest).digest()


def ascii_bytes(text):
    """What .NET's Encoding.ASCII.GetBytes does: every UTF-16 unit outside ASCII becomes '?' (two for an emoji)."""
    return "".join(ch if ord(ch) < 0x80 else "?" * (2 if ord(ch) > 0xFFFF else 1) for ch in text).encode("ascii")


def whsec_key(secret):
    if secret.startswith("whsk_") or secret.startswith("whpk_"):
        raise InputError("Ed25519 (v1a) keys are not covered by sign.py; use sign.mjs")
    raw = secret[len("whsec_"):] if secret.startswith("whsec_") else secret
    return base64.b64decode(raw)


def plain_value(provider, secret, body):
    """The signature header (name, value) of the providers that sign the body alone, or None."""
    key = secret.encode("utf-8")
    if provider == "paismo":
        return "X-Paismo-Signature", mac(hashlib.sha256, key, body).hex()
    if provider == "teal":
        return "X-Teal-Signature", mac(hashlib.sha512, key, body).hex()
    if provider == "keypay":
        return "ms-signature", "sha256=" + mac(hashlib.sha256, key, body).hex().upper()
    if provider == "paycor":
        text = body.decode("utf-8", errors="replace")
        return "ms-signature", mac(hashlib.sha256, ascii_bytes(secret), ascii_bytes(text)).hex().upper()
    if provider == "shopify":
        return "X-Shopify-Hmac-Sha256", base64.b64encode(mac(hashlib.sha256, key, body)).decode("ascii")
    if provider == "github":
        return "X-Hub-Signature-256", "sha256=" + mac(hashlib.sha256, key, body).hex()
    return None


V0 = {
    "slack": ("X-Slack-Signature", "X-Slack-Request-Timestamp", FIVE_MINUTES),
    "zoom": ("x-zm-signature", "x-zm-request-timestamp", None),
}
WEBHOOK_HEADERS = {
    "standard-webhooks": ("webhook-id", "webhook-timestamp", "webhook-signature"),
    "svix": ("svix-id", "svix-timestamp", "svix-signature"),
}
PROVIDERS = ["paismo", "teal", "keypay", "paycor", "shopify", "github", "slack", "zoom", "stripe",
             "standard-webhooks", "svix"]


def v0(secret, ts, body):
    return "v0=" + mac(hashlib.sha256, secret.encode("utf-8"), f"v0:{ts}:".encode("utf-8") + body).hex()


def webhook_sig(secret, msg_id, ts, body):
    signed = f"{msg_id}.{ts}.".encode("utf-8") + body
    return base64.b64encode(mac(hashlib.sha256, whsec_key(secret), signed)).decode("ascii")


def stripe_sig(secret, ts, body):
    return mac(hashlib.sha256, secret.encode("utf-8"), f"{ts}.".encode("utf-8") + body).hex()


def now_of(req):
    return int(req["now"]) if req.get("now") is not None else int(time.time())


def body_of(req):
    if not isinstance(req.get("body_b64"), str):
        raise InputError("body_b64 is required")
    return base64.b64decode(req["body_b64"])


def secret_of(req):
    secret = req.get("secret")
    if not isinstance(secret, str) or not secret:
        raise InputError("secret is required")
    return secret


def sign(req):
    provider, secret, body = req.get("provider"), secret_of(req), body_of(req)
    plain = plain_value(provider, secret, body)
    if plain:
        return {"headers": {plain[0]: plain[1]}}
    ts = str(req["timestamp"]) if req.get("timestamp") is not None else str(now_of(req))
    if provider in V0:
        sig_header, ts_header, _ = V0[provider]
        return {"headers": {ts_header: ts, sig_header: v0(secret, ts, body)}}
    if provider == "stripe":
        return {"headers": {"Stripe-Signature": f"t={ts},v1={stripe_sig(secret, ts, body)}"}}
    if provider in WEBHOOK_HEADERS:
        id_h, ts_h, sig_h = WEBHOOK_HEADERS[provider]
        msg_id = req.get("id") or "msg_" + secrets.token_urlsafe(16)
        return {"headers": {id_h: msg_id, ts_h: ts, sig_h: "v1," + webhook_sig(secret, msg_id, ts, body)}}
    raise InputError(f"unknown provider '{provider}' (known: {', '.join(PROVIDERS)})")


def values(headers, name):
    found = []
    for key, value in (headers or {}).items():
        if key.lower() == name.lower():
            found.extend(value if isinstance(value, list) else [value])
    return [str(v) for v in found if v is not None]


def one(headers, name):
    found = values(headers, name)
    if not found:
        raise Invalid(f"missing {name} header")
    if len(found) > 1:
        raise Invalid(f"{name} header is repeated")
    return found[0]


def timestamp_within(ts, now, tolerance, reject_new=True):
    try:
        t = int(ts.strip())
    except ValueError:
        raise Invalid(f"timestamp '{ts}' is not a number")
    if now - t > tolerance:
        raise Invalid("timestamp too old")
    if reject_new and t - now > tolerance:
        raise Invalid("timestamp too new")


def same(a, b):
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def check(req):
    provider, secret, body, headers = req.get("provider"), secret_of(req), body_of(req), req.get("headers")
    now = now_of(req)
    plain = plain_value(provider, secret, body)
    if plain:
        name, expected = plain
        given = one(headers, name)
        if provider == "keypay":
            # ASP.NET WebHooks receiver: "sha256=" then hex of either case, compared as bytes.
            scheme, _, hex_part = given.partition("=")
            if scheme.strip().lower() != "sha256" or not _:
                raise Invalid("ms-signature must be 'sha256=<hex>'")
            try:
                got = bytes.fromhex(hex_part.strip())
            except ValueError:
                raise Invalid("ms-signature is not valid hex")
            if not hmac.compare_digest(got, bytes.fromhex(expected[len("sha256="):])):
                raise Invalid("signature mismatch")
            return
        if provider == "paycor":
            given = given.upper()
        if not same(given, expected):
            raise Invalid("signature mismatch")
        return
    if provider in V0:
        sig_header, ts_header, tolerance = V0[provider]
        ts = one(headers, ts_header)
        if tolerance is not None:
            timestamp_within(ts, now, tolerance)
        if not same(one(headers, sig_header), v0(secret, ts, body)):
            raise Invalid("signature mismatch")
        return
    if provider == "stripe":
        ts, candidates = None, []
        for item in one(headers, "Stripe-Signature").split(","):
            key, _, value = item.partition("=")
            if key == "t":
                ts = value
            elif key == "v1":
                candidates.append(value)
        if ts is None or not candidates:
            raise Invalid("Stripe-Signature needs t= and v1=")
        expected = stripe_sig(secret, ts, body)
        if not any(same(c, expected) for c in candidates):
            raise Invalid("signature mismatch")
        timestamp_within(ts, now, FIVE_MINUTES, reject_new=False)  # Stripe rejects only too-old events
        return
    if provider in WEBHOOK_HEADERS:
        id_h, ts_h, sig_h = WEBHOOK_HEADERS[provider]
        msg_id, ts, listed = one(headers, id_h), one(headers, ts_h), one(headers, sig_h)
        timestamp_within(ts, now, FIVE_MINUTES)
        expected = webhook_sig(secret, msg_id, ts.strip(), body)
        for entry in listed.split(" "):
            version, _, value = entry.partition(",")
            if version == "v1" and same(value, expected):
                return
        raise Invalid("no matching v1 signature")
    raise InputError(f"unknown provider '{provider}' (known: {', '.join(PROVIDERS)})")


def verify(req):
    try:
        check(req)
        return {"valid": True, "error": None}
    except Invalid as e:
        return {"valid": False, "error": str(e)}


def handle(req):
    mode = req.get("mode", "sign") if isinstance(req, dict) else None
    if mode == "sign":
        return sign(req)
    if mode == "verify":
        return verify(req)
    raise InputError(f"mode '{mode}' is not covered by sign.py (sign and verify are)")


def main():
    try:
        request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
        answer = [handle(r) for r in request] if isinstance(request, list) else handle(request)
    except (InputError, ValueError, KeyError, TypeError) as e:
        print(json.dumps({"error": str(e)}))
        print(f"sign.py: {e}", file=sys.stderr)
        return 2
    print(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
