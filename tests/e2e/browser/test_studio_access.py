"""Who may do what in Studio, and how it ends: a viewer cannot edit (and the API refuses them
anyway), members and API keys in the admin console, versions and roll back, signing out ends the
session for good; every control reachable by keyboard; axe on the pages not visited elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from ..conftest import create_workflow, login, register_and_login
from .conftest import Watched, axe, open_studio, register, sign_in
from .test_studio_editor import node, open_editor

pytestmark = pytest.mark.e2e


def test_sign_in_and_register_pages_are_accessible(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile("/sign-in$"))
    expect(page.get_by_label("Email")).to_be_visible()
    expect(page.get_by_label("Password")).to_be_visible()
    axe(page, "the sign-in page")
    page.get_by_label("Email").fill("nobody@example.com")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    # The API's own words.
    expect(page.get_by_role("alert")).to_contain_text("password")
    page.get_by_role("link", name="Create an account").click()
    axe(page, "the register page")


def test_a_viewer_cannot_edit_and_the_api_refuses_them_too(
    browser: Browser, studio_url: str, contexts: list[Watched], api: httpx.Client
) -> None:
    owner_page = open_studio(browser, studio_url, contexts)
    owner_email = register(owner_page)
    owner = login(api, owner_email)
    workflow = create_workflow(api, owner)
    viewer = register_and_login(api)

    owner_page.get_by_role("link", name="Admin").click()
    owner_page.get_by_label("Member email").fill(viewer.email)
    owner_page.get_by_label("Role", exact=True).select_option("viewer")
    owner_page.get_by_role("button", name="Add member").click()
    expect(owner_page.get_by_role("row").filter(has_text=viewer.email)).to_be_visible()
    axe(owner_page, "the admin console")
    workspace_id = owner_page.get_by_text("Workspace ID:").inner_text().split(":", 1)[1].strip()
    workspace_name = api.get("/v1/me", headers=owner.headers).json()["workspace"]["name"]

    # The viewer signs in to their own workspace and switches to the owner's from Account: their
    # workspaces are listed, and the switch asks for no password (ADR-098).
    page = open_studio(browser, studio_url, contexts)
    sign_in(page, viewer.email)
    page.get_by_role("link", name="Account").click()
    axe(page, "the account page with two workspaces")
    page.get_by_role("button", name=f"Switch to {workspace_name}").click()
    expect(page.get_by_text(f"in {workspace_name} (viewer)")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Switch to "))).to_have_count(1)
    page.get_by_role("link", name="Workflows").click()
    expect(page.get_by_role("link", name="Admin")).to_have_count(0)
    expect(page.get_by_role("button", name="Create workflow")).to_have_count(0)
    page.get_by_role("link", name=workflow["name"]).click()
    expect(page.get_by_text("read only (viewer)")).to_be_visible()
    expect(page.get_by_role("button", name="Save")).to_be_disabled()
    expect(page.get_by_role("button", name="core.set", exact=True)).to_be_disabled()
    node(page, "price").click()
    expect(page.get_by_label("Node ID")).to_be_disabled()
    expect(page.get_by_role("button", name="Delete node")).to_have_count(0)
    axe(page, "the editor, read only")

    as_viewer = login(api, viewer.email, workspace_id)
    refused = api.patch(
        f"/v1/workflows/{workflow['id']}",
        json={"name": "mine now"},
        headers={**as_viewer.headers, "If-Match": workflow["etag"]},
    )
    assert refused.status_code == 403, refused.text


def test_versions_diff_and_roll_back(page: Page, api: httpx.Client) -> None:
    email = register(page)
    workflow = create_workflow(api, login(api, email))
    open_editor(page, workflow["id"])
    node(page, "price").click()
    page.get_by_label("Label").fill("Total price")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("version 2 · saved")).to_be_visible()
    page.get_by_role("button", name="Versions").click()
    versions = page.get_by_role("region", name="Versions")
    versions.get_by_role("row").filter(has_text=re.compile(r"^1")).get_by_label("from").check()
    versions.get_by_role("row").filter(has_text="(current)").get_by_label("to").check()
    diff = page.get_by_role("region", name="Changes from version 1 to 2")
    expect(diff).to_contain_text("changed: price (name")
    expect(diff.get_by_role("group", name="Total price", exact=True)).to_be_visible()
    axe(page, "the versions panel with a diff")
    versions.get_by_role("button", name="Roll back to version 1").click()
    expect(page.get_by_text("version 3")).to_be_visible()
    expect(node(page, "price")).to_be_visible()


def test_api_keys_show_their_secret_once(page: Page) -> None:
    register(page)
    page.get_by_role("link", name="Admin").click()
    page.get_by_label("Key name").fill("nightly import")
    page.get_by_label("run").check()
    page.get_by_role("button", name="Create API key").click()
    shown = page.get_by_label("New API key")
    key = shown.input_value()
    assert key
    page.get_by_role("button", name="Copy key").click()
    assert page.evaluate("() => navigator.clipboard.readText()") == key
    page.get_by_role("button", name="Done").click()
    expect(page.get_by_role("row").filter(has_text="nightly import")).to_contain_text("read, run")
    expect(page.locator("body")).not_to_contain_text(key)


def test_sign_out_ends_the_session_and_its_refresh_cookie(
    page: Page, api: httpx.Client, studio_url: str
) -> None:
    register(page)
    # A reload keeps you signed in: the HttpOnly refresh cookie buys a new access token.
    page.reload()
    expect(page.get_by_role("heading", name="Workflows", exact=True)).to_be_visible()
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    refresh = cookies["jobsprint_refresh"]
    assert refresh["httpOnly"] and refresh["secure"] and refresh["sameSite"] == "Strict"
    assert refresh["path"] == "/v1/auth/session"
    assert page.evaluate("() => document.cookie").find("jobsprint_refresh") == -1

    page.get_by_role("link", name="Account").click()
    sessions = page.get_by_role("region", name="Sessions")
    expect(sessions.get_by_role("row").filter(has_text="(this one)")).to_be_visible()
    axe(page, "the account page")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.goto("/workflows")
    expect(page).to_have_url(re.compile("/sign-in$"))
    # The cookie the browser had is dead at the server too.
    replay = api.post(
        "/v1/auth/session/refresh",
        headers={
            "Cookie": f"jobsprint_refresh={refresh['value']}; jobsprint_csrf={cookies['jobsprint_csrf']['value']}",
            "X-CSRF-Token": cookies["jobsprint_csrf"]["value"],
        },
    )
    assert replay.status_code == 401, replay.text


def reach_by_tab(page: Page, targets: list[Locator], limit: int = 250) -> None:
    """Tab from the top of the page until every target has had the focus."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.mouse.click(1, 1)
    for _ in range(limit):
        page.keyboard.press("Tab")
        page.evaluate(
            "() => document.activeElement && document.activeElement.setAttribute('data-had-focus', '1')"
        )
        if all(target.get_attribute("data-had-focus") == "1" for target in targets):
            return
    missed = [str(target) for target in targets if target.get_attribute("data-had-focus") != "1"]
    raise AssertionError(f"not reachable by Tab: {missed}")


