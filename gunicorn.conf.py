"""gunicorn settings for `make serve`: workers and threads follow the machine's core count."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
worker_class = "gthread"
wsgi_app = "directory.wsgi:application"
timeout = 30
graceful_timeout = 20
keepalive = 5
# Worker recycling is off by default: at 2,000 requests a worker restarted about once a second
# under load, and its start-up (Django, the connection pool) halved the throughput
# (docs/performance.md). GUNICORN_MAX_REQUESTS=100000 turns it on if a leak ever needs it.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10
# Off unless asked for (GUNICORN_ACCESS_LOG=- for standard output): the proxy in front logs
# every request already, and a line per request cost a fifth of the static file throughput.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The expert finder sends up to 4,000 pasted characters in its address (a GET form): about
# 5 KB once accents are percent-encoded, above gunicorn's 4 KB default, within nginx's 8 KB.
limit_request_line = 8190
