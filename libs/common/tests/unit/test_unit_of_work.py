"""The shared unit of work's contract, on its fake: commit once, publish only what commits, and
undo what a block did without committing; and workspace data keys over the data-key port."""

from __future__ import annotations

import pytest
from jobsprint.common.envelope import (
    DataKeysUnitOfWork,
    DecryptionFailed,
    MasterKeyRing,
    WorkspaceKeys,
    WrappedKey,
)
from jobsprint.common.fakes import FakeDataKeyStore, FakeUnitOfWork
from jobsprint.common.unit_of_work import OutboxMessage

RING_A = MasterKeyRing(keys={"a": b"A" * 32}, current_kid="a")
RING_AB = MasterKeyRing(keys={"a": b"A" * 32, "b": b"B" * 32}, current_kid="b")


class Notes:
    """A repository of the simplest kind."""

    def __init__(self) -> None:
        self.items: list[str] = []


class NotesUnitOfWork(FakeUnitOfWork, DataKeysUnitOfWork):
    data_keys: FakeDataKeyStore

    def __init__(self) -> None:
        super().__init__()
        self.notes = self.track(Notes())
        self.data_keys = self.track(FakeDataKeyStore())


MESSAGE = OutboxMessage("jobsprint.events", "note.added", b"{}")


def test_what_commits_stays_and_its_messages_are_published() -> None:
    uow = NotesUnitOfWork()
    with uow:
        uow.notes.items.append("kept")
        uow.publish(MESSAGE)
        uow.commit()
    assert uow.notes.items == ["kept"]
    assert (uow.commits, uow.published) == (1, [MESSAGE])


def test_a_block_left_without_commit_is_undone_and_publishes_nothing() -> None:
    uow = NotesUnitOfWork()
    with uow:
        uow.notes.items.append("kept")
        uow.commit()
    with pytest.raises(RuntimeError), uow:
        uow.notes.items.append("lost")
        uow.publish(MESSAGE)
        raise RuntimeError("the use case failed")
    with uow:
        uow.notes.items.append("also lost")  # no commit
    assert uow.notes.items == ["kept"]
    assert (uow.commits, uow.published) == (1, [])


def test_work_after_a_commit_in_the_same_block_is_undone_too() -> None:
    uow = NotesUnitOfWork()
    with uow:
        uow.notes.items.append("first")
        uow.commit()
        uow.notes.items.append("second")
    assert uow.notes.items == ["first"]


def test_a_workspace_data_key_is_made_once_and_opens_the_same_afterwards() -> None:
    store, keys = FakeDataKeyStore(), WorkspaceKeys(RING_A)
    first = keys.for_workspace(store, "w1")
    assert keys.for_workspace(store, "w1") == first
    assert WorkspaceKeys(RING_A).for_workspace(store, "w1") == first  # from the store, not memory
    assert list(store.keys) == ["w1"] and store.keys["w1"].master_kid == "a"


def test_a_remembered_key_is_found_by_its_wrapped_bytes_only() -> None:
    store, keys = FakeDataKeyStore(), WorkspaceKeys(RING_A)
    keys.for_workspace(store, "w1")
    with pytest.raises(DecryptionFailed):
        keys.unwrap("w1", "a", b"\x01" + b"0" * 60)


def test_rewrap_all_moves_every_key_to_the_current_master_key_and_reports_the_unreadable() -> None:
    uow = NotesUnitOfWork()
    for workspace in ("w1", "w2"):
        WorkspaceKeys(RING_A).for_workspace(uow.data_keys, workspace)
    uow.data_keys.keys["lost"] = WrappedKey("lost", "retired", b"x" * 60)
    before = {w: WorkspaceKeys(RING_A).for_workspace(uow.data_keys, w) for w in ("w1", "w2")}

    report = WorkspaceKeys(RING_AB).rewrap_all(lambda: uow)

    assert (report.rewrapped, report.already_current, report.unreadable) == (2, 0, ("lost",))
    assert {w: k.master_kid for w, k in uow.data_keys.keys.items()} == {
        "w1": "b",
        "w2": "b",
        "lost": "retired",
    }
    only_b = WorkspaceKeys(MasterKeyRing(keys={"b": b"B" * 32}, current_kid="b"))
    assert {w: only_b.for_workspace(uow.data_keys, w) for w in ("w1", "w2")} == before
    assert uow.commits == 2
