"""A whole cluster on this machine under mixed load, with a worker and a web process killed midway.

Starts PostgreSQL-backed eventyay as 2 gunicorn instances (two ports; the load generator balances
between them and, like a load balancer, stops sending to one that refuses connections), 3 RQ workers,
moto's S3 server on loopback as the bucket, and Redis (its own db number) for the queue and the cache.
Then, for --seconds:

- readers: anonymous schedule reads (`/v1/events/<id>/sessions?include=...`, tracks, speakers);
- an organizer: PATCHes of session titles (each one invalidates the cached schedule);
- buyers: `POST /v1/orders/create-order` with a discount code, for a ticket of limited stock;
- 6 jobs: 3 imports and 3 exports started at once over the API halfway, polled until they end.

Right after the jobs start it SIGKILLs one RQ worker (one running a job) and one whole gunicorn instance.
At the end it prints throughput, p50/p99 per kind of request, answers by status (failures of requests
in flight on the killed web process counted apart), jobs done and lost (every task must end SUCCESS or
FAILURE with a reason; the orphan of the killed worker is failed by the same sweep the app runs), and
whether the ticket stock and the code's uses are exact.

Usage: .venv/bin/python bench/cluster.py [--seconds 60]
  --database-url (default postgres://postgres@127.0.0.1:5432/eventyay_cluster_bench)
  --redis-url (default redis://127.0.0.1:6379/8)
"""

import argparse
import contextlib
import multiprocessing
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from cluster_load import Balancer, drive, start_jobs, task_states  # noqa: E402

TICKET_STOCK = 150
CODE_USES = 60


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/eventyay_cluster_bench", help="its own database"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/8")
    parser.add_argument("--sessions", type=int, default=400)
    parser.add_argument("--readers", type=int, default=3)
    return parser.parse_args()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def web_environment(args, name, workers=2, threads=2):
    """What every bench's eventyay processes run with: the database and Redis of `args`, quiet gunicorn."""
    return {
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "DJANGO_SETTINGS_MODULE": "eventyay.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "PROMETHEUS_MULTIPROC_DIR": str(ROOT / "var" / f"prometheus-{name}"),
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "warning",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_THREADS": str(threads),
        "GUNICORN_TIMEOUT": "60",
    }


def environment(args, s3_port):
    return {
        **web_environment(args, "cluster"),
        "STORAGE_BACKEND": "s3",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench-secret",
        "AWS_STORAGE_BUCKET_NAME": "eventyay-bench",
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
        "AWS_S3_ADDRESSING_STYLE": "path",
        "MEDIA_AUTO_THUMBNAILS": "false",
        "METRICS_TOKEN": "bench-metrics-token",
    }


def wait_port(port, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"process on port {port} exited early")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"nothing listens on port {port}")


def fresh_start(args, env):
    """An empty Redis db and a new database (dropped if it exists), then Django set up on them."""
    import psycopg
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()
    admin_url, name = args.database_url.rsplit("/", 1)
    with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ.update(env)
    import django

    django.setup()


