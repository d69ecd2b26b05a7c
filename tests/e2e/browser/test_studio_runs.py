"""Studio's runs and the world outside: a failing HTTP step retried from the failed step once its
target is fixed; a webhook activated in the editor and called; a credential whose secret is never
seen again."""

from __future__ import annotations

import re
from collections.abc import Iterator

import devctl
import httpx
import pytest
from jobsprint.common.testing import RecordingTarget, recording_server
from playwright.sync_api import Page, expect

from ..conftest import create_workflow, login
from .conftest import axe, register
from .test_studio_editor import node, open_editor

pytestmark = pytest.mark.e2e


@pytest.fixture
def target() -> Iterator[RecordingTarget]:
    with recording_server() as served:
        yield served


def test_a_failing_http_step_is_retried_from_the_failed_step_after_the_fix(
    page: Page, api: httpx.Client, target: RecordingTarget
) -> None:
    email = register(page)
    user = login(api, email)
    target.healthy = False
    workflow = create_workflow(
        api,
        user,
        {
            "name": "notify",
            "definition": {
                "nodes": [
                    {"id": "start", "type": "trigger.manual"},
                    {
                        "id": "prepare",
                        "type": "core.set",
                        "parameters": {"values": {"n": "{{ input.n + 1 }}"}},
                    },
                    {
                        "id": "notify",
                        "type": "core.http_request",
                        "parameters": {
                            "method": "POST",
                            "url": target.url,
                            "body": "{{ steps.prepare.output }}",
                        },
                    },
                ],
                "edges": [{"from": "start", "to": "prepare"}, {"from": "prepare", "to": "notify"}],
            },
        },
    )
    open_editor(page, workflow["id"])
    page.get_by_label("Run input (JSON)").fill('{"n": 1}')
    page.get_by_role("button", name="Run").click()
    status = page.get_by_role("status").filter(has_text="Run status:")
    expect(status).to_contain_text("failed")
    expect(node(page, "prepare")).to_contain_text("succeeded")
    expect(node(page, "notify")).to_contain_text("failed")
    node(page, "notify").click()
    expect(page.get_by_role("region", name="Step notify in this run")).to_contain_text("503")
    axe(page, "the editor after a failed run")

    target.healthy = True  # the outside service is fixed
    page.get_by_role("button", name="Retry from failed step").click()
    expect(status).to_contain_text("succeeded")
    expect(node(page, "notify")).to_contain_text("succeeded")
    # The retry reused the step before the failure rather than running it again.
    page.get_by_role("link", name="Open execution").click()
    expect(page.get_by_text("retries")).to_be_visible()
    assert [body for _key, body in target.bodies][-1] == {"n": 2}


def test_activate_a_webhook_in_the_editor_and_call_it(page: Page, api: httpx.Client) -> None:
    register(page)
    page.get_by_role("button", name="Start from “Webhook router”").click()
    expect(page.get_by_role("button", name="Run")).to_be_visible()
    page.get_by_role("button", name="Activation").click()
    panel = page.get_by_role("region", name="Activation")
    expect(panel).to_contain_text("inactive")
    panel.get_by_role("button", name="Activate").click()
    expect(panel).to_contain_text("This workflow is active")
    url = panel.get_by_label("Webhook URL")
    expect(url).to_have_value(re.compile(r"/v1/hooks/"))
    panel.get_by_role("button", name="Copy URL").click()
    expect(panel.get_by_role("status")).to_have_text("Copied")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == url.input_value() and "/v1/hooks/" in copied
    axe(page, "the activation panel")

    answer = httpx.post(copied, json={"amount": 500}, timeout=30)
    assert answer.status_code == 200, answer.text
    assert answer.json()["route"] == "large"

    page.get_by_role("link", name="Executions").click()
    expect(page.get_by_role("table", name="Executions").get_by_text("succeeded")).to_be_visible()
    axe(page, "the executions list")


def test_a_credential_secret_is_never_visible_again(page: Page, api: httpx.Client) -> None:
    email = register(page)
    secret = "s3cr3t-token-that-must-never-come-back"
    page.get_by_role("link", name="Credentials").click()
    expect(page.get_by_role("heading", name="No credentials yet")).to_be_visible()
    page.get_by_role("button", name="New credential").click()
    form = page.get_by_role("form", name="New credential")
    form.get_by_label("Name").fill("github")
    form.get_by_label("Type").select_option("bearer")
    form.get_by_label("token").fill(secret)
    axe(page, "the new credential form")
    form.get_by_role("button", name="Create credential").click()
    row = page.get_by_role("row").filter(has_text="github")
    expect(row).to_contain_text("bearer")
    expect(row).to_contain_text("token: ••••••")

    def nowhere() -> None:
        expect(page.locator("body")).not_to_contain_text(secret)
        values = page.evaluate("() => [...document.querySelectorAll('input, textarea')].map(e => e.value)")
        assert all(secret not in value for value in values)

    nowhere()
    row.get_by_role("button", name="Edit github").click()
    edit = page.get_by_role("form", name="Edit github")
    expect(edit.get_by_label("token")).to_have_value("")
    nowhere()
    page.reload()
    expect(page.get_by_role("row").filter(has_text="github")).to_be_visible()
    nowhere()
    axe(page, "the credentials list")
    user = login(api, email)
    listed = api.get("/v1/credentials", headers=user.headers)
    assert secret not in listed.text


def test_the_live_view_resumes_after_the_gateway_restarts_mid_run(
    page: Page, api: httpx.Client, suite: devctl.Instance
) -> None:
    email = register(page)
    user = login(api, email)
    workflow = create_workflow(
        api,
        user,
        {
            "name": "slow",
            "definition": {
                "nodes": [
                    {"id": "start", "type": "trigger.manual"},
                    {"id": "before", "type": "core.set", "parameters": {"values": {"a": 1}}},
                    {"id": "pause", "type": "core.wait", "parameters": {"seconds": 4}},
                    {"id": "after", "type": "core.set", "parameters": {"values": {"b": 2}}},
                ],
                "edges": [
                    {"from": "start", "to": "before"},
                    {"from": "before", "to": "pause"},
                    {"from": "pause", "to": "after"},
                ],
            },
        },
    )
    open_editor(page, workflow["id"])
    page.get_by_role("button", name="Run").click()
    expect(node(page, "before")).to_contain_text("succeeded")
    expect(node(page, "after")).not_to_contain_text("succeeded")
    # The stream's connection dies with the gateway (killed: a graceful stop would let the stream
    # finish first); supervisord starts it again and the page reconnects with Last-Event-ID.
    devctl.supervisorctl(suite, "signal", "KILL", "gateway", check=True)
    expect(page.get_by_role("status").filter(has_text="Run status:")).to_contain_text(
        "succeeded", timeout=30_000
    )
    for name in ("start", "before", "pause", "after"):
        expect(node(page, name)).to_contain_text("succeeded")
