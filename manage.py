#!/usr/bin/env python
"""Django's command-line utility, printing configuration errors as one sentence."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    from config.env import ConfigError

    try:
        # Settings first: Django would start its own commands (shell, dbshell, ...) without
        # them and fail only at their first use, with a traceback.
        settings.INSTALLED_APPS  # noqa: B018
        execute_from_command_line(sys.argv)
    except ConfigError as error:
        sys.stderr.write(f"Configuration error: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
