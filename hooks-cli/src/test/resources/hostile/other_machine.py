"""A client on another machine attacking `hooks listen`: run inside a network namespace by OtherMachineIT.

Usage: other_machine.py HOST PORT TOKEN SECRET IDLE_SECONDS

Prints one JSON object per line: {"probe": name, ...} for each request of the control plane and the receiving
plane, "READY" once the slow connections are open, then {"slow": kind, ...} for each of them as it ends.
"""
import hashlib
import hmac
import json
import socket
import sys
import threading
import time

HOST, PORT, TOKEN, SECRET, IDLE = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5])
lock = threading.Lock()


def emit(doc):
    with lock:
        print(json.dumps(doc), flush=True)


def connect():
    s = socket.create_connection((HOST, PORT), timeout=IDLE * 4 + 10)
    return s


def answer(s):
    """Reads one answer: (status or None when the connection closed first, first body line)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            return (None, "") if not data else (int(data[9:12]), "")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = s.recv(65536)
        if not chunk:
            break
        rest += chunk
    return int(head[9:12]), rest.decode("utf-8", "replace").split("\n")[0]


def request(method, path, host=None, headers=(), body=b""):
    s = connect()
    try:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {host or HOST + ':' + str(PORT)}", "Connection: close"]
        lines += list(headers)
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        return answer(s)
    finally:
        s.close()


def probe(name, *args, **kwargs):
    started = time.monotonic()
    status, line = request(*args, **kwargs)
    emit({"probe": name, "status": status, "reason": line, "seconds": round(time.monotonic() - started, 3)})


def signed_delivery(name):
    body = json.dumps({"id": "evt_other_machine", "object": "event", "type": "payment_intent.succeeded",
                       "data": {"object": {"id": "pi_1"}}}).encode()
    ts = str(int(time.time()))
    sig = hmac.new(SECRET.encode(), (ts + ".").encode() + body, hashlib.sha256).hexdigest()
    probe(name, "POST", "/webhook", headers=("Content-Type: application/json", f"Stripe-Signature: t={ts},v1={sig}"),
          body=body)


def slow(kind, head, drip):
    """Sends `head`, then `drip` every 0.5 s until the listener answers or closes; reports which and when."""
    started = time.monotonic()
    status, line = None, ""
    try:
        s = connect()
    except OSError as e:
        emit({"slow": kind, "status": None, "reason": "cannot connect: " + str(e), "seconds": 0})
        return
    opened.release()
    try:
        s.sendall(head.encode("latin-1"))
        s.settimeout(0.5)
        while time.monotonic() - started < IDLE * 4 + 5:
            try:
                status, line = answer(s)
                break
            except socket.timeout:
                pass
            try:
                s.sendall(drip.encode("latin-1"))
            except OSError:
                s.settimeout(5)
                try:
                    status, line = answer(s)
                except OSError:
                    pass
                break
    except OSError:
        pass
    finally:
        s.close()
    emit({"slow": kind, "status": status, "reason": line, "seconds": round(time.monotonic() - started, 3)})


target = f"{HOST}:{PORT}"
# The control plane, from another machine: refused whatever the request carries.
probe("inspector page, no token", "GET", "/_hooks/")
probe("inspector page, the token", "GET", "/_hooks/?token=" + TOKEN)
probe("api, the token, loopback Host", "GET", "/_hooks/api/deliveries", host="127.0.0.1:" + str(PORT),
      headers=("Authorization: Bearer " + TOKEN,))
probe("api, the token, foreign Host", "GET", "/_hooks/api/deliveries", host="evil.example",
      headers=("Authorization: Bearer " + TOKEN,))
probe("api, a wrong token", "GET", "/_hooks/api/deliveries?token=wrong" + TOKEN[5:])
probe("event stream, the token", "GET", "/_hooks/api/stream?token=" + TOKEN)
probe("export, the token", "GET", "/_hooks/api/export?token=" + TOKEN)
probe("replay, the token", "POST", "/_hooks/api/deliveries/d_x/replay?token=" + TOKEN,
      headers=("Content-Type: application/json",),
      body=b'{"to": "http://127.0.0.1:22/", "body": "x", "resign": true}')
# The receiving plane faces the world.
signed_delivery("signed delivery")
probe("unknown path", "GET", "/nothing-here")

# 64 slow clients on every kind of path, each holding its connection open as long as the listener lets it.
opened = threading.Semaphore(0)
kinds = [
    ("headers", f"POST /webhook HTTP/1.1\r\nHost: {target}\r\n", "X-Slow: 1\r\n"),
    ("chunked body, webhook path", f"POST /webhook HTTP/1.1\r\nHost: {target}\r\nContent-Type: application/json\r\n"
     "Transfer-Encoding: chunked\r\n\r\n", "1\r\n{\r\n"),
    ("body, unknown path", f"POST /nothing-here HTTP/1.1\r\nHost: {target}\r\nContent-Length: 1000\r\n\r\n", "x"),
    ("body, replay path", f"POST /_hooks/api/deliveries/d_x/replay HTTP/1.1\r\nHost: {target}\r\n"
     "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n", "x"),
]
threads = []
for i in range(64):
    kind, head, drip = kinds[i % len(kinds)]
    t = threading.Thread(target=slow, args=(kind, head, drip), daemon=True)
    t.start()
    threads.append(t)
for _ in range(64):
    opened.acquire(timeout=10)
time.sleep(0.5)
emit("READY")
signed_delivery("signed delivery while 64 slow clients are open")
for t in threads:
    t.join(IDLE * 4 + 10)
signed_delivery("signed delivery afterwards")
