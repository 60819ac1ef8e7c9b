#!/usr/bin/env python3
"""A short, bounded load test of a running `sure serve` on this machine (docs/serving.md#measured-latencies).

Usage: tools/serve-load.py [--url http://127.0.0.1:5055] [--requests 200] [--clients 8] [--seconds 30] [--turns 10]

Sends at most --requests whole conversations of --turns turns to /v1/predict from --clients threads (stopping after
--seconds), then one live session of --turns turns, turn by turn; prints throughput and p50/p99 latencies. Loopback
addresses only. Standard library only.
"""
import argparse, json, threading, time, urllib.request, ipaddress, socket
from urllib.parse import urlparse

TEXTS = ["How can I help you today?", "My card was charged twice!", "I am so sorry to hear that.",
         "This is the third time this month.", "Let me fix that for you right away.", "Thank you, that is great."]


def post(url, body, key=None):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"})
    if key: req.add_header("X-Api-Key", key)
    started = time.perf_counter()
    with urllib.request.urlopen(req, timeout=30) as r:
        data = json.loads(r.read())
    return (time.perf_counter() - started) * 1000, data


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(len(s) * p))]


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--url", default="http://127.0.0.1:5055")
    a.add_argument("--requests", type=int, default=200)
    a.add_argument("--clients", type=int, default=8)
    a.add_argument("--seconds", type=float, default=30)
    a.add_argument("--turns", type=int, default=10)
    a.add_argument("--api-key")
    o = a.parse_args()
    host = urlparse(o.url).hostname
    if not ipaddress.ip_address(socket.gethostbyname(host)).is_loopback:
        raise SystemExit(f"{o.url}: not a loopback address; this load test only targets this machine.")
    turns = [{"speaker": "agent" if i % 2 == 0 else "customer", "text": TEXTS[i % len(TEXTS)]} for i in range(o.turns)]

    lat, lock, sent = [], threading.Lock(), [0]
    deadline = time.perf_counter() + o.seconds

    def client():
        while time.perf_counter() < deadline:
            with lock:
                if sent[0] >= o.requests: return
                sent[0] += 1
            ms, data = post(o.url + "/v1/predict", {"id": "load", "turns": turns}, o.api_key)
            assert len(data["turns"]) == o.turns
            with lock: lat.append(ms)

    post(o.url + "/v1/predict", {"turns": turns}, o.api_key)  # warm-up
    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(o.clients)]
    for t in threads: t.start()
    for t in threads: t.join()
    took = time.perf_counter() - started
    print(f"/v1/predict, {o.turns} turns, {o.clients} clients: {len(lat)} requests in {took:.1f} s = {len(lat) / took:.1f} requests/s "
          f"({len(lat) * o.turns / took:.0f} turns/s); p50 {pct(lat, .5):.1f} ms, p99 {pct(lat, .99):.1f} ms")

    req = urllib.request.Request(o.url + "/v1/sessions", data=b"", method="POST")
    if o.api_key: req.add_header("X-Api-Key", o.api_key)
    with urllib.request.urlopen(req, timeout=30) as r:
        sid = json.loads(r.read())["id"]
    live = [post(f"{o.url}/v1/sessions/{sid}/utterances", t, o.api_key)[0] for t in turns]
    urllib.request.urlopen(urllib.request.Request(f"{o.url}/v1/sessions/{sid}", method="DELETE"), timeout=30) if not o.api_key else None
    print(f"live session, one client: turn 1 {live[0]:.1f} ms, turn {o.turns} {live[-1]:.1f} ms; p50 {pct(live, .5):.1f} ms, p99 {pct(live, .99):.1f} ms")


if __name__ == "__main__":
    main()
