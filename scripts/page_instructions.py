"""How many instructions the app's Python spends on one page, uncached: a figure that stays the
same from run to run and from machine to machine, where milliseconds on a shared 2-core machine
moved by half between runs of the same code (docs/performance.md). The database's own work
is in another process and not counted: `manage.py bench` times the whole page.

    python scripts/page_instructions.py /fr/membres/ [--staff] [--requests 5]

Needs valgrind; reads the database of DATABASE_URL, as `bench` does. It runs the page under
callgrind after none and after `--requests` requests (each after three unmeasured ones,
with the process settled as app servers settle it) and prints the difference per request.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def serve(url: str, requests: int, staff: bool) -> None:
    """Inside valgrind: the page requested `requests` times after three unmeasured ones."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directory.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from directory.caching import forget_pages
    from directory.warm import settle

    client = Client()
    if staff:
        user, _ = get_user_model().objects.get_or_create(
            username="page-instructions", defaults={"is_staff": True, "is_superuser": True}
        )
        client.force_login(user)
    for _ in range(3):
        forget_pages()
        client.get(url)
    settle()
    for _ in range(requests):
        forget_pages()
        client.get(url)


def instructions(url: str, requests: int, staff: bool) -> int:
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable]
    command += [__file__, url, "--inside", "--requests", str(requests)]
    command += ["--staff"] if staff else []
    run = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    collected = [line for line in run.stderr.splitlines() if "Collected" in line]
    return int(collected[-1].split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--staff", action="store_true", help="signed in as staff")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        serve(args.url, args.requests, args.staff)
        return
    base = instructions(args.url, 0, args.staff)
    total = instructions(args.url, args.requests, args.staff)
    per_request = (total - base) / args.requests
    print(f"{args.url}: {per_request / 1e6:.1f} million instructions a request")


if __name__ == "__main__":
    main()
