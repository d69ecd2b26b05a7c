"""What a dead letter keeps of a run message no worker could decode (ADR-102): not the message,
which may be anyone's data and belongs to no workspace, but enough to find where it came from."""

from __future__ import annotations

import hashlib

# How much of the body a letter shows: enough to recognise a producer, too little to hold a
# payload. The message itself stays in the dead-letter queue.
PREVIEW_BYTES = 256
MAX_MESSAGE_ID = 255
MAX_ROUTING_KEY = 255


def preview(body: bytes) -> str:
    """The first PREVIEW_BYTES bytes as text: UTF-8 where it decodes, every other byte and every
    control character escaped (`\\xff`, `\\x00`), so the preview is printable and one line; `…` when
    cut."""
    head = body[:PREVIEW_BYTES]
    text = head.decode("utf-8", errors="backslashreplace")
    shown = "".join(ch if ch.isprintable() else _escape(ch) for ch in text)
    return shown + ("…" if len(body) > PREVIEW_BYTES else "")


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def message_key(message_id: str | None, body: bytes) -> str:
    """What makes a redelivered copy the same letter: the AMQP message id, or, for a message
    without one, a hash of its body."""
    if message_id:
        return "id:" + message_id[:MAX_MESSAGE_ID]
    return "sha256:" + hashlib.sha256(body).hexdigest()
