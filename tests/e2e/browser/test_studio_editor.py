"""Studio's editor in Chromium: build a workflow by drag and drop, fill its parameters with
expressions, save, run and watch it live; a save refused field by field; a concurrent edit."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from ..conftest import create_workflow, login
from .conftest import Watched, axe, open_studio, register, screenshot, sign_in

pytestmark = pytest.mark.e2e


def drop(page: Page, node_type: str, x: int, y: int) -> None:
    """Drag a node type from the palette onto the canvas at (x, y) of the canvas."""
    canvas = page.get_by_role("region", name="Workflow canvas")
    page.get_by_role("button", name=node_type, exact=True).drag_to(canvas, target_position={"x": x, "y": y})


def connect(page: Page, output: str, source: str, target: str) -> None:
    page.get_by_title(f"{output} output of {source}", exact=True).drag_to(
        page.get_by_title(f"input of {target}", exact=True)
    )


def node(page: Page, name: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("group", name=name, exact=True)


def test_build_a_branching_webhook_workflow_run_it_and_watch_it_live(page: Page) -> None:
    register(page)
    expect(page.get_by_role("heading", name="No workflows yet")).to_be_visible()
    axe(page, "the empty workflows list")
    page.get_by_label("New workflow name").fill("Order router")
    page.get_by_role("button", name="Create workflow").click()
    expect(page.get_by_role("button", name="Run")).to_be_visible()

    # A blank workflow starts with a manual trigger; this one is started by a webhook.
    node(page, "start").click()
    page.keyboard.press("Delete")
    expect(node(page, "start")).to_have_count(0)
    drop(page, "trigger.webhook", 60, 300)
    drop(page, "core.set", 260, 300)
    drop(page, "core.if", 460, 300)
    drop(page, "core.set", 660, 200)
    drop(page, "core.set", 660, 420)
    for name in ("webhook", "set", "if", "set_2", "set_3"):
        expect(node(page, name)).to_be_visible()
    connect(page, "main", "webhook", "set")
    connect(page, "main", "set", "if")
    connect(page, "true", "if", "set_2")
    connect(page, "false", "if", "set_3")
    # A cycle is refused as it is drawn.
    connect(page, "main", "set_2", "set")
    expect(page.get_by_role("status").filter(has_text="would make a cycle")).to_be_visible()

    # Parameters: an expression picked from the autocomplete.
    node(page, "set").click()
    page.get_by_role("button", name="Add to values").click()
    page.get_by_label("values name 1").fill("big")
    value = page.get_by_label("values value 1", exact=True)
    value.click()
    value.press_sequentially("{{ steps.web")
    page.get_by_role("option", name="steps.webhook.output").click()
    value.press_sequentially(".amount > 100 }}")
    expect(value).to_have_value("{{ steps.webhook.output.amount > 100 }}")
    node(page, "if").click()
    page.get_by_label("condition", exact=True).fill("{{ steps.set.output.big }}")
    for name, route in (("set_2", "large"), ("set_3", "small")):
        node(page, name).click()
        page.get_by_role("button", name="Add to values").click()
        page.get_by_label("values name 1").fill("route")
        page.get_by_label("values value 1", exact=True).fill(route)
    axe(page, "the editor with a node selected")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("version 2 · saved")).to_be_visible()
    screenshot(page, "editor")

    page.get_by_label("Run input (JSON)").fill('{"amount": 150}')
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_role("status").filter(has_text="Run status:")).to_contain_text("succeeded")
    for name in ("webhook", "set", "if", "set_2"):
        expect(node(page, name)).to_contain_text("succeeded")
    expect(node(page, "set_3")).to_contain_text("skipped")
    node(page, "set_2").click()
    expect(page.get_by_label("Output of set_2")).to_contain_text('"route": "large"')
    expect(page.get_by_label("Input of set_2")).to_contain_text('"big": true')
    screenshot(page, "live-run")
    axe(page, "the editor after a run")

    # The run's data now feeds the autocomplete.
    node(page, "set_3").click()
    value = page.get_by_label("values value 1", exact=True)
    value.fill("")
    value.press_sequentially("{{ input.am")
    page.get_by_role("option", name="input.amount").click()
    value.press_sequentially(" * 2 }}")
    # Previewed by the API against the last run's data, in the engine's sandbox.
    expect(page.get_by_role("status").filter(has_text="Preview:")).to_contain_text("300")
    value.press_sequentially(" {{ input.amount +  }}")
    expect(page.get_by_role("status").filter(has_text="Preview error:")).to_be_visible()

    page.get_by_role("link", name="Open execution").click()
    expect(page.get_by_role("heading", name="Execution")).to_contain_text("succeeded")
    expect(
        page.get_by_role("region", name="Execution graph").get_by_role("group", name="set_2", exact=True)
    ).to_contain_text("succeeded")
    page.get_by_role("button", name="set_2", exact=True).click()
    expect(page.get_by_label("Output of set_2")).to_contain_text("large")
    screenshot(page, "execution")
    axe(page, "the execution page")


def open_editor(page: Page, workflow_id: str) -> None:
    page.goto(f"/workflows/{workflow_id}")
    expect(page.get_by_role("button", name="Run")).to_be_visible()


def test_a_refused_save_shows_each_error_on_its_node_and_field(page: Page, api: httpx.Client) -> None:
    email = register(page)
    user = login(api, email)
    workflow = create_workflow(api, user)
    open_editor(page, workflow["id"])
    node(page, "price").click()
    value = page.get_by_label("values value 1", exact=True)
    value.fill("{{ input.qty * }}")
    page.get_by_role("button", name="Save").click()
    # The API's own words, on the field they are about, and the node marked on the canvas.
    expect(node(page, "price")).to_contain_text("does not parse")
    expect(value).to_have_attribute("aria-invalid", "true")
    expect(value).to_have_accessible_description(
        re.compile(r"expression \{\{ input.qty \* \}\} does not parse")
    )
    expect(page.get_by_text("version 1 · unsaved changes")).to_be_visible()
    axe(page, "the editor showing a refused save")
    # Fixed, it saves.
    value.fill("{{ input.qty * 2 }}")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("version 2 · saved")).to_be_visible()
    expect(node(page, "price")).not_to_contain_text("does not parse")
    expect(value).not_to_have_attribute("aria-invalid", "true")


def test_a_missing_required_parameter_is_shown_on_its_field(page: Page, api: httpx.Client) -> None:
    email = register(page)
    user = login(api, email)
    workflow = create_workflow(api, user)
    open_editor(page, workflow["id"])
    page.get_by_role("button", name="core.http_request", exact=True).click()
    expect(node(page, "http_request")).to_be_visible()
    page.get_by_role("button", name="Save").click()
    url = page.get_by_label("url", exact=True)
    expect(url).to_have_attribute("aria-invalid", "true")
    expect(url).to_have_accessible_description("'url' is a required property")


def test_a_concurrent_edit_is_a_clear_conflict_never_a_silent_overwrite(
    browser: Browser, studio_url: str, contexts: list[Watched], api: httpx.Client
) -> None:
    first = open_studio(browser, studio_url, contexts)
    email = register(first)
    user = login(api, email)
    workflow = create_workflow(api, user)
    second = open_studio(browser, studio_url, contexts)
    sign_in(second, email)
    open_editor(first, workflow["id"])
    open_editor(second, workflow["id"])

    node(first, "price").click()
    first.get_by_label("Label").fill("Price (first)")
    first.get_by_role("button", name="Save").click()
    expect(first.get_by_text("version 2 · saved")).to_be_visible()

    node(second, "price").click()
    second.get_by_label("Label").fill("Price (second)")
    second.get_by_role("button", name="Save").click()
    conflict = second.get_by_role("alert").filter(has_text="Someone else saved this workflow")
    expect(conflict).to_contain_text("now version 2")
    axe(second, "the editor showing a conflict")
    stored = api.get(f"/v1/workflows/{workflow['id']}", headers=user.headers).json()
    assert stored["version"] == 2 and stored["definition"]["nodes"][1]["name"] == "Price (first)"

    second.get_by_role("button", name="Load their version").click()
    expect(node(second, "Price (first)")).to_be_visible()
    expect(conflict).to_have_count(0)
