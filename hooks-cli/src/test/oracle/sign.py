#!/usr/bin/env python3
"""A second independent implementation of the provider signature schemes, standard library only.

Same stdin/stdout contract as sign.mjs for the modes "sign" and "verify":
  sign    {"provider", "secret", "body_b64", "id"?, "timestamp"?}      -> {"headers": {...}}
  verify  {"mode": "verify", "provider", "secret", "body_b64", "headers", "now"?}
                                                                      -> {"valid": bool, "error": str|None}
A JSON array of requests gives an array of answers. Bad requests answer {"error": ...} and exit 2.
Written from shared/DESIGN.md without looking at sign.mjs' helpers, so the two check each other.
Ed25519 (standard-webhooks v1a, whsk_/whpk_ keys) is RFC 8032's algorithm written out in integers here, as the
standard library has none. Not covered: AES-GCM.
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


# ---------- Ed25519, RFC 8032 section 5.1, points in extended coordinates (X, Y, Z, T) ----------

P = 2 ** 255 - 19
L = 2 ** 252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)
IDENTITY = (0, 1, 1, 0)


def _recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    return P - x if (x & 1) != sign else x


_BY = 4 * pow(5, P - 2, P) % P
_BX = _recover_x(_BY, 0)
BASE = (_BX, _BY, 1, _BX * _BY % P)


def _add(p, q):
    a = (p[1] - p[0]) * (q[1] - q[0]) % P
    b = (p[1] + p[0]) * (q[1] + q[0]) % P
    c = 2 * p[3] * q[3] * D % P
    d = 2 * p[2] * q[2] % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _times(n, point):
    result = IDENTITY
    while n > 0:
        if n & 1:
            result = _add(result, point)
        point = _add(point, point)
        n >>= 1
    return result


def _same_point(p, q):
    return (p[0] * q[2] - q[0] * p[2]) % P == 0 and (p[1] * q[2] - q[1] * p[2]) % P == 0


def _encode(point):
    z_inv = pow(point[2], P - 2, P)
    x, y = point[0] * z_inv % P, point[1] * z_inv % P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def _decode(data):
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


def _hash_int(*parts):
    return int.from_bytes(hashlib.sha512(b"".join(parts)).digest(), "little")


def _expand(seed):
    digest = hashlib.sha512(seed).digest()
    scalar = int.from_bytes(digest[:32], "little") & ((1 << 254) - 8) | (1 << 254)
    return scalar, digest[32:]


def ed25519_public(seed):
    return _encode(_times(_expand(seed)[0], BASE))


def ed25519_sign(seed, message):
    scalar, prefix = _expand(seed)
    public = _encode(_times(scalar, BASE))
    r = _hash_int(prefix, message) % L
    big_r = _encode(_times(r, BASE))
    s = (r + _hash_int(big_r, public, message) % L * scalar) % L
    return big_r + s.to_bytes(32, "little")


def ed25519_verify(public, message, signature):
    if len(signature) != 64:
        return False
    a, r = _decode(public), _decode(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= L:
        return False
    h = _hash_int(signature[:32], public, message) % L
    return _same_point(_times(s, BASE), _add(r, _times(h, a)))


def ed25519_key(secret, prefix):
    raw = base64.b64decode(secret[len(prefix):])
    if len(raw) != 32:
        raise InputError(f"{prefix} key must be 32 bytes, got {len(raw)}")
    return raw


def asymmetric(secret):
    return secret.startswith("whsk_") or secret.startswith("whpk_")


def public_key_of(secret):
    return ed25519_public(ed25519_key(secret, "whsk_")) if secret.startswith("whsk_") else ed25519_key(secret, "whpk_")


# ---------- HMAC ----------

def whsec_key(secret):
    if asymmetric(secret):
        raise InputError("Ed25519 (v1a) keys sign only standard-webhooks")
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
        if provider == "standard-webhooks" and asymmetric(secret):
            if not secret.startswith("whsk_"):
                raise InputError("signing needs the whsk_ secret key, not the whpk_ public key")
            signed = f"{msg_id}.{ts}.".encode("utf-8") + body
            value = "v1a," + base64.b64encode(ed25519_sign(ed25519_key(secret, "whsk_"), signed)).decode("ascii")
            return {"headers": {id_h: msg_id, ts_h: ts, sig_h: value}}
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
        if provider == "standard-webhooks" and asymmetric(secret):
            public, signed = public_key_of(secret), f"{msg_id}.{ts.strip()}.".encode("utf-8") + body
            for entry in listed.split(" "):
                version, _, value = entry.partition(",")
                if version == "v1a" and value and ed25519_verify(public, signed, base64.b64decode(value)):
                    return
            raise Invalid("no matching v1a signature")
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
