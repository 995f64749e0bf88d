"""Readable topic labels (issue 14): each topic is labelled with its most representative
phrase, taken as written from its own segments, beside its keywords; still editable."""

import shutil

import pytest

from workbench import Project
from workbench.topics.describe import readable_phrase

STOP = {"the", "a", "and", "of", "to", "for", "at", "my", "was"}


def test_the_phrase_is_written_as_in_the_data_and_carries_the_keywords():
    texts = ["I waited all day for my take-home medicines at the pharmacy.",
             "Waiting for take-home medicines took hours, honestly.",
             "The pharmacy was slow; medicines came at 6pm."]
    phrase = readable_phrase(texts, [("medicines", 0.5), ("pharmacy", 0.3), ("waiting", 0.2), ("home", 0.1)])
    assert phrase == "take-home medicines"  # used by two people, the heaviest words
    assert any(phrase in text for text in texts)
    assert readable_phrase(["the and of it"], [("ramp", 1.0)]) is None
    assert readable_phrase(texts, []) is None
    three_words = readable_phrase(["Named contact person, please.", "A named contact person would help."],
                                  [("named", 0.4), ("contact", 0.4), ("person", 0.3)])
    assert three_words == "Named contact person"


def test_a_topic_run_labels_each_topic_with_a_phrase_from_its_segments(sample_project, tmp_path):
    path = tmp_path / "study.db"
    shutil.copy(sample_project, path)
    with Project.open(path, member="Alex Morgan") as project:
        run = project.find_topics(kinds=["survey"], min_topic_size=5, show_progress=False)
        topics = project.topics(run)
        real = topics[topics["number"] != -1]
        assigned = project.topic_assignments(run)
        segments = project.segments().set_index("id")["text"]
        for topic in real.itertuples():
            words = [w.lower() for w in topic.label.split()]
            assert 2 <= len(words) <= 6 and words[0] not in STOP and words[-1] not in STOP
            own = assigned.loc[assigned["topic"] == topic.number, "segment_id"].map(segments)
            assert own.str.contains(topic.label, regex=False).any()  # as written in one of its segments
            assert set(topic.keywords) & {part for w in words for part in w.replace("-", " ").split()}
        project.rename_topic(int(real.iloc[0]["number"]), "Our own words", run=run)
        assert project.topics(run).set_index("number").loc[int(real.iloc[0]["number"]), "label"] == "Our own words"
