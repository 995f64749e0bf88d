"""A long list of disagreements comes a page at a time (issue 16): the view sends the
page shown, the browser can ask only for a page that exists, and settling the n-th
item shown settles that one."""

from __future__ import annotations

import pytest
import traitlets

from workbench import Project
from workbench.widgets import AgreementView
from workbench.widgets.agreement_view import PAGE_SIZE

TURNS = PAGE_SIZE + 20


@pytest.fixture
def view(tmp_path):
    with Project.create(tmp_path / "project.db", member="Alex Morgan") as project:
        project.import_bytes("".join(f"Person: turn {n} about going home.\n" for n in range(TURNS)).encode(), "talk.txt")
        project.add_code("Home")
        segments = project.segments("talk")
        project.apply_codes([{"document": "talk", "code": "Home", "start": int(s.start), "end": int(s.end)}
                             for s in segments.itertuples()])  # Alex codes every turn, Sam none
        project.acting_as("Sam Reid", "researcher").add_memo("joined", private=True)
        project.acting_as("Sam Reid", "researcher").apply_code("talk", "Home", 0, 6)
        yield AgreementView(project, member="Alex Morgan", members=["Alex Morgan", "Sam Reid"],
                            skip_uncoded=False)


def test_disagreements_are_sent_a_page_at_a_time(view):
    assert view.all_members == view.project.coders() == ["Alex Morgan", "Sam Reid"]  # without reading every coding
    view.code = "Home"
    assert view.total >= TURNS - 1 and view.pages == 2 and view.page == 0
    assert len(view.disagreements) == PAGE_SIZE
    view.page = 1
    assert len(view.disagreements) == view.total - PAGE_SIZE
    item = view.disagreements[0]
    assert item["position"] >= PAGE_SIZE - 1
    sides = {side["member"]: side["shown"] for side in item["sides"]}
    assert sides["Sam Reid"] == "did not apply it" and sides["Alex Morgan"] == f"“turn {item['position']} about going home.”"
    for page in (2, -1):
        with pytest.raises(traitlets.TraitError):
            view.page = page
    view._on_message(view, {"type": "settle", "index": 0, "how": "choose", "member": "Alex Morgan",
                            "agreed_by": ["Alex Morgan"]}, [])
    assert view.error == "" and f"segment {item['position'] + 1}" in view.status
    consensus = view.project.codings().query("member == 'Consensus'")
    assert list(consensus["start"]) == [item["start"]]
    view.code = ""
    assert view.disagreements == [] and view.total == 0 and view.page == 0
