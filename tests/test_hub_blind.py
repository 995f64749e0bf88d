"""Blind coding in the API (issue 17): others' layers are hidden from the queries
themselves, not only from the screen, until the lead reveals them."""

from __future__ import annotations

import pytest
from refi_helpers import Q, read_export

from workbench.hub.permissions import PermissionRefused
from workbench.project import Project
from workbench.widgets.coding_panel import CodingPanel

TRANSCRIPT = "Interviewer: How was the clinic?\nSam: I felt rushed by the clinic and nobody listened.\n"


@pytest.fixture
def blind_team(backend_project):
    lead = backend_project
    lead.import_bytes(TRANSCRIPT.encode(), "visit.txt")
    lead.add_code("Feeling rushed")
    lead.add_code("Not heard")
    lead.set_access("Rui Tan", "member", role="researcher")
    lead.set_access("Sam Partner", "member", role="lived-experience partner")
    assert lead.set_blind_coding(True) == "on"
    text = lead.document_text("visit")
    for member, code, words in [("Rui Tan", "Feeling rushed", "rushed"), ("Sam Partner", "Not heard", "nobody listened"),
                                ("Alex Morgan", "Feeling rushed", "felt rushed")]:
        start = text.index(words)
        lead.acting_as(member, None).apply_code("visit", code, start, start + len(words))
    return lead


def test_each_member_sees_only_their_own_layer_while_blind(blind_team):
    for member in ("Rui Tan", "Sam Partner", "Alex Morgan"):
        mine = blind_team.acting_as(member, None)
        assert mine.codings()["member"].tolist() == [member]
        assert [c["member"] for c in mine.document_codings("visit")] == [member]
        assert mine.codings("visit")["member"].tolist() == [member]
    assert blind_team.acting_as("Rui Tan", None).blind_coding() == "on"


def test_the_coding_panel_cannot_show_others_even_when_its_own_blind_switch_is_off(blind_team, store_target):
    with Project.open(store_target, member="Sam Partner") as sams:
        panel = CodingPanel(sams, member="Sam Partner", role="lived-experience partner")
        panel.blind = False  # what a visitor's browser could set
        panel.layer = "everyone"
        sent = []
        panel.send = sent.append
        panel._send_codings()
        assert {c["member"] for c in sent[-1]["codings"]} == {"Sam Partner"}


def test_counts_and_coded_documents_tell_nothing_of_others_while_blind(blind_team):
    rui = blind_team.acting_as("Rui Tan", None)
    assert dict(zip(rui.codes()["name"], rui.codes()["codings"])) == {"Feeling rushed": 1, "Not heard": 0}
    assert rui.coding_counts()["codings"].sum() == 1
    assert rui.documents_coded_by("Sam Partner") == set() and rui.documents_coded_by("Rui Tan")
    blind_team.reveal_layers()
    assert dict(zip(rui.codes()["name"], rui.codes()["codings"])) == {"Feeling rushed": 2, "Not heard": 1}
    assert rui.documents_coded_by("Sam Partner")


def test_only_the_lead_reveals_and_then_everyone_sees_every_layer(blind_team):
    with pytest.raises(PermissionRefused, match="Only the project lead can reveal"):
        blind_team.acting_as("Rui Tan", None).reveal_layers()
    assert blind_team.acting_as("Rui Tan", None).codings()["member"].tolist() == ["Rui Tan"]
    assert blind_team.reveal_layers() == "revealed"
    everyone = {"Rui Tan", "Sam Partner", "Alex Morgan"}
    assert set(blind_team.acting_as("Rui Tan", None).codings()["member"]) == everyone
    assert {c["member"] for c in blind_team.acting_as("Sam Partner", None).document_codings("visit")} == everyone
    logged = blind_team.events().query("action == 'project.blind_coding'")
    assert [d["value"] for d in logged["details"]] == ["on", "revealed"]
    assert set(logged["actor"]) == {"Alex Morgan"}


def test_blind_coding_off_shows_everything_as_before(blind_team):
    blind_team.set_blind_coding(False)
    assert len(blind_team.acting_as("Rui Tan", None).codings()) == 3


OWN_CODE = {"Rui Tan": "Feeling rushed", "Sam Partner": "Not heard"}
OTHERS = {"Rui Tan", "Sam Partner", "Alex Morgan"}


