"""The review page in a real browser: headless Chromium from Debian's packages, driven by
Playwright's Python package (never ``playwright install``). It opens the pending draft, checks a
claim's source is shown beside it and a hostile item title is inert text, approves, and sees
final.md written. A screenshot is kept in ``test-artifacts/``."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from agent.review_server import make_review_server
from agent.review_server.app import ReviewApp
from agent.review_server.security import allowed_hosts
from tests.helpers import announce_skip

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def browser(request):
    if not CHROMIUM.exists():
        announce_skip(request.config, "Chromium is not installed at /usr/bin/chromium "
                      "(scripts/test-setup.sh installs Debian's package when run as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        announce_skip(request.config, "Playwright's Python package is not installed "
                      "(pip install '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def review_url(drafted):
    run = drafted("2026-04-24", "baseline")
    app = ReviewApp(data_dir=run.data_dir, out_dir=run.out_dir, env=run.env,
                    hosts=allowed_hosts("127.0.0.1", None))
    server = make_review_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", run
    server.shutdown()
    server.server_close()


def test_editor_reviews_and_approves_in_chromium(browser, review_url):
    base, run = review_url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(base + "/")
    page.click("text=2026-04-24")
    page.wait_for_url(f"{base}/runs/2026-04-24")

    supported = page.locator("p.para mark.claim.supported").first
    claim_id = supported.get_attribute("data-claim-id")
    card = page.locator(f'[id="card-{claim_id}"]')
    assert card.locator("blockquote.source-quote").first.inner_text().strip()
    assert card.locator("a.source-link").first.get_attribute("href").startswith("http")
    supported.click()  # the highlight links to its card beside the paragraph
    assert page.url.endswith(f"#card-{claim_id}")
    assert "<script>alert(1)</script>" in page.locator("#flagged").inner_text()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review-page.png"), full_page=True)
    page.click("#approve")
    page.wait_for_load_state()
    assert page.locator("#status").inner_text() == "published"
    assert "Approved draft v1" in page.locator(".flash.ok").inner_text()
    assert (run.package / "final.md").read_text().startswith("# The Inference Report")
    assert dialogs == []  # nothing from the sources ever ran as script
