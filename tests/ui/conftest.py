"""Headless Debian Chromium driven by Playwright, with axe-core for accessibility."""

from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run scripts/setup-browser (scripts/test does).")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_navigation_timeout(120_000)  # Voila runs the whole notebook before it answers
    opened = context.new_page()
    said = []  # what the page itself reported: shown when a test fails, to tell why
    opened.on("console", lambda message: said.append(f"console {message.type}: {message.text}")
              if message.type in ("error", "warning") else None)
    opened.on("pageerror", lambda error: said.append(f"page error: {error}"))
    yield opened
    report = getattr(request.node, "outcome_of_call", None)
    if report is not None and report.failed and said:
        print("\nThe page reported:\n" + "\n".join(said[-40:]))
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    if call.when == "call":
        item.outcome_of_call = outcome.get_result()
