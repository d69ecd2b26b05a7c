"""Studio in a real browser: Playwright (from PyPI) drives Debian's Chromium against the e2e `test`
instance the parent conftest starts. Elements are found as a person finds them, by role and label.

Every page a test opens is checked as it goes: no Content-Security-Policy violation reaches the
console, and `axe(page)` (axe-core, injected through the DevTools protocol, so the page's CSP
stays as strict as it is) finds no serious or critical accessibility violation.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import devctl
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from ..conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium calls Google's services, which this closed
# network refuses (slowly).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
# The docs' pictures are rewritten only when asked (`make screenshots`); otherwise each is still
# taken, into a scratch folder, so a screen that cannot be drawn fails the test either way.
SCREENSHOTS = Path(os.environ.get("JOBSPRINT_SCREENSHOTS") or tempfile.mkdtemp(prefix="studio-shots-"))
expect.set_options(timeout=15_000)


# Per module, not per session: Playwright's sync API keeps an asyncio loop running in this thread
# while it is open, and later e2e modules (the console's Textual tests) call asyncio.run().
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("the browser tests need Debian's Chromium: apt-get install -y chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def studio_url(suite: devctl.Instance) -> str:
    assert (ROOT / "web" / "dist" / "index.html").exists(), "Studio is not built: make web"
    return suite.gateway_url


class Watched:
    """A browser context whose pages report CSP violations and page errors."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.problems: list[str] = []

    def page(self) -> Page:
        page = self.context.new_page()
        page.on(
            "console",
            lambda message: (
                self.problems.append(message.text)
                if "Content Security Policy" in message.text or "Refused to" in message.text
                else None
            ),
        )
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        return page


@pytest.fixture
def contexts(browser: Browser, studio_url: str) -> Iterator[list[Watched]]:
    """New browser contexts (one per person), each its own cookie jar and storage."""
    made: list[Watched] = []
    yield made
    problems = [problem for watched in made for problem in watched.problems]
    for watched in made:
        watched.context.close()
    assert not problems, f"the pages reported: {problems}"


def open_studio(browser: Browser, studio_url: str, contexts: list[Watched]) -> Page:
    context = browser.new_context(base_url=studio_url, viewport={"width": 1400, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=studio_url)
    watched = Watched(context)
    contexts.append(watched)
    return watched.page()


@pytest.fixture
def page(
    browser: Browser, studio_url: str, contexts: list[Watched], request: pytest.FixtureRequest
) -> Iterator[Page]:
    opened = open_studio(browser, studio_url, contexts)
    yield opened
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        # What the person would have seen when it failed, for the report.
        failures = ROOT / ".run" / "browser-failures"
        failures.mkdir(parents=True, exist_ok=True)
        opened.screenshot(path=str(failures / f"{request.node.name}.png"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
    report: Any = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report


def new_email() -> str:
    return f"studio-{uuid.uuid4().hex[:12]}@example.com"


def register(page: Page, email: str | None = None) -> str:
    """Create an account through the form, as a newcomer does; lands on the workflows list."""
    email = email or new_email()
    page.goto("/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Workflows", exact=True)).to_be_visible()
    return email


def sign_in(page: Page, email: str, workspace_id: str = "") -> None:
    page.goto("/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    if workspace_id:
        page.get_by_text("Another workspace").click()
        page.get_by_label("Workspace ID").fill(workspace_id)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Workflows", exact=True)).to_be_visible()


def axe(page: Page, what: str) -> None:
    """No serious or critical accessibility violation on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text() + "\n;true")
    result = page.evaluate(
        """async () => {
            const r = await window.axe.run(document, {resultTypes: ['violations']});
            return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => ({id: v.id, impact: v.impact, help: v.help,
                          nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    assert result == [], f"accessibility violations on {what}: {json.dumps(result, indent=1)}"


def screenshot(page: Page, name: str) -> None:
    """A picture for docs/studio.md, taken by the test that shows the screen, so it stays current."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"studio-{name}.png"))
