"""The browser fixtures (stack, browser_context, page, imported_counts) live in tests/browser.py, registered once
for the whole session from tests/conftest.py, so the e2e and security suites share one Chromium and one stack."""
from tests.browser import AXE, Stack, axe_violations  # noqa: F401  (helpers imported by the e2e tests)
