"""Instructions per uncached page of bench/api_read.py's read, counted by valgrind: a figure that noise cannot move.

CPU times on a shared 2-core machine vary by a third from one run to the next; the number of machine
instructions a request executes does not (within a fraction of a percent with a fixed hash seed). This
script seeds the same database as `bench/api_read.py` (kept under var/), then runs itself under
`valgrind --tool=cachegrind` twice, serving the page 0 and --requests times after the same warm-up, and
prints the difference per request. Use it for before/after comparisons of the read path; each run takes
about a minute. Needs valgrind (`apt install valgrind`).

Usage: .venv/bin/python bench/api_read_instructions.py [--requests 20] [--page-size 100]
"""

import argparse
import gc
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import api_read

ROOT = Path(__file__).resolve().parent.parent


def serve(requests, page_size):
    """The child under valgrind: warm up, then serve the page `requests` times."""
    args = argparse.Namespace(database_url="", keep=True, redis_url="")
    api_read.configure(args)
    from django.test import Client

    from events.models import Event

    event = Event.objects.get(name="Bench event")
    url = f"/v1/events/{event.pk}/sessions?include={api_read.INCLUDE}&page[size]={page_size}"
    client = Client(HTTP_ACCEPT="application/vnd.api+json")
    for _ in range(5):
        assert client.get(url).status_code == 200
    # As gunicorn.conf.py does before forking: what is loaded stays out of full collections, whose timing
    # (they walk every object) would otherwise move the count by a few million from one change to the next.
    gc.collect()
    gc.freeze()
    for _ in range(requests):
        client.get(url)


def instructions(requests, page_size):
    command = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--branch-sim=no",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--child",
        str(requests),
        "--page-size",
        str(page_size),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)  # noqa: S603
    match = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if match is None:
        raise SystemExit(f"valgrind printed no instruction count:\n{result.stderr[-2000:]}")
    return int(match.group(1).replace(",", ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        serve(args.child, args.page_size)
        return 0
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt install valgrind)")
    api_read.configure(argparse.Namespace(database_url="", keep=True, redis_url=""))
    api_read.seed(2000, 1000)
    baseline = instructions(0, args.page_size)
    loaded = instructions(args.requests, args.page_size)
    per_request = (loaded - baseline) / args.requests
    print(f"{per_request / 1e6:.1f} M instructions per page of {args.page_size} sessions with their includes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
