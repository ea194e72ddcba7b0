"""Settings for the benchmark server: the production settings (DEBUG=0 from the
environment) with the referral form's minimum fill time off, so a load generator can post
valid forms at full speed. Never use this module for a real site."""

from config.settings import *  # noqa: F403

REFERRAL_MIN_FILL_SECONDS = 0