def prepare(args, env):
    """Fresh database and Redis db, the bucket, and the seeded event, users, ticket, code and import zip."""
    fresh_start(args, env)
    import boto3

    boto3.client(
        "s3",
        endpoint_url=env["AWS_S3_ENDPOINT_URL"],
        aws_access_key_id="bench",
        aws_secret_access_key="bench-secret",
        region_name="us-east-1",
    ).create_bucket(Bucket=env["AWS_STORAGE_BUCKET_NAME"])
    from api_read import seed
    from django.core.management import call_command

    event = seed(args.sessions, args.sessions // 2)
    return event, *_people_and_stock(event), _import_zip(event, call_command)


def _people_and_stock(event):
    from decimal import Decimal

    from rest_framework_simplejwt.tokens import AccessToken

    from discounts.models import DiscountCode
    from events.models import Role, Ticket, UsersEventsRoles
    from eventyay.users.models import User

    organizer = User.objects.create_user(email="organizer@bench.example.org", password="bench-password-1")
    UsersEventsRoles.objects.create(user=organizer, event=event, role=Role.named("organizer"))
    buyers = [User.objects.create_user(email=f"buyer{i}@bench.example.org", password="bench-pw-1") for i in range(8)]
    from django.utils import timezone

    now = timezone.now()
    ticket = Ticket.objects.create(
        event=event,
        name="Bench pass",
        type="paid",
        price=Decimal("40.00"),
        quantity=TICKET_STOCK,
        sales_starts_at=now - timezone.timedelta(days=1),
        sales_ends_at=now + timezone.timedelta(days=30),
    )
    code = DiscountCode.objects.create(
        event=event,
        code="BENCH10",
        value=Decimal("10.00"),
        type=DiscountCode.Type.AMOUNT,
        used_for=DiscountCode.UsedFor.TICKET,
        tickets_number=CODE_USES,
        min_quantity=1,
        max_quantity=10,
    )
    code.tickets.set([ticket])
    tokens = {
        "organizer": str(AccessToken.for_user(organizer)),
        "buyers": [str(AccessToken.for_user(u)) for u in buyers],
    }
    return tokens, ticket.pk, code.pk


def _import_zip(event, call_command):
    path = ROOT / "var" / "bench_cluster_event.zip"
    call_command("export_event", str(event.pk), "--out", str(path), verbosity=0)
    return path


# --------------------------------------------------------------------------- processes of the cluster
def start(command, env, log):
    return subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def kill_group(process):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def busy_worker(workers, redis_url):
    """The RQ worker process running a job now (the one whose death loses work), else the first."""
    import redis
    from rq import Worker

    connection = redis.Redis.from_url(redis_url)
    deadline = time.time() + 15
    while time.time() < deadline:  # the jobs were just started: wait until one runs
        busy = {w.pid for w in Worker.all(connection=connection) if w.get_current_job_id()}
        for process in workers:
            if process.pid in busy or any(child in busy for child in _children(process.pid)):
                return process, True
        time.sleep(0.2)
    return workers[0], False


def _children(pid):
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def sweep_orphans(workers_alive, redis_url):
    """Tasks still STARTED once the live workers are idle belong to the killed worker: fail them as the
    app's sweep does (`fail_orphans`), without waiting the production silence of 10 minutes."""
    import redis
    from rq import Worker

    from eventyay.tasks.models import Task
    from eventyay.tasks.services import fail_orphans

    connection = redis.Redis.from_url(redis_url)
    live = [w for w in Worker.all(connection=connection) if w.pid in workers_alive]
    if any(w.get_current_job_id() for w in live):
        return 0
    return fail_orphans(0, Task.objects.filter(state=Task.State.STARTED))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))] if ordered else 0.0


