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
# Restart workers now and then so that a slow leak never grows unbounded.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The expert finder sends up to 4,000 pasted characters in its address (a GET form): about
# 5 KB once accents are percent-encoded, above gunicorn's 4 KB default, within nginx's 8 KB.
limit_request_line = 8190
