"""Progress of a topic run (issue 18): the stages in order, in words, with the count of
passages while embedding, from a real fit on 24 short answers (PCA, so no UMAP
compile: a few seconds), and the topic explorer shows the same words."""

import csv
import io

from workbench.topics.progress import Progress
from workbench.widgets import TopicExplorer

WORDS = ["waited all day for my tablets", "the pharmacy was slow with medicines", "nobody phoned me at home",
         "I wanted a number to ring", "the nurse was kind and listened", "my daughter drove me home"]


def answers_csv(count: int = 24) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "answer"])
    for number in range(count):
        writer.writerow([number, f"{WORDS[number % len(WORDS)]} on day {number} of the week {number * 7}"])
    return out.getvalue().encode()


def test_stages_and_counts_are_told_in_order_in_words(project):
    project.import_bytes(answers_csv(), "answers.csv", kind="survey")
    told: list[Progress] = []
    stages: list[str] = []
    project.find_topics(kinds=["survey"], reduction="pca", min_topic_size=3, show_progress=False,
                        on_stage=stages.append, on_progress=told.append)
    assert stages == ["embed", "reduce", "cluster", "describe", "save"]
    order = [p.stage for p in told]
    assert order == sorted(order, key=["embed", "reduce", "cluster", "describe", "save"].index)
    counts = [(p.done, p.total) for p in told if p.stage == "embed"]
    assert counts[0] == (0, 24) and counts[-1] == (24, 24)
    assert [done for done, _ in counts] == sorted(done for done, _ in counts)
    assert str(told[0]) == "embedding 0 of 24 passages" and str(Progress("embed", 1200, 4000)) == \
        "embedding 1,200 of 4,000 passages"
    assert [str(p) for p in told[-4:]] == ["reducing the embeddings to a few dimensions", "clustering similar passages",
                                           "naming the topics", "saving the run"]
    # the second run finds every passage embedded already, and says so
    again: list[Progress] = []
    project.find_topics(kinds=["survey"], reduction="pca", min_topic_size=4, show_progress=False,
                        on_progress=again.append)
    assert str(again[0]) == "embedding: every passage was embedded before, reading them"


def test_the_topic_explorer_shows_the_stage_while_a_run_goes_on(project):
    explorer = TopicExplorer(project, member="Alex Morgan")
    explorer._show_progress(Progress("embed", 256, 4000))  # what find_topics passes as on_progress
    assert explorer.progress == {"stage": "embed", "done": 256, "total": 4000, "text": "embedding 256 of 4,000 passages"}
    assert explorer.status == "Finding topics: embedding 256 of 4,000 passages…"
    explorer._show_progress(Progress("cluster"))
    assert explorer.status == "Finding topics: clustering similar passages…"