def refi_coders(path) -> list[str]:
    """Who made each coding in an exported .qdpx, read with lxml, not the workbench."""
    root = read_export(path).root
    users = {user.get("guid"): user.get("name") for user in root.iter(f"{Q}User")}
    return [users[coding.get("creatingUser")] for coding in root.iter(f"{Q}Coding")]


def test_every_read_that_shows_codings_shows_only_ones_own_layer_while_blind(blind_team, tmp_path):
    blind_team.add_theme("At the clinic", codes=list(OWN_CODE.values()))
    for member, own in OWN_CODE.items():
        mine, others = blind_team.acting_as(member, None), OTHERS - {member}
        assert set(mine.retrieve("Feeling rushed OR Not heard")["coders"]) == {member}
        assert mine.retrieve("Feeling rushed OR Not heard", layer="everyone")["codes"].tolist() == [own]
        by_document = mine.code_document_matrix()
        assert by_document.loc[own, "visit"] == 1 and by_document.drop(index=own)["visit"].sum() == 0
        assert mine.matrix_table("document")["passages"].sum() == 1
        framework = mine.framework(cases="documents")
        assert framework.loc["visit", own] == "" and (framework.drop(columns=own) == "nothing said").all().all()
        assert set(mine.framework_passages("visit", own, cases="documents")["coders"]) == {member}
        assert set(mine.coded_extracts()["Coded by"]) == {member}
        page = mine.export_coded_documents(tmp_path / f"{member}.html").read_text(encoding="utf-8")
        assert member in page and not any(other in page for other in others)
        assert refi_coders(mine.export_refi(tmp_path / f"{member}.qdpx").path) == [member]
        assert mine.findings_tables()["quotes"]["code"].tolist() == [own]
        assert mine.theme_passages("At the clinic")["member"].tolist() == [member]
        assert set(mine.events().query("entity == 'codings'")["actor"]) == {member}  # the log does not tell either


def test_what_needs_every_layer_waits_for_the_reveal(blind_team, tmp_path):
    rui = blind_team.acting_as("Rui Tan", None)
    waits = "Blind coding is on, so nobody can compare coders' layers yet: the project lead reveals"
    for attempt in (lambda: rui.agreement(), lambda: blind_team.agreement(),
                    lambda: rui.unit_table("Feeling rushed"), lambda: rui.disagreements("Feeling rushed")):
        with pytest.raises(PermissionRefused, match=waits):
            attempt()
    with pytest.raises(PermissionRefused, match="nobody can settle an agreed version"):
        blind_team.settle("visit", "Feeling rushed", segment=0, agreed_by=["Alex Morgan", "Rui Tan"], merge=True)
    with pytest.raises(PermissionRefused, match="nobody can publish the findings"):
        blind_team.publish(tmp_path / "published")
    with pytest.raises(PermissionRefused, match="Only the project lead can make a backup while blind coding is on"):
        rui.backup(tmp_path / "rui-copy.db")
    assert not (tmp_path / "rui-copy.db").exists() and not (tmp_path / "published").exists()
    blind_team.reveal_layers()
    assert set(rui.retrieve("Feeling rushed OR Not heard")["coders"].str.split("; ").explode()) == OTHERS
    assert set(rui.agreement().pairs["member_a"]) | set(rui.agreement().pairs["member_b"]) <= OTHERS
    assert len(refi_coders(rui.export_refi(tmp_path / "all.qdpx").path)) == 3


def test_memos_on_others_codings_stay_hidden_while_blind(blind_team, tmp_path):
    for member in OTHERS:  # each writes a memo in their journal on their own coding
        mine = blind_team.acting_as(member, None)
        mine.add_memo(f"Why {member} coded this.", "coding", int(mine.codings()["id"].iloc[0]), memo_type="reflexive")
    blind_team.add_memo("On the whole visit.", "document", "visit")
    for member in ("Rui Tan", "Sam Partner"):
        mine, others = blind_team.acting_as(member, None), OTHERS - {member}
        assert mine.memos()["text"].tolist() == [f"Why {member} coded this.", "On the whole visit."]
        assert mine.memos_on_document("visit")["text"].tolist() == [f"Why {member} coded this.", "On the whole visit."]
        assert all(mine.journal(other).empty for other in others)
        notes = [note.findtext(f"{Q}PlainTextContent") for note in read_export(
            mine.export_refi(tmp_path / f"{member}.qdpx").path).root.iter(f"{Q}Note")]
        assert not any(other in " ".join(notes) for other in others)
    blind_team.reveal_layers()
    assert len(blind_team.acting_as("Rui Tan", None).memos_on_document("visit")) == 4
