"""Accessibility checks with axe-core (bundled by axe-playwright-python, offline)."""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


# A message fading in is checked at its final colours, not half-transparent.
SETTLE_ANIMATIONS = """() => Promise.all(document.getAnimations()
    .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
    .map((a) => a.finished.catch(() => null)))"""


def axe_violations(page, context=None):
    """Run axe-core on the page (optionally limited to a CSS selector) → violations."""
    page.evaluate(SETTLE_ANIMATIONS)
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
    results = Axe().run(page, context=context, options=options)
    return results.response["violations"]


def assert_no_axe_violations(page, context=None):
    violations = axe_violations(page, context)
    summary = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} → "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"axe-core found violations on {page.url}:\n{summary}"
