"""Partner-ready findings (issue 18): groups are groups of people, never sources; the
dashboard says what people did with the topics and no more; small contributions show."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from html import escape as html_escape
from pathlib import Path

import pandas as pd
import pytest

from workbench import Project
from workbench.publish import findings, read_snapshot
from workbench.publish.tables import findings_tables

SURVEY = ("answer_id,who,answer,code: Waiting\n"
          "A1,alpha,The bus never came and I waited.,1\n"
          "A2,beta,Nobody phoned me back.,0\n"
          "A3,alpha,I waited for the letter for weeks.,1\n"
          "A4,gamma,It was fine really.,1\n")
TALK = ("[00:00:03] Asha: I waited all afternoon for the tablets.\n"
        "[00:00:09] Ben: We waited too, for the transport home.\n")
NOTES = "Facilitator: The group talked about waiting for lifts home.\n"


@pytest.fixture
def study(tmp_path):
    """A study whose group attribute, groups and codes share nothing with the sample's."""
    files = {"people.csv": "pseudonym,cohort,site\nAsha,alpha,east\nBen,beta,east\n",
             "talk.txt": TALK, "survey.csv": SURVEY, "workshop.txt": NOTES}
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    project = Project.create(tmp_path / "study.db", member="Lee Chan")
    project.import_file(tmp_path / "people.csv")
    project.import_file(tmp_path / "talk.txt", kind="interview")
    project.import_file(tmp_path / "survey.csv", code_columns="code:*", coder="Lee Chan")
    project.import_file(tmp_path / "workshop.txt", kind="notes")
    for document in ("talk", "workshop"):
        text = project.document_text(document)
        for segment in project.segments(document).itertuples():
            at = text.index("wait", segment.start)
            project.apply_code(document, "Waiting", at, at + 7)
    yield project
    project.close()


def test_groups_are_peoples_attributes_and_sources_a_separate_filter(study):
    quotes = findings_tables(study)["quotes"]
    assert findings.groups(quotes) == ["alpha", "beta", "gamma"]
    assert set(findings.sources(quotes)) == {"interview", "survey", "notes"}
    by_source = quotes.groupby("source")["group"].agg(set)
    assert by_source["survey"] == {"alpha", "gamma"}  # the respondents' own column, found by its values
    assert by_source["interview"] == {"alpha", "beta"} and by_source["notes"] == {""}
    counts = findings.counts_by_group(quotes, findings_tables(study)["codes"])
    assert list(counts.columns) == ["alpha", "beta", "gamma", findings.NO_GROUP, "Total"]
    assert counts.loc["Waiting"].tolist() == [3, 1, 1, 1, 6]
    only_survey = findings.filtered(quotes, source="survey")
    assert set(only_survey["group"]) == {"alpha", "gamma"}


def test_the_group_attribute_can_be_named(study):
    quotes = findings_tables(study, group_by="site")["quotes"]
    assert findings.groups(quotes) == ["east"]  # the survey has no site column: its answers have no group
    assert set(quotes.loc[quotes["source"] == "survey", "group"]) == {""}


def test_survey_carers_count_as_carers_in_the_sample(sample_project, tmp_path):
    path = tmp_path / "copy.db"
    shutil.copy(sample_project, path)
    with Project.open(path) as project:
        quotes = project.findings_tables()["quotes"]
        answers = project.segments().query("kind == 'answer'")
        said = pd.Series([a.get("respondent") for a in answers["attributes"]], index=answers["id"])
    survey = quotes[quotes["source"] == "survey"].drop_duplicates("passage")
    assert len(survey) > 0 and (survey["group"] == survey["passage"].map(said)).all()
    assert not {"survey", "workshop", "notes", "team"} & set(findings.groups(quotes))


