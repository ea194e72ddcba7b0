"""Fuzzing runs many requests from one address: lift the rate limits for it."""

import pytest

from core.throttle import DEFAULT_LIMITS

NO_LIMITS = dict.fromkeys(DEFAULT_LIMITS, (1000000, 60))


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATE_LIMITS = NO_LIMITS
