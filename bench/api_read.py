"""Read benchmark: an event's sessions with their programme, served by gunicorn.

Seeds an event with 2,000 sessions and 1,000 speakers (2 speakers per session, tracks, rooms and
session types) into a throwaway SQLite database under var/ (or the database named by --database-url
/ BENCH_DATABASE_URL), counts the SQL queries and CPU time of one request in-process, then starts
gunicorn (gunicorn.conf.py, two sync workers, as it ships) on a free local port and measures requests/s
and p50/p99 of

    GET /v1/events/<id>/sessions?include=speakers,track,microlocation,session-type&page[size]=100

twice: with the response cache off (every request renders the page) and on (the anonymous schedule
read of a published event, served from the versioned cache). The load comes from --clients processes,
each on one keep-alive connection (a sync worker closes it after each answer; the client reconnects).
Pass --redis-url to share the cache through Redis.

Usage: .venv/bin/python bench/api_read.py [--requests 400] [--clients 4] [--workers 2] [--in-process-only]
Targets on a 2-core machine: <= 15 ms CPU per uncached page at <= 10 SQL queries, >= 100 req/s
uncached and >= 1,000 req/s cached on gunicorn with 2 workers.
"""

import argparse
import datetime as dt
import gc
import http.client
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INCLUDE = "speakers,track,microlocation,session-type"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--speakers", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=400, help="requests per measurement (cached: 10x)")
    parser.add_argument("--clients", type=int, default=4, help="load generator processes")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="gunicorn threads per worker (default 1: sync workers, gunicorn.conf.py's default; above 1 the gthread "
        "worker, whose threads contend for one interpreter lock: about 2.5 ms more CPU per uncached page here)",
    )
    parser.add_argument("--redis-url", default="", help="share the response cache through this Redis")
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="reuse the SQLite file if it is already seeded")
    parser.add_argument(
        "--in-process-only", action="store_true", help="only the in-process query count and CPU time (no gunicorn)"
    )
    parser.add_argument("--repeat", type=int, default=10, help="in-process requests timed (median)")
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="freeze the objects loaded before the timed requests out of garbage collection, as gunicorn.conf.py "
        "does in the master before forking (without it, full collections walk all of Django's objects)",
    )
    return parser.parse_args()


def configure(args):
    """Environment shared by this process and the gunicorn it starts: production-like settings."""
    if not args.database_url:
        path = ROOT / "var" / "bench_api_read.sqlite3"
        if path.exists() and not args.keep:
            path.unlink()
        args.database_url = f"sqlite:///{path}"
    env = {
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "eventyay.settings",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "",
        "RESPONSE_CACHE_ENABLED": "false",  # in-process figures are of rendering; gunicorn runs say on or off
        "GUNICORN_LOG_LEVEL": "warning",
    }
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return env


def seed(n_sessions, n_speakers):
    """One published event and its programme, written with bulk inserts; returns the event."""
    from django.core.management import call_command
    from django.utils import timezone

    from events.models import Event, Microlocation, Session, SessionType, Speaker, Track
    from eventyay.db import refresh_planner_statistics

    call_command("migrate", verbosity=0, interactive=False)
    existing = Event.objects.filter(name="Bench event").first()
    if existing is not None and existing.sessions.count() == n_sessions:
        return existing
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=60)
    event = Event.objects.create(
        name="Bench event",
        state="published",
        starts_at=start,
        ends_at=start + dt.timedelta(days=3),
        timezone="Asia/Singapore",
        is_sessions_speakers_enabled=True,
    )
    tracks = Track.objects.bulk_create(
        Track(event=event, name=f"Track {i}", color="#%06x" % (i * 99991 % 0xFFFFFF)) for i in range(20)
    )
    rooms = Microlocation.objects.bulk_create(
        Microlocation(event=event, name=f"Room {i}", floor=i % 4, latitude=1.29, longitude=103.77) for i in range(10)
    )
    types = SessionType.objects.bulk_create(
        SessionType(event=event, name=f"Type {i}", length=f"00:{15 * (i + 1):02d}") for i in range(4)
    )
    speakers = Speaker.objects.bulk_create(
        Speaker(
            event=event,
            name=f"Speaker {i}",
            email=f"speaker{i}@bench.example.org",
            organisation="FOSSASIA",
            short_biography="Open source contributor. " * 4,
            country="Singapore",
        )
        for i in range(n_speakers)
    )
    sessions = Session.objects.bulk_create(
        Session(
            event=event,
            title=f"Session {i}",
            short_abstract="An abstract of a talk about open source. " * 3,
            state="accepted" if i % 10 else "confirmed",
            starts_at=start + dt.timedelta(minutes=30 * i),
            ends_at=start + dt.timedelta(minutes=30 * i + 25),
            track=tracks[i % len(tracks)],
            microlocation=rooms[i % len(rooms)],
            session_type=types[i % len(types)],
            level="Beginner",
            language="English",
        )
        for i in range(n_sessions)
    )
    through = Session.speakers.through
    through.objects.bulk_create(
        through(session_id=s.pk, speaker_id=speakers[(2 * i + k) % len(speakers)].pk)
        for i, s in enumerate(sessions)
        for k in (0, 1)
    )
    refresh_planner_statistics([Event, Track, Microlocation, SessionType, Speaker, Session, through])  # as imports do
    return event


