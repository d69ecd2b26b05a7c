"""`jobsprint doctor` names run messages no worker could decode apart from the workspaces' dead
letters (ADR-102): they cannot be replayed, an operator reads and discards them."""

from __future__ import annotations

from jobsprint.console import doctor, probes

PAGE = """# HELP jobsprint_dead_letters_pending Dead letters not replayed, by reason
# TYPE jobsprint_dead_letters_pending gauge
jobsprint_dead_letters_pending{{reason="malformed"}} {malformed}
jobsprint_dead_letters_pending{{reason="retries_exhausted"}} {exhausted}
"""


def findings(malformed: str, exhausted: str) -> dict[str, doctor.Finding]:
    scrape = probes.parse_metrics(PAGE.format(malformed=malformed, exhausted=exhausted))
    return {
        f.check: f for f in doctor._from_vitals(scrape) if f.check in ("dead_letters", "malformed_messages")
    }


def test_malformed_messages_are_their_own_finding_with_the_discard_command() -> None:
    found = findings("2.0", "3.0")
    assert found["malformed_messages"].title.startswith("2 run message(s) no worker could decode")
    assert (
        "--scope instance" in found["malformed_messages"].fix and "discard" in found["malformed_messages"].fix
    )
    assert found["dead_letters"].title.startswith("3 dead letter(s)")


def test_no_malformed_message_no_finding() -> None:
    assert "malformed_messages" not in findings("0.0", "1.0")
