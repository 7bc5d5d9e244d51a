#!/usr/bin/env python3
"""The payment stream of scripts/bench-load.sh: open-loop agency payments at a fixed rate.

Each payment is what an agency system does for one citizen: `POST /v1/invoices` (with an
Idempotency-Key) and then `POST /v1/invoices/{bill_ref}/mpesa-stk` to the payer's phone. The
M-Pesa simulator answers the prompt and posts Daraja's callback to the public origin, so the
callback goes through the load balancer like Safaricom's would. Payments start on a fixed
schedule whatever the answers take (open loop), and latency is measured from the scheduled start,
so a stall shows up as latency instead of hiding as a slower request rate.

Standard library only. Loopback only: refuses any other host. Prints one JSON object.
"""

import argparse
import http.client
import json
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100.0 * len(values) + 0.5)) - 1))
    return values[k]


class Client:
    """One keep-alive connection per thread; reconnects (once) when the server closed it."""

    def __init__(self, host, port, timeout):
        self.host, self.port, self.timeout = host, port, timeout
        self.local = threading.local()
        self.reconnects = 0
        self.reconnect_lock = threading.Lock()

    def conn(self):
        c = getattr(self.local, "conn", None)
        if c is None:
            c = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.local.conn = c
        return c

    def post(self, path, body, headers):
        data = json.dumps(body).encode()
        hdrs = {"Content-Type": "application/json", "Accept": "application/json"}
        hdrs.update(headers)
        for attempt in (1, 2):
            c = self.conn()
            try:
                c.request("POST", path, body=data, headers=hdrs)
                r = c.getresponse()
                payload = r.read()
                if r.getheader("connection", "").lower() == "close":
                    c.close()
                    self.local.conn = None
                return r.status, payload
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as e:
                # A keep-alive connection the proxy closed while idle: the request never left
                # this machine's socket, so sending it once more on a new connection is what
                # every HTTP client does. Anything else is counted as an error.
                c.close()
                self.local.conn = None
                if attempt == 2:
                    raise e
                with self.reconnect_lock:
                    self.reconnects += 1
            except Exception:
                c.close()
                self.local.conn = None
                raise
        raise RuntimeError("unreachable")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--base", required=True, help="public origin, e.g. http://127.0.0.1:8080")
    ap.add_argument("--key", required=True, help="agency API key")
    ap.add_argument("--rate", type=float, default=30.0, help="payments started per second")
    ap.add_argument("--duration", type=float, default=60.0, help="seconds")
    ap.add_argument("--run", default="load", help="tag for Idempotency-Key and external_ref")
    ap.add_argument("--phone-base", type=int, default=10_000_000, help="first phone's last 8 digits")
    ap.add_argument("--amount", type=int, default=100, help="KSh per bill (before the convenience fee)")
    ap.add_argument("--workers", type=int, default=64)
    ap.add_argument("--timeout", type=float, default=35.0)
    args = ap.parse_args()

    url = urllib.parse.urlsplit(args.base)
    if url.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("bench-load-payments: refusing a non-loopback target %r" % args.base)
    client = Client(url.hostname, url.port or 80, args.timeout)
    auth = {"Authorization": "Bearer " + args.key}

    lock = threading.Lock()
    results = []  # (ok, total_ms, invoice_ms, stk_ms, failure)

    def pay(i, scheduled):
        phone = "2547%08d" % (args.phone_base + i)
        ref = "%s-%d" % (args.run, i)
        failure, invoice_ms, stk_ms = None, None, None
        try:
            t0 = time.monotonic()
            status, body = client.post(
                "/v1/invoices",
                {"amount_kes": args.amount, "description": "Load test permit", "external_ref": ref, "payer_phone": phone},
                dict(auth, **{"Idempotency-Key": ref}),
            )
            invoice_ms = (time.monotonic() - t0) * 1000
            if status != 201:
                failure = "invoice %d" % status
            else:
                bill = json.loads(body)["bill_ref"]
                t1 = time.monotonic()
                status, body = client.post("/v1/invoices/%s/mpesa-stk" % bill, {"phone": phone}, auth)
                stk_ms = (time.monotonic() - t1) * 1000
                if status != 202:
                    failure = "mpesa-stk %d" % status
        except Exception as e:  # noqa: BLE001 - every failure is counted and named
            failure = type(e).__name__
        total_ms = (time.monotonic() - scheduled) * 1000
        with lock:
            results.append((failure is None, total_ms, invoice_ms, stk_ms, failure))

    n = int(args.rate * args.duration)
    start = time.monotonic() + 0.2
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        for i in range(n):
            scheduled = start + i / args.rate
            delay = scheduled - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            pool.submit(pay, i, scheduled)
    elapsed = time.monotonic() - start

    ok = [r for r in results if r[0]]
    failures = {}
    for r in results:
        if r[4]:
            failures[r[4]] = failures.get(r[4], 0) + 1

    def pct(idx, p):
        v = percentile([r[idx] for r in results if r[idx] is not None], p)
        return None if v is None else round(v, 2)

    print(
        json.dumps(
            {
                "payments": n,
                "accepted": len(ok),
                "failed": n - len(ok),
                "failures": failures,
                "elapsed_s": round(elapsed, 2),
                "payments_per_s": round(len(ok) / elapsed, 2) if elapsed > 0 else None,
                "requests": sum(1 + (r[3] is not None) for r in results),
                "client_reconnects": client.reconnects,
                "p50_ms": pct(1, 50),
                "p99_ms": pct(1, 99),
                "max_ms": pct(1, 100),
                "invoice_p50_ms": pct(2, 50),
                "invoice_p99_ms": pct(2, 99),
                "stk_p50_ms": pct(3, 50),
                "stk_p99_ms": pct(3, 99),
            }
        )
    )


if __name__ == "__main__":
    main()