def test_the_editor_works_from_the_keyboard(page: Page, api: httpx.Client) -> None:
    email = register(page)
    workflow = create_workflow(api, login(api, email))
    page.reload()
    axe(page, "the workflows list")
    reach_by_tab(
        page,
        [
            page.get_by_role("link", name="Workflows", exact=True),
            page.get_by_role("link", name="Executions"),
            page.get_by_role("button", name="Sign out"),
            page.get_by_label("Search workflows"),
            page.get_by_role("link", name=workflow["name"]),
        ],
    )
    open_editor(page, workflow["id"])
    reach_by_tab(
        page,
        [
            page.get_by_role("button", name="Save"),
            page.get_by_role("button", name="Versions"),
            page.get_by_label("Search node types"),
            page.get_by_role("button", name="core.noop", exact=True),
            node(page, "price").locator(".."),
            page.get_by_label("Run input (JSON)"),
            page.get_by_role("button", name="Run"),
        ],
    )
    # Add a node and connect it without a mouse.
    page.get_by_role("button", name="core.noop", exact=True).focus()
    page.keyboard.press("Enter")
    expect(node(page, "noop")).to_be_visible()
    page.get_by_label("Search node types").focus()
    page.keyboard.press("Escape")
    node(page, "price").locator("..").focus()
    page.keyboard.press("Enter")
    connect = page.get_by_role("form", name="Connect to another node")
    connect.get_by_label("To node").select_option("noop")
    connect.get_by_role("button", name="Connect").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Control+s")
    expect(page.get_by_text("version 2 · saved")).to_be_visible()
    stored = api.get(f"/v1/workflows/{workflow['id']}", headers=login(api, email).headers).json()
    assert {"from": "price", "to": "noop"} in stored["definition"]["edges"]
    # `?` lists the shortcuts.
    page.get_by_role("button", name="Run").focus()
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_contain_text("Undo")
    axe(page, "the shortcuts dialog")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_the_list_searches_tags_duplicates_deletes_restores_and_imports(
    page: Page, api: httpx.Client, tmp_path: Path
) -> None:
    email = register(page)
    user = login(api, email)
    workflow = create_workflow(api, user)
    create_workflow(api, user, {"name": "nightly report", "definition": workflow["definition"]})
    open_editor(page, workflow["id"])
    page.get_by_role("button", name="Details").click()
    details = page.get_by_role("region", name="Details")
    details.get_by_label("Tags (comma separated)").fill("billing, orders")
    details.get_by_role("button", name="Save details").click()
    expect(details.get_by_role("status")).to_have_text("Details saved")
    page.get_by_role("link", name="Workflows", exact=True).first.click()

    rows = page.get_by_role("table", name="Workflows").get_by_role("row")
    expect(rows).to_have_count(3)
    page.get_by_label("Search workflows").fill("nightly")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("nightly report")
    page.get_by_label("Search workflows").fill("")
    page.get_by_label("Tag").fill("billing")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("order total")
    expect(rows.nth(1)).to_contain_text("never run")
    page.get_by_label("Tag").fill("")

    page.get_by_role("button", name="Duplicate order total").click()
    expect(page.get_by_text("order total (copy)")).to_be_visible()
    page.get_by_role("link", name="Workflows", exact=True).first.click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export order total", exact=True).click()
    exported = tmp_path / "order-total.json"
    download.value.save_as(exported)
    page.get_by_role("button", name="Delete nightly report").click()
    expect(page.get_by_role("link", name="nightly report")).to_have_count(0)
    page.get_by_label("Show trash").check()
    page.get_by_role("button", name="Restore nightly report").click()
    expect(page.get_by_text("The trash is empty.")).to_be_visible()
    page.get_by_label("Show trash").uncheck()
    expect(page.get_by_role("link", name="nightly report")).to_be_visible()
    page.get_by_label("Import a workflow file").set_input_files(str(exported))
    expect(page.get_by_role("button", name="Run")).to_be_visible()
    names = [w["name"] for w in api.get("/v1/workflows", headers=user.headers).json()["items"]]
    assert sorted(names) == ["nightly report", "order total", "order total", "order total (copy)"]