def test_quotes_placed_set_wise_match_a_search_one_coding_at_a_time(sample_project, tmp_path):
    path = tmp_path / "copy.db"
    shutil.copy(sample_project, path)
    with Project.open(path, member="Alex Morgan") as project:
        project.withdraw("Rose", erase=False)
        quotes = project.findings_tables()["quotes"]
        codings = project.codings().query("role != 'machine'").drop_duplicates(["document_id", "code", "start", "end"])
        segments = project.segments()
        kept = segments[segments["participant"].fillna("") != "Rose"]
        expected = []
        for coding in codings.itertuples():  # the plain way, fine for a small study
            inside = kept[(kept["document_id"] == coding.document_id) & (kept["start"] <= coding.start)
                          & (coding.start < kept["end"])]
            if len(inside):
                expected.append((coding.code, coding.text.strip(), int(inside.iloc[0]["id"])))
    assert list(zip(quotes["code"], quotes["text"], quotes["passage"])) == expected


def test_the_topic_map_says_who_named_the_topics(study, tmp_path):
    from workbench.store.schema import topic_assignments, topic_runs, topics
    from workbench.widgets.findings_dashboard import FindingsDashboard

    spoken = study.segments()
    with study._write() as writer:  # a stored run, as `find_topics` leaves one
        run = writer.insert(topic_runs, {"name": "run", "embedding_model": "none", "parameters": "{}",
                                         "segment_count": len(spoken), "created_by": writer.member_id,
                                         "created_at": "2026-01-01T00:00:00Z"}, "topics.run")
        ids = [writer.insert(topics, {"run_id": run, "number": n, "label": label, "size": 1}, "topic.add")
               for n, label in ((0, "waited_tablets_bus"), (1, "phoned_letter_weeks"))]
        for i, row in enumerate(spoken.itertuples()):
            writer.insert(topic_assignments, {"run_id": run, "segment_id": int(row.id), "topic_id": ids[i % 2],
                                              "x": float(i), "y": 1.0}, "topics.assign")

    def topic_words():
        target = study.publish(tmp_path / f"published-{len(list(tmp_path.iterdir()))}")
        dashboard = FindingsDashboard(target)
        return dashboard.sections["topics"].children[0].value, read_snapshot(target)["topic_points"]

    words, points = topic_words()
    assert "suggested by the topic model" in words and "checked and named" not in words
    assert not points["named"].astype(bool).any()
    study.rename_topic(0, "Waiting for things")
    words, points = topic_words()
    assert "named 1 of the 2 topics" in words
    study.rename_topic(1, "Hearing back")
    words, _ = topic_words()
    assert "People in the team checked and named the topics." in words


