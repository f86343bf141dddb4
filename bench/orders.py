"""Ticket sales under load: 1,000 orders through the HTTP API by 8 concurrent buyers, PostgreSQL, gunicorn.

Seeds a fresh database with one published event, a paid ticket of exactly `--orders` in stock and a discount
code with `--code-uses` uses, then starts eventyay under gunicorn (gunicorn.conf.py) and 8 buyer processes,
each on its own keep-alive connection, posting `POST /v1/orders/create-order` for one ticket (every third
order with the code, refused 409 "used up" once its uses are gone) until told the ticket is sold out (409).
It prints orders per second, p50/p99 latency, answers by status and whether stock and code uses are exact:
orders == stock, every ticket held once, `tickets/availability` 0, the code's uses == orders that used it.

Usage: .venv/bin/python bench/orders.py [--orders 1000] [--buyers 8]
  --database-url (default postgres://postgres@127.0.0.1:5432/eventyay_orders_bench; dropped and recreated)
  --redis-url (default redis://127.0.0.1:6379/14; the cache)
"""

import argparse
import http.client
import json
import multiprocessing
import os
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from cluster import free_port, fresh_start, kill_group, percentile, start, wait_port, web_environment  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=1000, help="tickets in stock = orders that must succeed")
    parser.add_argument("--buyers", type=int, default=8, help="concurrent buyer processes")
    parser.add_argument("--code-uses", type=int, default=200, help="uses of the discount code every third order names")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/eventyay_orders_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--web-threads", type=int, default=2)
    return parser.parse_args()


def prepare(args, env):
    """Fresh database and Redis db; the event, its ticket and code, and one JWT per buyer."""
    fresh_start(args, env)
    from datetime import timedelta
    from decimal import Decimal

    from django.core.management import call_command
    from django.utils import timezone
    from rest_framework_simplejwt.tokens import AccessToken

    from discounts.models import DiscountCode
    from events.models import Event, Ticket
    from eventyay.users.models import User

    call_command("migrate", verbosity=0, interactive=False)
    now = timezone.now()
    event = Event.objects.create(
        name="Orders bench", state="published", starts_at=now + timedelta(days=60), ends_at=now + timedelta(days=61)
    )
    ticket = Ticket.objects.create(
        event=event,
        name="Bench pass",
        type="paid",
        price=Decimal("40.00"),
        quantity=args.orders,
        max_order=10,
        sales_starts_at=now - timedelta(days=1),
        sales_ends_at=now + timedelta(days=30),
    )
    code = DiscountCode.objects.create(
        event=event,
        code="BENCH10",
        value=Decimal("10.00"),
        type=DiscountCode.Type.AMOUNT,
        used_for=DiscountCode.UsedFor.TICKET,
        tickets_number=args.code_uses,
        min_quantity=1,
        max_quantity=10,
    )
    code.tickets.set([ticket])
    buyers = [
        User.objects.create_user(email=f"buyer{i}@bench.example.org", password="bench-pw-1") for i in range(args.buyers)
    ]
    return event.pk, ticket.pk, code.pk, [f"JWT {AccessToken.for_user(u)}" for u in buyers]