def count_queries(url):
    """SQL queries of one request, served in-process by Django's test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_ACCEPT="application/vnd.api+json")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}: {response.content[:500]!r}")
    body = json.loads(response.content)
    return len(ctx.captured_queries), len(body["data"]), len(body.get("included", []))


def cpu_per_request(url, repeat=10, gc_freeze=False):
    """CPU seconds one request costs in-process (median), and a pure-Python calibration loop's CPU time,
    so that figures taken on a busy machine can be compared with a quiet one."""
    from django.test import Client

    client = Client(HTTP_ACCEPT="application/vnd.api+json")
    client.get(url)
    if gc_freeze:
        gc.freeze()
    samples = []
    for _ in range(repeat):
        started = time.process_time()
        client.get(url)
        samples.append(time.process_time() - started)
    started = time.process_time()
    for _ in range(10):
        sum(range(10**6))
    return statistics.median(samples), (time.process_time() - started) / 10


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, timeout=30):
    started = time.perf_counter()
    request = urllib.request.Request(url, headers={"Accept": "application/vnd.api+json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - local URL we built
        response.read()
        status = response.status
    if status != 200:
        raise RuntimeError(f"{url} answered {status}")
    return time.perf_counter() - started


def start_gunicorn(env, port, workers, threads, cache):
    settings = {
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_THREADS": str(threads),
        "RESPONSE_CACHE_ENABLED": "true" if cache else "false",
        "PROMETHEUS_MULTIPROC_DIR": str(ROOT / "var" / f"prometheus-bench-{port}"),
    }
    command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "eventyay.wsgi:application"]
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env, **settings})


def _client(job):
    """One load generator process: `count` GETs on a keep-alive connection; latencies and failures."""
    port, path, count = job
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, failures, hits = [], 0, 0
    for _ in range(count):
        started = time.perf_counter()
        try:
            # As phones and CDNs ask: a cached answer then comes compressed (an uncached one never is).
            connection.request("GET", path, headers={"Accept": "application/vnd.api+json", "Accept-Encoding": "gzip"})
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            failures += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        latencies.append(time.perf_counter() - started)
        failures += response.status != 200
        hits += response.getheader("X-Response-Cache") == "hit"
        if response.will_close:
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.close()
    return latencies, failures, hits


def server_cpu_seconds(master_pid):
    """CPU seconds used so far by the gunicorn master's worker processes (Linux /proc)."""
    ticks, total = os.sysconf("SC_CLK_TCK"), 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:  # fields after "(comm)": state, ppid, ..., utime (12th), stime (13th)
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def load(port, path, requests, clients, master_pid):
    share = [requests // clients + (i < requests % clients) for i in range(clients)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=clients, mp_context=context) as pool:
        list(pool.map(_client, [(port, path, 2)] * clients))  # warm: imports, connections, cache entries
        cpu_before = server_cpu_seconds(master_pid)
        started = time.perf_counter()
        results = list(pool.map(_client, [(port, path, n) for n in share]))
        wall = time.perf_counter() - started
        server_cpu = server_cpu_seconds(master_pid) - cpu_before
    latencies = [value for result in results for value in result[0]]
    return {
        "requests": requests,
        "requests_per_second": round(requests / wall, 1),
        # Robust to other load on the machine: what one answer costs the web processes, and the rate two
        # cores would give if they did nothing else (no load generator beside them).
        "server_cpu_ms_per_request": round(server_cpu / requests * 1000, 2),
        "server_cpu_bound_ceiling_req_s": round((os.cpu_count() or 1) * requests / server_cpu) if server_cpu else None,
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "failures": sum(result[1] for result in results),
        "cache_hits": sum(result[2] for result in results),
    }


def serve_and_load(env, args, path, cache, requests):
    port = free_port()
    process = start_gunicorn(env, port, args.workers, args.threads, cache)
    try:
        wait_until_up(f"http://127.0.0.1:{port}{path}", process)
        return load(port, path, requests, args.clients, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_until_up(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited before serving")
        try:
            fetch(url, timeout=5)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer in time")


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def main():
    args = parse_args()
    env = configure(args)
    started = time.perf_counter()
    event = seed(args.sessions, args.speakers)
    print(
        f"seeded event {event.pk}: {args.sessions} sessions, {args.speakers} speakers "
        f"in {time.perf_counter() - started:.1f}s",
        flush=True,
    )
    path = f"/v1/events/{event.pk}/sessions?include={INCLUDE}&page[size]={args.page_size}"
    queries, rows, included = count_queries(path)
    print(f"in-process: {queries} SQL queries, {rows} sessions and {included} included resources per page", flush=True)

    cpu, calibration = cpu_per_request(path, args.repeat, args.gc_freeze)
    cores = os.cpu_count() or 1
    print(
        f"in-process: {cpu * 1000:.0f} ms CPU per request (calibration loop {calibration * 1000:.0f} ms CPU); "
        f"CPU-bound ceiling on {cores} cores: {cores / cpu:.0f} req/s",
        flush=True,
    )
    if args.in_process_only:
        targets = {"cpu <= 15 ms": cpu * 1000 <= 15, "queries <= 10": queries <= 10}
        for name, met in targets.items():
            print(f"target {name}: {'met' if met else 'NOT met'}")
        return 0 if all(targets.values()) else 1

    uncached = serve_and_load(env, args, path, cache=False, requests=args.requests)
    print(f"gunicorn, cache off: {json.dumps(uncached)}", flush=True)
    cached = serve_and_load(env, args, path, cache=True, requests=10 * args.requests)
    print(f"gunicorn, cache on:  {json.dumps(cached)}", flush=True)

    result = {
        "gunicorn_workers": args.workers,
        "gunicorn_threads": args.threads,
        "load_clients": args.clients,
        "sql_queries_per_request": queries,
        "cpu_ms_per_request_in_process": round(cpu * 1000, 1),
        "calibration_loop_ms": round(calibration * 1000, 1),
        "uncached_requests_per_second": uncached["requests_per_second"],
        "uncached_p50_ms": uncached["p50_ms"],
        "uncached_p99_ms": uncached["p99_ms"],
        "cached_requests_per_second": cached["requests_per_second"],
        "cached_p50_ms": cached["p50_ms"],
        "cached_p99_ms": cached["p99_ms"],
        "failures": uncached["failures"] + cached["failures"],
        "load_average_1min": round(os.getloadavg()[0], 1),
        "database": args.database_url.split("://")[0],
        "cache": "redis" if args.redis_url else "database table",
    }
    print(json.dumps(result, indent=2))
    targets = {
        "cpu <= 15 ms": cpu * 1000 <= 15,
        "queries <= 10": queries <= 10,
        "uncached >= 100 req/s": uncached["requests_per_second"] >= 100,
        "cached >= 1000 req/s": cached["requests_per_second"] >= 1000,
        "no failures": result["failures"] == 0,
    }
    for name, met in targets.items():
        print(f"target {name}: {'met' if met else 'NOT met'}")
    return 0 if all(targets.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
