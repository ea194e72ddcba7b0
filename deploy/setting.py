"""Print one setting's raw value as the site reads it (config.env.load_env_file: the
process environment first, then the environment file named by DIGITALHELP_ENV_FILE). For
the shell scripts here, which need DATABASE_URL and MEDIA_ROOT without starting Django.

    .venv/bin/python -m deploy.setting DATABASE_URL
"""

import os
import sys

from config.env import ConfigError, load_env_file


def main(name):
    try:
        load_env_file()
    except ConfigError as error:
        sys.exit(f"Configuration error: {error}")
    print(os.environ.get(name, ""))


if __name__ == "__main__":
    main(sys.argv[1])