def main():
    args = parse_args()
    started_at = time.perf_counter()
    (ROOT / "var").mkdir(exist_ok=True)
    s3_port, ports = free_port(), [free_port(), free_port()]
    env = environment(args, s3_port)
    shutil.rmtree(env["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
    Path(env["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True)
    env["_EVENTYAY_METRICS_DIR_READY"] = "1"  # shared by every process of this run; gunicorn must not clear it
    logs = open(ROOT / "var" / "bench_cluster.log", "w")  # noqa: SIM115 - lives as long as the cluster
    s3 = start([sys.executable, "-m", "moto.server", "-p", str(s3_port)], {}, logs)
    processes = [s3]
    try:
        wait_port(s3_port, s3)
        event, tokens, ticket, code, zip_path = prepare(args, env)
        from events.models import Session

        context = {
            "event": event.pk,
            "sessions": list(Session.objects.filter(event=event).values_list("pk", flat=True)[:50]),
            "organizer": f"JWT {tokens['organizer']}",
            "buyers": [f"JWT {t}" for t in tokens["buyers"]],
            "ticket": ticket,
            "code": code,
        }
        gunicorn = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "eventyay.wsgi"]
        webs = [start(gunicorn, {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}, logs) for port in ports]
        workers = [start([sys.executable, "manage.py", "rqworker", "default"], env, logs) for _ in range(3)]
        processes += webs + workers
        for port, web in zip(ports, webs, strict=True):
            wait_port(port, web)
        print(
            f"cluster up in {time.perf_counter() - started_at:.1f}s: web :{ports[0]} :{ports[1]}, 3 RQ workers, "
            f"PostgreSQL, Redis {args.redis_url}, S3 :{s3_port}",
            flush=True,
        )

        balancer = Balancer(ports)
        deadline = time.time() + args.seconds
        results = multiprocessing.get_context("fork").Queue()
        kinds = ["read"] * args.readers + ["write", "order"]
        drivers = [
            multiprocessing.get_context("fork").Process(target=drive, args=(k, ports, deadline, context, results))
            for k in kinds
        ]
        for driver in drivers:
            driver.start()
        time.sleep(args.seconds / 2 - 1)
        urls = start_jobs(balancer, context, zip_path)  # the 6 jobs run while a worker dies
        victim_worker, was_busy = busy_worker(workers, args.redis_url)
        kill_group(victim_worker)
        killed_at = time.time()
        kill_group(webs[1])
        print(
            f"killed RQ worker pid {victim_worker.pid} ({'running a job' if was_busy else 'idle'}) and the web "
            f"instance on :{ports[1]} at t={time.time() - deadline + args.seconds:.0f}s",
            flush=True,
        )
        samples = [s for _ in drivers for s in results.get(timeout=args.seconds + 120)]
        for driver in drivers:
            driver.join(timeout=30)

        # Jobs: wait for each to end; the killed worker's orphan is swept once the others are idle.
        alive = {w.pid for w in workers if w is not victim_worker}
        balancer, swept = Balancer(ports[:1]), 0
        wait_until = time.time() + 90
        while True:
            states = task_states(balancer, context, urls)
            if all(s["state"] in ("SUCCESS", "FAILURE") for s in states.values()) or time.time() > wait_until:
                break
            swept += sweep_orphans(alive, args.redis_url)
            time.sleep(1)
        report(args, samples, states, swept, ports[1], killed_at, context)
        scrape(balancer)
    finally:
        for process in processes:
            kill_group(process)
        logs.close()
    print(f"bench/cluster.py took {time.perf_counter() - started_at:.0f}s")
    return 0


def scrape(balancer):
    """/metrics of the surviving instance: the sums over every process of this host (web and RQ workers)."""
    status, *_, content = balancer.request("GET", "/metrics", headers={"Authorization": "Bearer bench-metrics-token"})
    totals = Counter()
    for line in content.decode().splitlines():
        name = line.split("{", 1)[0].split(" ", 1)[0]
        if name in ("eventyay_http_requests_total", "eventyay_jobs_total", "eventyay_response_cache_total"):
            totals[name] += float(line.rsplit(" ", 1)[1])
        elif name == "eventyay_queue_jobs":
            totals[line.split(" ", 1)[0]] = float(line.rsplit(" ", 1)[1])
    print(f"/metrics ({status}):", {k: int(v) for k, v in sorted(totals.items())})


def report(args, samples, states, swept, killed_port, killed_at, context):
    from discounts.models import DiscountCode
    from payments.models import OrderTicket

    by_kind = {}
    statuses = Counter()
    in_flight = Counter()
    for kind, status, seconds, port, started in samples:
        if port == killed_port and status in ("error", 502, 503, 504) and started <= killed_at + 1:
            in_flight[status] += 1  # in flight on the killed process when it died
            continue
        statuses[(kind, status)] += 1
        if status != "error":
            by_kind.setdefault(kind, []).append(seconds)
    print(f"\nload: {len(samples)} requests in {args.seconds}s = {len(samples) / args.seconds:.1f} req/s")
    for kind, values in sorted(by_kind.items()):
        print(
            f"  {kind:6} n={len(values):6}  {len(values) / args.seconds:7.1f} req/s  "
            f"p50 {statistics.median(values) * 1000:7.1f} ms  p99 {percentile(values, 0.99) * 1000:7.1f} ms"
        )
    print("answers by kind and status:", dict(sorted(statuses.items(), key=str)))
    server_errors = {k: v for k, v in statuses.items() if k[1] == "error" or (isinstance(k[1], int) and k[1] >= 500)}
    print("5xx / failed outside the killed process's in-flight requests:", server_errors or "none")
    print("failed in flight on the killed web process (counted apart):", dict(in_flight) or "none")
    done = Counter(s["state"] for s in states.values())
    lost = [u for u, s in states.items() if s["state"] not in ("SUCCESS", "FAILURE")]
    reasonless = [u for u, s in states.items() if s["state"] == "FAILURE" and not s.get("result")]
    print(
        f"jobs: {dict(done)}; swept orphans of the killed worker: {swept}; lost: {len(lost)}; "
        f"failed without a reason: {len(reasonless)}"
    )
    for url, state in states.items():
        reason = state.get("result") if state["state"] == "FAILURE" else ""
        print(f"  {url}: {state['state']} {reason or ''}".rstrip())
    created = statuses[("order", 201)]
    lines = list(OrderTicket.objects.filter(ticket_id=context["ticket"]).values_list("quantity", flat=True))
    sold, stored = sum(lines), len(lines)
    used = DiscountCode.objects.get(pk=context["code"]).used_count
    # An order can commit while its answer is lost with the killed process: stored may exceed the 201s seen
    # by at most the in-flight failures. Stock and code uses must match the stored orders exactly.
    in_flight_orders = sum(1 for k, st, _, p, t in samples if k == "order" and p == killed_port and st == "error")
    exact = (
        sold == stored <= TICKET_STOCK
        and used == min(stored, CODE_USES)
        and created <= stored <= created + in_flight_orders
    )
    print(
        f"orders: {created} answered 201, {stored} stored; tickets sold {sold}/{TICKET_STOCK}; "
        f"code uses {used}/{CODE_USES}: "
        f"{'exact' if exact else 'NOT exact'}"
    )
    print(f"machine load average (1 min): {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    sys.exit(main())