def buyer(port, token, ticket, code, index, stride, cap, results):
    """One buyer on a keep-alive connection: orders of one ticket (every third with the code) until it is
    told the ticket is sold out; sends back (status, seconds, refusal, with code) per request."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json", "Authorization": token}
    samples = []
    for n in range(index, cap, stride):
        body = {"tickets": [{"id": ticket, "quantity": 1}]}
        if n % 3 == 0:
            body["discount-code"] = code
        started = time.perf_counter()
        try:
            conn.request("POST", "/v1/orders/create-order", json.dumps(body), headers)
            reply = conn.getresponse()
            content = reply.read()
            status = reply.status
            if reply.will_close:
                conn.close()
        except (OSError, http.client.HTTPException):
            conn.close()
            status, content = "error", b""
        detail = ""
        if status == 409:
            detail = "used up" if b"used up" in content else ("sold out" if b"sold out" in content else "other")
        samples.append((status, time.perf_counter() - started, detail, "discount-code" in body))
        if detail == "sold out":
            break
    results.put(samples)


def check_stock(port, event, ticket, code):
    from django.db.models import Sum

    from discounts.models import DiscountCode
    from payments.models import Order, OrderTicket

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", f"/v1/events/{event}/tickets/availability", headers={"Accept": "application/json"})
    rows = json.loads(conn.getresponse().read())
    available = next(row["available"] for row in rows if row["id"] == ticket)
    held = OrderTicket.objects.filter(ticket_id=ticket).aggregate(n=Sum("quantity"))["n"] or 0
    return {
        "orders": Order.objects.filter(event_id=event).count(),
        "tickets held": held,
        "available": available,
        "code uses": DiscountCode.objects.get(pk=code).used_count,
        "orders with the code": Order.objects.filter(discount_code_id=code).count(),
    }


def main():
    args = parse_args()
    (ROOT / "var").mkdir(exist_ok=True)
    env = web_environment(args, "orders", args.web_workers, args.web_threads)
    port = free_port()
    metrics = Path(env["PROMETHEUS_MULTIPROC_DIR"])
    shutil.rmtree(metrics, ignore_errors=True)
    metrics.mkdir(parents=True)
    env["_EVENTYAY_METRICS_DIR_READY"] = "1"  # made here for this run's processes; gunicorn must not clear it
    event, ticket, code, tokens = prepare(args, env)
    logs = open(ROOT / "var" / "bench_orders.log", "w")  # noqa: SIM115 - lives as long as the server
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "eventyay.wsgi"]
    web = start(gunicorn, {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}, logs)
    try:
        wait_port(port, web)
        print(
            f"gunicorn :{port} ({args.web_workers} workers x {args.web_threads} threads), PostgreSQL, {os.cpu_count()} "
            f"cores; {args.buyers} buyers for {args.orders} tickets, each until told they are sold out",
            flush=True,
        )
        cap = 3 * args.orders + 1000  # a safety stop if the stock were never reported gone
        results, processes = multiprocessing.Queue(), []
        began = time.perf_counter()
        for i in range(args.buyers):
            arguments = (port, tokens[i], ticket, code, i, args.buyers, cap, results)
            p = multiprocessing.Process(target=buyer, args=arguments)
            p.start()
            processes.append(p)
        samples = [s for _ in processes for s in results.get(timeout=1800)]
        elapsed = time.perf_counter() - began
        for p in processes:
            p.join()
        stock = check_stock(port, event, ticket, code)
    finally:
        kill_group(web)
        logs.close()
    report(args, samples, elapsed, stock)


def report(args, samples, elapsed, stock):
    statuses = Counter(s[0] for s in samples)
    created = [s[1] for s in samples if s[0] == 201]
    refusals = Counter(s[2] for s in samples if s[0] == 409)
    server_errors = sum(n for status, n in statuses.items() if status == "error" or status >= 500)
    print(f"{len(samples)} requests in {elapsed:.1f}s: {len(created) / elapsed:.1f} orders/s")
    every = [s[1] for s in samples]
    p50, p99, p99_all = (percentile(v, q) * 1000 for v, q in ((created, 0.5), (created, 0.99), (every, 0.99)))
    print(f"create-order latency: p50 {p50:.0f} ms, p99 {p99:.0f} ms (201s); p99 {p99_all:.0f} ms (all answers)")
    print("answers: " + ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items(), key=str)))
    print("409s: " + (", ".join(f"{kind}: {n}" for kind, n in sorted(refusals.items())) or "none"))
    print(f"5xx or failed requests: {server_errors}")
    print("at the end: " + ", ".join(f"{k} {v}" for k, v in stock.items()))
    exact = (
        stock["orders"] == len(created) == args.orders
        and stock["tickets held"] == args.orders
        and stock["available"] == 0
        and stock["code uses"] == stock["orders with the code"] <= args.code_uses
    )
    print(f"stock exact: {'yes' if exact else 'NO'}")
    if server_errors or not exact:
        sys.exit(1)


if __name__ == "__main__":
    main()
