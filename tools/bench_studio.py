"""Studio's speed in a real browser (`make bench` runs it after the API benchmarks; alone:
`uv run python tools/bench_studio.py`). Headless Debian Chromium against the `bench` instance
(or `BENCH_STUDIO_URL`, an instance already running).

1. First load of the editor from a cold browser cache (a new browser context each time, signed
   in by its refresh cookie): navigation → every node of a 12-node workflow drawn. Median of 5.
2. JavaScript shipped: gzipped bytes of the scripts the sign-in screen and the editor load.
3. A 200-node workflow: the frame times (requestAnimationFrame deltas) while it opens, while the
   canvas is panned and zoomed, and while a node is edited.
4. A run of it: Run pressed → all 200 nodes shown succeeded (the SSE stream), beside the run's own
   created → finished time, and the frame times meanwhile.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import BrowserContext, Page, sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
import devctl

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "benchmark password"
REPEATS = 5
BIG = 200

FRAMES = """() => {
  window.__frames = [];
  let last = performance.now();
  const tick = (now) => { window.__frames.push(now - last); last = now; if (window.__recording) requestAnimationFrame(tick); };
  window.__recording = true;
  requestAnimationFrame(tick);
}"""


def workflow(size: int) -> dict[str, Any]:
    """A trigger and `size - 1` core.set steps in a tree three wide, on a grid 20 nodes wide."""
    nodes: list[dict[str, Any]] = [{"id": "start", "type": "trigger.manual", "position": {"x": 0, "y": 0}}]
    edges = []
    for index in range(1, size):
        parent = nodes[(index - 1) // 3]["id"]
        nodes.append(
            {
                "id": f"{parent}_{index}" if parent != "start" else f"n_{index}",
                "type": "core.set",
                "parameters": {"values": {f"v{index}": f"{{{{ input.n + {index} }}}}"}},
                "position": {"x": 220 * (index % 20), "y": 110 * (index // 20)},
            }
        )
        edges.append({"from": parent, "to": nodes[-1]["id"]})
    return {"nodes": nodes, "edges": edges}


def signed_in_context(browser: Any, url: str, email: str) -> BrowserContext:
    """A fresh context (empty cache) holding the session cookies, as a returning user's browser."""
    with httpx.Client(base_url=url, timeout=30) as api:
        response = api.post("/v1/auth/session", json={"email": email, "password": PASSWORD})
        response.raise_for_status()
    context = browser.new_context(base_url=url, viewport={"width": 1400, "height": 900})
    cookies = []
    for header in response.headers.get_list("set-cookie"):
        name, rest = header.split("=", 1)
        value, *attributes = rest.split(";")
        path = next((a.split("=", 1)[1] for a in attributes if a.strip().lower().startswith("path=")), "/")
        cookies.append(
            {
                "name": name,
                "value": value,
                "url": url + path.strip(),
                "secure": True,
                "sameSite": "Strict",
                "httpOnly": name == "jobsprint_refresh",
            }
        )
    context.add_cookies(cookies)
    return context


def scripts_gzipped(page: Page) -> int:
    return int(
        page.evaluate(
            "() => performance.getEntriesByType('resource').filter(e => e.initiatorType === 'script'"
            " || e.name.endsWith('.js')).reduce((sum, e) => sum + e.encodedBodySize, 0)"
        )
    )


def frame_summary(frames: list[float]) -> str:
    frames = frames[1:] or [0.0]
    ordered = sorted(frames)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    slow = sum(1 for f in frames if f > 50)
    return (
        f"{len(frames)} frames, p50 {statistics.median(frames):.1f} ms, p95 {p95:.1f} ms, "
        f"max {max(frames):.1f} ms, {slow} over 50 ms"
    )


def record(page: Page, action: Any) -> list[float]:
    page.evaluate(FRAMES)
    action()
    page.wait_for_timeout(200)
    return list(page.evaluate("() => { window.__recording = false; return window.__frames; }"))


