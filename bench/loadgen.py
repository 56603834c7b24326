"""A small HTTP load generator, run in its own process so that it does not share the server's interpreter.

    python -m bench.loadgen --port 8123 --duration 10 --connections 8 --path /xxgk/ [--path ...]

Each of ``--connections`` threads keeps one HTTP/1.1 keep-alive connection (``http.client``) to the server on
loopback and requests the paths in turn, from its own starting point, until ``--duration`` seconds have
passed (after ``--warmup`` seconds that are not counted). It prints one JSON object: requests, errors,
status counts, requests per second and latency percentiles in milliseconds. It never targets anything but a
loopback address, and it always stops by itself.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import sys
import threading
import time

LOOPBACK_NAMES = {"localhost"}


def _check_loopback(host: str) -> None:
    if host in LOOPBACK_NAMES:
        return
    if not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"loadgen: {host} is not a loopback address; refusing to send load there")


class Worker(threading.Thread):
    def __init__(self, host, port, paths, start_at, measure_from, stop_at, timeout):
        super().__init__(daemon=True)
        self.host, self.port, self.paths = host, port, paths
        self.index = start_at
        self.measure_from, self.stop_at, self.timeout = measure_from, stop_at, timeout
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.errors: list[str] = []
        self.bytes = 0
        self.connects = 0

    def _connect(self):
        self.connects += 1
        return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def run(self):
        conn = self._connect()
        clock = time.perf_counter
        n_paths = len(self.paths)
        while True:
            started = clock()
            if started >= self.stop_at:
                break
            path = self.paths[self.index % n_paths]
            self.index += 1
            try:
                conn.request("GET", path, headers={"Accept": "text/html", "Accept-Language": "zh-CN"})
                response = conn.getresponse()
                body = response.read()
                status = response.status
                closing = response.will_close
            except (OSError, http.client.HTTPException) as exc:
                if started >= self.measure_from:
                    self.errors.append(f"{type(exc).__name__}: {exc}"[:200])
                conn.close()
                conn = self._connect()
                continue
            finished = clock()
            if started >= self.measure_from:
                self.latencies.append(finished - started)
                self.statuses[status] = self.statuses.get(status, 0) + 1
                self.bytes += len(body)
                if status != 200:
                    self.errors.append(f"HTTP {status} {path}"[:200])
            if closing:
                conn.close()
                conn = self._connect()
        conn.close()


def _percentile(data: list[float], q: float) -> float | None:
    if not data:
        return None
    rank = (len(data) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (rank - low)


def run(host: str, port: int, paths: list[str], *, duration: float, connections: int, warmup: float = 0.0,
        timeout: float = 30.0) -> dict:
    _check_loopback(host)
    if not paths:
        raise ValueError("no paths to request")
    now = time.perf_counter()
    measure_from = now + warmup
    stop_at = measure_from + duration
    workers = [Worker(host, port, paths, i * max(1, len(paths) // connections), measure_from, stop_at, timeout)
               for i in range(connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(duration + warmup + timeout + 5)
    elapsed = max(time.perf_counter(), stop_at) - measure_from
    latencies = sorted(x for w in workers for x in w.latencies)
    statuses: dict[str, int] = {}
    for w in workers:
        for status, n in w.statuses.items():
            statuses[str(status)] = statuses.get(str(status), 0) + n
    errors = [e for w in workers for e in w.errors]
    ok = statuses.get("200", 0)
    ms = [x * 1000 for x in latencies]
    return {
        "requests": len(latencies), "ok": ok, "errors": len(errors), "error_samples": errors[:5],
        "statuses": statuses, "elapsed": elapsed, "rps": ok / elapsed if elapsed > 0 else 0.0,
        "connections": connections, "paths": len(paths), "bytes": sum(w.bytes for w in workers),
        "reconnects": sum(w.connects for w in workers) - connections,
        "latency_ms": {"p50": _percentile(ms, 50), "p95": _percentile(ms, 95), "p99": _percentile(ms, 99),
                       "max": ms[-1] if ms else None, "n": len(ms)},
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", action="append", dest="paths", required=True)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args(argv)
    if not 0 < args.duration <= 600 or not 1 <= args.connections <= 256:
        parser.error("--duration must be in (0, 600] seconds and --connections in [1, 256]")
    result = run(args.host, args.port, args.paths, duration=args.duration, connections=args.connections,
                 warmup=args.warmup, timeout=args.timeout)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
