"""`email`: send a message over SMTP (STARTTLS, implicit TLS or plain), text and/or HTML, with
attachments from step data. The connection goes through the SSRF guard like every other."""

from __future__ import annotations

import base64
import binascii
import smtplib
import socket
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from jobsprint.common import outbound
from jobsprint.common.outbound import OutboundPolicy, OutboundRefused
from jobsprint.integrations.adapters.connectors.base import ActionContext
from jobsprint.integrations.domain.connector import (
    Action,
    ActionResult,
    Credential,
    PermanentError,
    RetryableError,
    object_schema,
)

ADDRESSES = {
    "oneOf": [
        {"type": "string", "minLength": 3, "maxLength": 320},
        {"type": "array", "items": {"type": "string", "minLength": 3, "maxLength": 320}, "maxItems": 100},
    ]
}
SEND = Action(
    "send",
    "Send an e-mail through the SMTP credential's server. Attachments carry `content` as text "
    "(`encoding: utf-8`, the default) or base64 (`encoding: base64`).",
    object_schema(
        {
            "to": ADDRESSES,
            "cc": ADDRESSES,
            "bcc": ADDRESSES,
            "from": {"type": "string", "maxLength": 320},
            "reply_to": {"type": "string", "maxLength": 320},
            "subject": {"type": "string", "maxLength": 998},
            "text": {"type": "string"},
            "html": {"type": "string"},
            "attachments": {
                "type": "array",
                "maxItems": 20,
                "items": object_schema(
                    {
                        "filename": {"type": "string", "minLength": 1, "maxLength": 255},
                        "content": {"type": "string"},
                        "encoding": {"enum": ["utf-8", "base64"]},
                        "content_type": {"type": "string", "pattern": "^[\\w.+-]+/[\\w.+-]+$"},
                    },
                    ("filename", "content"),
                ),
            },
        },
        ("to", "subject"),
    ),
    object_schema({"message_id": {"type": "string"}, "accepted": {"type": "array"}}, ("message_id",)),
)


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


class _GuardedSMTP(smtplib.SMTP):
    """smtplib that connects to the address the guard checked; STARTTLS still verifies the name."""

    def __init__(self, *, policy: OutboundPolicy, **kwargs: Any) -> None:
        self._policy = policy
        super().__init__(**kwargs)

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:  # type: ignore[override]
        return outbound.connect_checked(host, port, self._policy, timeout=timeout)


class _GuardedSMTPSSL(smtplib.SMTP_SSL):
    def __init__(self, *, policy: OutboundPolicy, **kwargs: Any) -> None:
        self._policy = policy
        super().__init__(**kwargs)

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:  # type: ignore[override]
        raw = outbound.connect_checked(host, port, self._policy, timeout=timeout)
        return self.context.wrap_socket(raw, server_hostname=host)


def open_smtp(ctx: ActionContext, credential: Credential) -> smtplib.SMTP:
    config = credential.config
    host, security = str(config["host"]), str(config.get("security", "starttls"))
    port = int(config.get("port") or (465 if security == "tls" else 587))
    context = ctx.policy.tls()
    timeout = ctx.limits.smtp_timeout_seconds
    try:
        smtp: smtplib.SMTP
        if security == "tls":
            smtp = _GuardedSMTPSSL(policy=ctx.policy, host=host, port=port, timeout=timeout, context=context)
        else:
            smtp = _GuardedSMTP(policy=ctx.policy, host=host, port=port, timeout=timeout)
            if security == "starttls":
                smtp.starttls(context=context)
        if config.get("username"):
            smtp.login(str(config["username"]), str(credential.secret.get("password", "")))
    except OutboundRefused as exc:
        raise PermanentError(f"SMTP server refused by the SSRF guard: {exc}") from exc
    except smtplib.SMTPAuthenticationError as exc:
        raise PermanentError(f"the SMTP server refused the login ({exc.smtp_code})") from exc
    except ssl.SSLCertVerificationError as exc:
        raise PermanentError(
            f"the SMTP server's TLS certificate is not trusted: {exc.verify_message}"
        ) from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise PermanentError(f"the SMTP server does not support {security}: {exc}") from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise RetryableError(f"cannot reach the SMTP server {host}:{port}: {exc}") from exc
    return smtp


class EmailConnector:
    name = "email"
    description = "Send e-mail over SMTP with STARTTLS or TLS: plain text, HTML, attachments."
    credential_types = ("smtp",)
    credential_required = True
    actions = (SEND,)

    def _message(self, credential: Credential, parameters: Mapping[str, Any]) -> EmailMessage:
        message = EmailMessage()
        sender = parameters.get("from") or credential.config.get("from") or credential.config.get("username")
        if not sender:
            raise PermanentError("no sender: give `from`, or set `from` on the SMTP credential")
        message["From"] = str(sender)
        message["To"] = ", ".join(_list(parameters["to"]))
        if parameters.get("cc"):
            message["Cc"] = ", ".join(_list(parameters["cc"]))
        if parameters.get("reply_to"):
            message["Reply-To"] = str(parameters["reply_to"])
        message["Subject"] = str(parameters["subject"])
        message["Message-ID"] = make_msgid(domain=str(sender).rpartition("@")[2] or None)
        text, html = parameters.get("text"), parameters.get("html")
        message.set_content(str(text if text is not None else ""))
        if html is not None:
            message.add_alternative(str(html), subtype="html")
        for attachment in parameters.get("attachments") or ():
            content_type = str(attachment.get("content_type", "application/octet-stream"))
            maintype, _, subtype = content_type.partition("/")
            if attachment.get("encoding") == "base64":
                try:
                    data = base64.b64decode(str(attachment["content"]), validate=True)
                except binascii.Error as exc:
                    raise PermanentError(
                        f"attachment {attachment['filename']!r} is not valid base64"
                    ) from exc
            else:
                data = str(attachment["content"]).encode()
            message.add_attachment(
                data, maintype=maintype, subtype=subtype, filename=str(attachment["filename"])
            )
        return message

    def invoke(self, ctx: ActionContext, action: str, parameters: Mapping[str, Any]) -> ActionResult:
        credential = ctx.credential
        assert credential is not None
        message = self._message(credential, parameters)
        recipients = _list(parameters["to"]) + _list(parameters.get("cc")) + _list(parameters.get("bcc"))
        smtp = open_smtp(ctx, credential)
        try:
            refused = smtp.send_message(message, to_addrs=recipients)
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentError(
                f"the SMTP server refused every recipient: {sorted(exc.recipients)}"
            ) from exc
        except smtplib.SMTPResponseException as exc:
            error = PermanentError if 500 <= exc.smtp_code < 600 else RetryableError
            raise error(f"the SMTP server answered {exc.smtp_code}: {exc.smtp_error!r}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise RetryableError(f"sending failed: {exc}") from exc
        finally:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
        accepted = [r for r in recipients if r not in refused]
        return ActionResult({"message_id": message["Message-ID"], "accepted": accepted})

    def test(self, ctx: ActionContext, target: str) -> str:
        assert ctx.credential is not None
        smtp = open_smtp(ctx, ctx.credential)
        smtp.quit()
        return f"connected to {ctx.credential.config['host']} and logged in"


CONNECTOR = EmailConnector()