def measure(url: str) -> None:
    email = f"bench-studio-{uuid.uuid4().hex[:8]}@example.com"
    with httpx.Client(base_url=url, timeout=60) as api:
        api.post("/v1/auth/register", json={"email": email, "password": PASSWORD}).raise_for_status()
        token = api.post("/v1/auth/login", json={"email": email, "password": PASSWORD}).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        small = api.post("/v1/workflows", json={"name": "small", "definition": workflow(12)}, headers=headers)
        big = api.post("/v1/workflows", json={"name": "big", "definition": workflow(BIG)}, headers=headers)
        small.raise_for_status()
        big.raise_for_status()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        # 1 and 2: cold loads.
        loads, editor_js, first_js = [], 0, 0
        for _ in range(REPEATS):
            context = signed_in_context(browser, url, email)
            page = context.new_page()
            started = time.perf_counter()
            page.goto(f"/workflows/{small.json()['id']}")
            page.get_by_role("group", name=workflow(12)["nodes"][-1]["id"], exact=True).wait_for()
            page.get_by_role("button", name="Run").wait_for()
            loads.append(time.perf_counter() - started)
            editor_js = scripts_gzipped(page)
            context.close()
        context = browser.new_context(base_url=url)
        page = context.new_page()
        page.goto("/sign-in")
        page.get_by_role("button", name="Sign in").wait_for()
        first_js = scripts_gzipped(page)
        context.close()
        print(
            f"{'studio: editor first load, cold cache':<48} median {statistics.median(loads) * 1000:>7.0f} ms"
            f"  (runs: {', '.join(f'{v * 1000:.0f}' for v in loads)})"
        )
        print(f"{'studio: JS for the first screen (sign-in)':<48} {first_js / 1024:>7.1f} KB gzipped")
        print(f"{'studio: JS for the editor (all it loads)':<48} {editor_js / 1024:>7.1f} KB gzipped")

        # 3: the 200-node workflow.
        context = signed_in_context(browser, url, email)
        page = context.new_page()
        page.goto("/workflows")
        page.get_by_role("heading", name="Workflows", exact=True).wait_for()
        opened_at = time.perf_counter()
        opening = record(
            page,
            lambda: (
                page.get_by_role("link", name="big", exact=True).click(),
                page.wait_for_function(
                    f"() => document.querySelectorAll('.react-flow__node').length >= {BIG}", timeout=60_000
                ),
            ),
        )
        opened = time.perf_counter() - opened_at
        page.get_by_role("button", name="Fit view").click()
        page.wait_for_timeout(300)
        box = page.get_by_role("region", name="Workflow canvas").bounding_box()
        assert box is not None
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

        def pan_and_zoom() -> None:
            page.mouse.move(cx, cy)
            page.mouse.down()
            for step in range(40):
                page.mouse.move(cx - step * 8, cy - step * 4)
            page.mouse.up()
            for _ in range(10):
                page.mouse.wheel(0, -120)
                page.wait_for_timeout(16)
            for _ in range(10):
                page.mouse.wheel(0, 120)
                page.wait_for_timeout(16)

        panning = record(page, pan_and_zoom)
        page.get_by_role("button", name="Fit view").click()
        page.wait_for_timeout(300)

        def edit() -> None:
            page.get_by_role("group", name="n_1", exact=True).click()
            page.get_by_label("Label").press_sequentially("edited label", delay=20)

        editing = record(page, edit)
        print(
            f"{f'studio: {BIG}-node workflow opens in':<48} {opened * 1000:>7.0f} ms; {frame_summary(opening)}"
        )
        print(f"{'  while panning and zooming':<48} {frame_summary(panning)}")
        print(f"{'  while editing a node':<48} {frame_summary(editing)}")

        # 4: a live run of it.
        page.get_by_role("button", name="Save").click()
        page.get_by_text("· saved").wait_for()
        page.get_by_label("Run input (JSON)").fill('{"n": 1}')
        done: dict[str, float] = {}

        def run() -> None:
            started = time.perf_counter()
            page.get_by_role("button", name="Run").click()
            page.get_by_role("status").filter(has_text="Run status:").filter(has_text="succeeded").wait_for(
                timeout=120_000
            )
            page.wait_for_function(
                f"() => document.querySelectorAll('[role=group] .status-succeeded').length >= {BIG}",
                timeout=120_000,
            )
            done["seconds"] = time.perf_counter() - started

        running = record(page, run)
        execution_id = page.get_by_role("link", name="Open execution").get_attribute("href") or ""
        with httpx.Client(base_url=url, timeout=30) as api:
            execution = api.get(f"/v1/executions/{execution_id.rsplit('/', 1)[1]}", headers=headers).json()
        server = (
            datetime.fromisoformat(execution["finished_at"]) - datetime.fromisoformat(execution["created_at"])
        ).total_seconds()
        print(
            f"{f'studio: run of {BIG} nodes, Run → all shown green':<48} {done['seconds'] * 1000:>7.0f} ms"
            f"  (the run itself: created → finished {server * 1000:.0f} ms)"
        )
        print(f"{'  while the canvas updates live':<48} {frame_summary(running)}")
        context.close()
        browser.close()


def main() -> None:
    url = os.environ.get("BENCH_STUDIO_URL")
    if url:
        measure(url)
        return
    instance = devctl.INSTANCES["bench"]
    try:
        devctl.up(instance)
        measure(instance.gateway_url)
    finally:
        devctl.down(instance)


if __name__ == "__main__":
    main()