CONTROLS = """() => {
  const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')];
  // A native control taken out of the Tab order (tabindex=-1) counts: it is a keyboard dead end.
  const native = (e) => e.matches('a[href], button, input, select, textarea');
  const shown = all.filter((e) => !e.disabled && (native(e) || e.tabIndex >= 0) && e.getClientRects().length > 0
    && getComputedStyle(e).visibility !== 'hidden' && !e.closest('[inert], [hidden], dialog:not([open])'));
  shown.forEach((e, i) => e.setAttribute('data-control', String(i)));
  return shown.length;
}"""


def every_control_reachable(page: Page, what: str) -> None:
    """Tab from the top until every visible, enabled control has had the focus."""
    count = page.evaluate(CONTROLS)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    seen: set[str] = set()
    for _ in range(count * 2 + 10):
        page.keyboard.press("Tab")
        index = page.evaluate("() => document.activeElement?.getAttribute('data-control')")
        if index is not None:
            seen.add(index)
        if len(seen) == count:
            return
    missed = page.evaluate(
        "(seen) => [...document.querySelectorAll('[data-control]')].filter(e => !seen.includes(e.getAttribute('data-control')))"
        ".map(e => e.outerHTML.slice(0, 120))",
        sorted(seen),
    )
    raise AssertionError(f"not reachable by Tab on {what}: {missed}")


def test_every_control_of_every_page_is_reachable_by_keyboard(page: Page, api: httpx.Client) -> None:
    email = register(page)
    user = login(api, email)
    workflow = create_workflow(api, user)
    run = api.post(
        f"/v1/workflows/{workflow['id']}/run?wait=true", json={"input": {"qty": 1}}, headers=user.headers
    )
    assert run.status_code == 200, run.text
    pages = {
        "/workflows": page.get_by_role("link", name=workflow["name"]),
        f"/workflows/{workflow['id']}": page.get_by_role("button", name="Run"),
        "/executions": page.get_by_role("table", name="Executions"),
        f"/executions/{run.json()['execution_id']}": page.get_by_role("table", name="Steps"),
        "/credentials": page.get_by_role("button", name="New credential"),
        "/admin": page.get_by_role("heading", name="Audit log"),
        "/account": page.get_by_role("heading", name="Sessions"),
    }
    for path, ready in pages.items():
        page.goto(path)
        expect(ready).to_be_visible()
        page.wait_for_load_state("networkidle")
        every_control_reachable(page, path)
