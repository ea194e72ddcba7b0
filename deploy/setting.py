"""Print one setting's raw value as the site reads it: the process environment first,
then the environment file named by DIGITALHELP_ENV_FILE. For the shell scripts here,
which need DATABASE_URL and MEDIA_ROOT without starting Django.

    .venv/bin/python deploy/setting.py DATABASE_URL
"""

import os
import sys

from dotenv import dotenv_values


def main(name):
    path = os.environ.get("DIGITALHELP_ENV_FILE", "").strip()
    if path and not os.path.isfile(path):
        sys.exit(f"DIGITALHELP_ENV_FILE names {path}, which is not a readable file.")
    values = dotenv_values(path, interpolate=False) if path else {}
    print(os.environ[name] if name in os.environ else values.get(name) or "")


if __name__ == "__main__":
    main(sys.argv[1])
