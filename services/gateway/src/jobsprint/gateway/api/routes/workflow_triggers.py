"""Whether a workflow's triggers fire (activate, deactivate), and its webhook's URL and signing
secret."""

from __future__ import annotations

from fastapi import APIRouter
from jobsprint.api.workflows.v1 import workflows_pb2
from jobsprint.gateway.api import models
from jobsprint.gateway.api.routes.workflows import WITH_ETAG, Workflows
from jobsprint.gateway.api.routing import DocumentRoute
from jobsprint.gateway.openapi import errors, merge

router = APIRouter(prefix="/workflows", tags=["workflows"], route_class=DocumentRoute)


@router.post("/{workflow_id}/activate", responses=merge(WITH_ETAG, errors(403, 404)))
async def activate_workflow(workflow_id: str, workflows: Workflows) -> models.WorkflowPublic:
    """Let the workflow's webhook and schedule fire."""
    return await workflows.changed(workflows_pb2.ActivateWorkflowRequest(id=workflow_id))


@router.post("/{workflow_id}/deactivate", responses=merge(WITH_ETAG, errors(403, 404)))
async def deactivate_workflow(workflow_id: str, workflows: Workflows) -> models.WorkflowPublic:
    """Stop the workflow's webhook and schedule."""
    return await workflows.changed(workflows_pb2.DeactivateWorkflowRequest(id=workflow_id))


NOT_A_WEBHOOK = "The workflow's trigger is not `trigger.webhook`."


@router.post(
    "/{workflow_id}/webhook/rotate", responses=merge(WITH_ETAG, errors(403, 404, 409, e409=NOT_A_WEBHOOK))
)
async def rotate_webhook(workflow_id: str, workflows: Workflows) -> models.WorkflowPublic:
    """Give the webhook a new URL; the old one answers 404 from now on."""
    return await workflows.changed(workflows_pb2.RotateWebhookTokenRequest(id=workflow_id))


@router.put("/{workflow_id}/webhook/secret", responses=merge(WITH_ETAG, errors(403, 404)))
async def set_webhook_secret(
    workflow_id: str, body: models.WebhookSecret, workflows: Workflows
) -> models.WorkflowPublic:
    """Require hook requests to be signed: X-Jobsprint-Signature-256: sha256=<HMAC of the body>."""
    return await workflows.changed(workflows_pb2.SetWebhookSecretRequest(id=workflow_id, secret=body.secret))


@router.delete(
    "/{workflow_id}/webhook/secret", responses=merge(WITH_ETAG, errors(403, 404, 422, e422=NOT_A_WEBHOOK))
)
async def clear_webhook_secret(workflow_id: str, workflows: Workflows) -> models.WorkflowPublic:
    """Stop requiring signed hook requests."""
    return await workflows.changed(workflows_pb2.SetWebhookSecretRequest(id=workflow_id, secret=""))
