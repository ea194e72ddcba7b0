"""Fuzzing runs many requests from one address: lift the rate limits for it."""

import pytest

NO_LIMITS = ",".join(
    f"{scope}=1000000/60"
    for scope in ("referral-form", "report-form", "directory-api", "route-api")
)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATE_LIMITS = NO_LIMITS
