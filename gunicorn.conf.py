"""gunicorn settings for `make run` and production. Environment variables override."""

import os

wsgi_app = "naeringshage.wsgi:application"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# gthread: a few processes, each with a pool of threads; the app keeps no state in them.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then so that no slow leak can grow without bound. A new worker
# costs a second or so of CPU and starts with an empty page cache: under full load (a few
# hundred requests a second) this is about once a minute per worker.
max_requests = 10_000
max_requests_jitter = 1_000
# No control socket: several instances may run on one machine.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
# The reverse proxy in front (if any) sets X-Forwarded-For / -Proto.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