def test_small_contributions_show_on_the_who_shaped_scale(study, tmp_path):
    from workbench.widgets.findings_dashboard import FindingsDashboard

    partner = study.acting_as("Mo Said", "lived-experience partner")
    partner.add_memo("A shared thought about waiting.", "code", "Waiting")
    dashboard = FindingsDashboard(study.publish(tmp_path / "published"))
    figure = dashboard.sections["shaped"].children[1].children[0].outputs[0]["data"]["application/vnd.plotly.v1+json"]
    assert figure["layout"]["yaxis"]["type"] == "log"
    roles = {trace["name"] for trace in figure["data"]}
    assert "lived-experience partner" in roles


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@pytest.mark.parametrize("stop_with", [signal.SIGTERM, signal.SIGINT])
def test_the_dashboard_command_stops_its_voila(study, tmp_path, stop_with):
    study.publish(tmp_path / "published")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = subprocess.Popen([str(Path(sys.executable).with_name("workbench")), "dashboard",
                                str(tmp_path / "published"), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while True:  # up once Voila answers; its favicon runs no notebook
            assert command.poll() is None and time.monotonic() < deadline, command.stdout.read().decode()
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/static/favicon.ico", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        voila = _children(command.pid)
        assert voila and not _port_free(port)
        command.send_signal(stop_with)
        assert command.wait(60) == 0
        assert "Stopped the dashboard." in command.stdout.read().decode()
        assert _port_free(port)
        assert not [pid for pid in voila if Path(f"/proc/{pid}").exists()
                    and "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]]
    finally:
        if command.poll() is None:
            command.kill()


def test_every_code_colour_and_every_childs_shade_can_be_seen_on_white():
    from workbench.coding.palette import PALETTE, child_shade, contrast_on_white, relative_luminance

    assert relative_luminance("#FFFFFF") == pytest.approx(1.0) and relative_luminance("#000000") == 0.0
    assert contrast_on_white("#000000") == pytest.approx(21.0)
    assert contrast_on_white("#F0E442") < 3  # Okabe-Ito's yellow, as the issue found
    for colour in PALETTE:
        assert contrast_on_white(colour) >= 3.0, colour
        shades = [child_shade(colour, n) for n in range(8)]
        assert all(contrast_on_white(shade) >= 3.0 for shade in shades), (colour, shades)
        assert len(set(shades[:2])) == 2 and colour not in shades  # shades differ from the parent and each other


def test_the_sample_codebook_uses_colours_that_can_be_seen(sample_project):
    from workbench.coding.palette import contrast_on_white

    with Project.open(sample_project) as project:
        codes = project.codes()
    assert all(contrast_on_white(colour) >= 3.0 for colour in codes["colour"])
    children = codes[codes["parent"].fillna("") != ""]
    parents = codes.set_index("name")["colour"]
    assert (children["colour"] != children["parent"].map(parents)).all()


def test_agreement_leaves_out_segments_nobody_coded_by_default_and_says_so(study):
    study.acting_as("Jo Bennett", "lived-experience partner").apply_code("talk", "Waiting", 2, 8)
    report = study.agreement(members=["Lee Chan", "Jo Bennett"], documents=["talk"])
    counted = study.agreement(members=["Lee Chan", "Jo Bennett"], documents=["talk"], skip_uncoded=False)
    assert report.codes["units_left_out"].iloc[0] == 0 or report.notes
    everything = len(study.segments("talk"))
    assert counted.codes["units"].iloc[0] == everything and not counted.notes
    survey = study.agreement(members=["Lee Chan", "Jo Bennett"], documents=["survey"])
    assert survey.notes and "nobody coded" in survey.notes[0] and "look higher" in survey.notes[0]
    assert survey.codes["units_left_out"].iloc[0] == 1  # answer A2: coded by no one


CANARY = "Canary words Rose said about the cardigan"


def _notebook_with_outputs() -> dict:
    return {"nbformat": 4, "nbformat_minor": 5,
            "metadata": {"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {"m": {"text": CANARY}}}}},
            "cells": [{"cell_type": "code", "id": "a1", "metadata": {"execution": {"x": 1}}, "execution_count": 3,
                       "source": "project.segments()",
                       "outputs": [{"output_type": "execute_result", "execution_count": 3, "metadata": {},
                                    "data": {"text/plain": CANARY, "text/html": f"<td>{CANARY}</td>"}},
                                   {"output_type": "stream", "name": "stdout", "text": CANARY}]},
                      {"cell_type": "markdown", "id": "b2", "metadata": {}, "source": "# Joint coding"}]}


def test_a_jupyter_server_started_as_scripts_start_saves_notebooks_without_outputs(tmp_path):
    import json

    from workbench.jupyter import strip_outputs

    config = Path(strip_outputs.__file__).with_name("jupyter_server_config.py")
    assert f"--config={config.relative_to(Path(__file__).parents[1])}" in \
        (Path(__file__).parents[1] / "scripts" / "start").read_text()
    root, home = tmp_path / "work", tmp_path / "home"
    root.mkdir()
    home.mkdir()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    token = "partner-ready-test-token"
    env = {**__import__("os").environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "rt"),
           "JUPYTER_DATA_DIR": str(home / "data")}
    server = subprocess.Popen([str(Path(sys.executable).with_name("jupyter")), "server", f"--config={config}",
                               "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
                               f"--ServerApp.root_dir={root}", f"--IdentityProvider.token={token}", "--allow-root"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/api/contents"

    def call(method, path, body=None):
        request = urllib.request.Request(f"{base}/{path}", method=method, data=None if body is None else
                                         json.dumps(body).encode(), headers={"Authorization": f"token {token}",
                                                                             "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read() or b"null")

    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None and time.monotonic() < deadline
            try:
                call("GET", "")
                break
            except OSError:
                time.sleep(0.5)
        call("PUT", "02_joint_coding.ipynb", {"type": "notebook", "format": "json", "content": _notebook_with_outputs()})
        call("POST", "02_joint_coding.ipynb/checkpoints")
        # an autosave of the same notebook, as JupyterLab sends it
        call("PUT", "02_joint_coding.ipynb", {"type": "notebook", "format": "json", "content": _notebook_with_outputs()})
    finally:
        server.terminate()
        server.wait(30)
    saved = root / "02_joint_coding.ipynb"
    stored = json.loads(saved.read_text())
    assert [cell.get("outputs") for cell in stored["cells"]] == [[], None]
    assert stored["cells"][0]["execution_count"] is None and "widgets" not in stored["metadata"]
    assert ["".join(cell["source"]) for cell in stored["cells"]] == ["project.segments()", "# Joint coding"]
    written = [path for path in root.rglob("*") if path.is_file()]
    assert any(".ipynb_checkpoints" in str(path) for path in written)
    assert not [path for path in written if CANARY.encode() in path.read_bytes()]


def test_withdrawal_removes_their_words_from_notebooks_and_checkpoints(sample_project, tmp_path):
    import json

    work = tmp_path / "work"
    (work / "notebooks" / ".ipynb_checkpoints").mkdir(parents=True)
    path = work / "home-safe.db"
    shutil.copy(sample_project, path)
    with Project.open(path, member="Alex Morgan") as project:
        turns = project.segments().query("participant == 'Rose'")["text"].tolist()
        others = project.segments().query("participant == 'Tom'")["text"].tolist()
    said = max(turns, key=len)
    shown = _notebook_with_outputs()
    shown["cells"][0]["outputs"][0]["data"] = {"text/html": f"<td>{html_escape(said)}</td>", "text/plain": said}
    shown["cells"][0]["outputs"][1]["text"] = others[0]
    for where in ("notebooks/02_joint_coding.ipynb", "notebooks/.ipynb_checkpoints/02_joint_coding-checkpoint.ipynb"):
        (work / where).write_text(json.dumps(shown, indent=1))
    typed = _notebook_with_outputs()
    typed["cells"][1]["source"] = f"Rose told us: {said}"
    (work / "notes.ipynb").write_text(json.dumps(typed))
    untouched = work / "notebooks" / "03_themes.ipynb"
    untouched.write_text(json.dumps({**_notebook_with_outputs(), "cells": [{**_notebook_with_outputs()["cells"][0],
                                                                            "outputs": [{"output_type": "stream",
                                                                                         "name": "stdout",
                                                                                         "text": others[0]}]}]}))
    before = untouched.read_bytes()
    with Project.open(path, member="Alex Morgan") as project:
        report = project.withdraw("Rose", erase=True, folder=work)
    assert sorted(Path(p).name for p in report.notebooks_cleaned) == [
        "02_joint_coding-checkpoint.ipynb", "02_joint_coding.ipynb", "notes.ipynb"]
    assert [Path(p).name for p in report.notebooks_to_edit] == ["notes.ipynb"]  # typed into a cell: by hand
    assert "edit these by hand" in str(report)
    assert untouched.read_bytes() == before  # Tom's words, not withdrawn: left alone
    fragment = " ".join(said.split()[:8]).encode()
    for where in ("notebooks/02_joint_coding.ipynb", "notebooks/.ipynb_checkpoints/02_joint_coding-checkpoint.ipynb"):
        assert fragment not in (work / where).read_bytes()
        assert json.loads((work / where).read_text())["cells"][0]["source"] == "project.segments()"
