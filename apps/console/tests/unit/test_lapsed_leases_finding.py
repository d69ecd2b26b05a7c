"""`jobsprint doctor` names workers that stopped renewing their leases (issue 18), from the
executor API's counter of executions it queued again for another worker."""

from __future__ import annotations

from jobsprint.console import doctor, probes

PAGE = """# HELP jobsprint_leases_lapsed_total Running executions whose worker stopped renewing the lease
# TYPE jobsprint_leases_lapsed_total counter
jobsprint_leases_lapsed_total {value}
"""


def test_executions_taken_from_a_worker_that_stopped_renewing_its_leases_are_a_warning() -> None:
    [finding] = doctor.lapsed_leases(probes.parse_metrics(PAGE.format(value="3.0")))
    assert (finding.check, finding.severity) == ("lapsed_leases", doctor.WARNING)
    assert finding.title.startswith("3 running execution(s) lost their worker")
    assert "frozen" in finding.explanation and finding.apply is None


def test_no_lapsed_lease_and_an_unreachable_executor_find_nothing() -> None:
    assert doctor.lapsed_leases(probes.parse_metrics(PAGE.format(value="0.0"))) == []
    assert doctor.lapsed_leases(probes.Scrape(False, "unreachable")) == []


HELD = """# HELP jobsprint_runs_requeued_total Executions whose run message was delivered to a worker that never acted on it
# TYPE jobsprint_runs_requeued_total counter
jobsprint_runs_requeued_total{{reason="not_queued"}} {queued}
jobsprint_runs_requeued_total{{reason="wake_up_lost"}} {woken}
"""


def test_runs_a_frozen_worker_held_unstarted_are_named_with_the_ones_it_was_running() -> None:
    held = HELD.format(queued="3.0", woken="1.0")
    [finding] = doctor.lapsed_leases(probes.parse_metrics(PAGE.format(value="1.0") + held))
    assert finding.title == (
        "1 running execution(s) lost their worker since the executor API started;"
        " 4 more were held unstarted by a worker"
    )
    [alone] = doctor.lapsed_leases(probes.parse_metrics(PAGE.format(value="0.0") + held))
    assert alone.title.startswith("4 execution(s) held unstarted by a worker were handed to another")
    assert alone.check == "lapsed_leases" and alone.apply is None
