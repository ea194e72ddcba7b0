"""gunicorn's settings for the web servers (deploy/systemd/digitalhelp-web.service).

Three sync workers on the loopback only: nginx in front terminates HTTPS, serves the
static files and passes everything else here, so nobody can reach gunicorn directly and
claim to be HTTPS or another client address. GUNICORN_BIND and GUNICORN_WORKERS change
the address and the number of workers (`make prod-check` uses a free port).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# A request that takes longer than this is stuck; the worker is replaced.
timeout = 30
graceful_timeout = 30
# Keep-alive only matters between nginx and gunicorn on the same machine.
keepalive = 5
# Replace each worker now and then, so a slow leak can never grow without bound.
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicorn believes no forwarded header itself: whether X-Forwarded-Proto and
# X-Forwarded-For are believed is the site's decision alone (TRUSTED_PROXY_COUNT).
secure_scheme_headers = {}
