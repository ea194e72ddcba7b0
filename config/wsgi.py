"""WSGI entry point (gunicorn config.wsgi)."""

import os
import sys

from django.core.wsgi import get_wsgi_application

from config.env import ConfigError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

try:
    application = get_wsgi_application()
except ConfigError as error:
    sys.stderr.write(f"Configuration error: {error}\n")
    # 4 is gunicorn's "application failed to load": the master stops (and systemd sees
    # the failure) instead of starting one failing worker after another.
    raise SystemExit(4) from None
