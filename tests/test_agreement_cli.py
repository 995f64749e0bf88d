"""The consensus flow from the shell: mark an exclusive group, list where members
differ, settle one; every user mistake is one plain line and writes nothing."""

import json

import pytest

from workbench import Project
from workbench.cli import main

from support import snapshot

TRANSCRIPT = (
    "Interviewer: How did the day of discharge go?\n"
    "Rose: Nobody told me when I could go. I waited all day for my tablets.\n"
    "Interviewer: And at home?\n"
    "Rose: My daughter found out from the neighbour that I was home.\n"
)


@pytest.fixture
def coded(project, tmp_path):
    """Two members who differ about 'Waiting' on the second segment and give the
    'Mood' group different values there."""
    (tmp_path / "rose.txt").write_text(TRANSCRIPT)
    project.import_file(tmp_path / "rose.txt")
    for code, parent in (("Waiting", None), ("Mood", None), ("negative", "Mood"), ("neutral", "Mood"),
                         ("positive", "Mood")):
        project.add_code(code, parent=parent)
    text = project.document_text("rose")
    for member, code, quote in (("Alex Morgan", "Waiting", "I waited all day"), ("Alex Morgan", "negative", "Nobody"),
                                ("Jo Bennett", "positive", "I waited"), ("Jo Bennett", "neutral", "My daughter")):
        start = text.index(quote)
        project.as_member(member).apply_code("rose", code, start, start + len(quote))
    project.close()
    return str(project.store.sqlite_path)


def run(capsys, *args) -> tuple[int, str, str]:
    status = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_mark_list_and_settle_from_the_shell(coded, capsys):
    status, out, _ = run(capsys, "exclusive-group", coded, "Mood", "--level", "ordinal",
                         "--codes", "negative,neutral,positive", "--member", "Alex Morgan")
    assert status == 0 and "negative = 1, neutral = 2, positive = 3" in out and "ordinal" in out

    status, out, _ = run(capsys, "disagreements", coded, "Waiting")
    assert status == 0 and out.startswith("1 segment(s) where members differ on 'Waiting'.")
    assert "rose, segment 2" in out and "Alex Morgan: “I waited all day”" in out and "Jo Bennett: did not apply it" in out
    status, out, _ = run(capsys, "disagreements", coded, "Mood", "--json")
    listed = json.loads(out)
    # segment 4: only Jo gave a value, so there is nothing to differ about
    assert status == 0 and [(row["segment"], row["position"], row["Alex Morgan"], row["Jo Bennett"])
                            for row in listed] == [(2, 1, "negative", "positive")]

    status, out, _ = run(capsys, "settle", coded, "rose", "Mood", "--segment", 2, "--value", "negative",
                         "--agreed-by", "Alex Morgan, Jo Bennett", "--memo", "Nobody telling her is not positive.",
                         "--member", "Chris Lee", "--role", "facilitator")
    assert status == 0 and "Saved the agreed version of 'Mood' on rose, segment 2" in out
    with Project.open(coded) as project:
        text, second = project.document_text("rose"), project.segments("rose").query("position == 1").iloc[0]["text"]
    start = text.index("waited all day")
    status, out, _ = run(capsys, "settle", coded, "rose", "Waiting", "--segment", 2, "--start", start,
                         "--end", start + len("waited all day"), "--agreed-by", "Jo Bennett", "--member", "Jo Bennett")
    assert status == 0
    with Project.open(coded) as project:
        agreed = project.codings().query("member == 'Consensus'").sort_values("start")
        assert [text[s:e] for s, e in agreed[["start", "end"]].to_numpy()] == [second, "waited all day"]
        assert second.startswith("Nobody told me")
        log = project.settlements()
        assert log["how"].tolist() == ["value negative", "new coding"]
        assert log["recorded_by"].tolist()[0] == "Chris Lee" and log["agreed_by"].tolist()[0] == ["Alex Morgan",
                                                                                                 "Jo Bennett"]
        assert "Nobody telling her is not positive." in project.memos()["text"].tolist()
        assert project.exclusive_groups().query("group == 'Mood'")["value"].tolist() == [1.0, 2.0, 3.0]


@pytest.mark.parametrize("args, message", [
    (["settle", "{p}", "rose", "Waiting", "--segment", "2", "--agreed-by", "Jo Bennett", "--start", "3",
      "--end", "9"], "not inside that segment"),
    (["settle", "{p}", "rose", "Waiting", "--segment", "2", "--agreed-by", "Jo Bennett", "--start", "50"],
     "Give both"),
    (["settle", "{p}", "rose", "Waiting", "--segment", "2", "--agreed-by", "Nobody Known", "--merge"], "not a member"),
    (["settle", "{p}", "rose", "Waiting", "--segment", "9", "--agreed-by", "Jo Bennett", "--merge"], "no segment"),
    (["settle", "{p}", "nope", "Waiting", "--segment", "2", "--agreed-by", "Jo Bennett", "--merge"], "nope"),
    (["settle", "{p}", "rose", "Waiting", "--segment", "0", "--agreed-by", "Jo Bennett", "--merge"], "--segment"),
    (["settle", "{p}", "rose", "Mood", "--segment", "2", "--agreed-by", "Jo Bennett", "--value", "happy"],
     "not one of the values"),
    (["exclusive-group", "{p}", "Mood", "--codes", "negative,positive"], "every sub-code"),
    (["exclusive-group", "{p}", "Waiting"], "at least two sub-codes"),
    (["exclusive-group", "{p}", "Mood", "--level", "loud"], "--level"),
    (["disagreements", "{p}", "Nope"], "no code called 'Nope'"),
    (["disagreements", "{p}", "Waiting", "--members", "Alex Morgan,Nobody"], "no member 'Nobody'"),
])
def test_mistakes_are_one_plain_line_and_write_nothing(coded, capsys, args, message):
    if args[0] == "settle" and "Mood" in args:
        assert main(["exclusive-group", coded, "Mood", "--member", "Alex Morgan"]) == 0
        capsys.readouterr()
    with Project.open(coded) as project:
        before = snapshot(project)
    who = ["--member", "Alex Morgan"] if args[0] in ("settle", "exclusive-group") else []  # commands that write
    status, out, err = run(capsys, *[arg.format(p=coded) for arg in args], *who)
    assert status == 2 and out == "" and err.startswith("error: ") and err.count("\n") == 1, err
    assert message in err and "Traceback" not in err
    with Project.open(coded) as project:
        assert snapshot(project) == before
