"""The thematic map figure (issue 14): themes, sub-themes and codes sized by passages,
with a table alternative and an SVG title."""

import re
from xml.etree import ElementTree

import pytest

from workbench import Project
from workbench.cli import main
from workbench.figures import theme_map, theme_map_table
from workbench.figures.theme_map import SEP

TRANSCRIPT = ("[00:00:01] Rose: I waited all day and nobody rang me.\n"
              "[00:00:05] Rose: The ramp was left folded in the hall, and the rail too.\n").encode()


@pytest.fixture
def mapped(tmp_path):
    with Project.create(tmp_path / "study.db", member="Alex Morgan", role="researcher") as project:
        project.import_bytes(TRANSCRIPT, "rose.txt")
        text = project.document_text("rose")
        for code, words in (("Waiting", "waited all day"), ("No call", "nobody rang"), ("Ramp", "ramp was left"),
                            ("Ramp", "the rail too"), ("<b>Loose</b>", "in the hall")):
            if code not in set(project.codes()["name"]):
                project.add_code(code)
            start = text.index(words)
            project.apply_code("rose", code, start, start + len(words))
        project.add_code("Unused")
        project.add_theme("Left/alone", codes=["Waiting", "No call"])
        project.add_theme("Home not ready", codes=["Ramp"], parent="Left/alone")
        project.review_theme("Home not ready", "reviewed", "Split from the first theme.")
        yield project


def test_map_nests_sub_themes_and_sizes_by_passages(mapped):
    figure = theme_map(mapped.themes(), mapped.codes())
    tree = figure.data[0]
    assert all(identifier.startswith("box") for identifier in tree.ids)  # no typed name in an id, only in labels
    name = {i: re.sub("<[^>]+>", "", label.split("<br>")[0]) for i, label in zip(tree.ids, tree.labels)}
    parent_of = dict(zip(tree.ids, tree.parents))

    def path(identifier):
        return (path(parent_of[identifier]) + SEP if parent_of[identifier] else "") + name[identifier]

    nodes = {path(i): (path(p) if p else "", value, label)
             for i, p, value, label in zip(tree.ids, tree.parents, tree.values, tree.labels)}
    top, sub = "Left/alone", f"Left/alone{SEP}Home not ready"
    assert nodes[sub][0] == top and nodes[f"{sub}{SEP}Ramp"][0] == sub
    assert nodes[f"{sub}{SEP}Ramp"][1] == 2 and nodes[f"{top}{SEP}Waiting"][1] == 1
    assert nodes[top][1] == 4  # its own codes and its sub-theme's
    assert "<i>reviewed</i>" in nodes[sub][2] and "<i>candidate</i>" in nodes[top][2]  # status in words
    loose = [label for label in tree.labels if "Loose" in label]
    assert loose == ["&lt;b&gt;Loose&lt;/b&gt;<br>1 passage(s)"]  # user text escaped
    assert "Thematic map" in figure.layout.title.text


def test_table_alternative_says_the_same(mapped):
    table = theme_map_table(mapped.themes(), mapped.codes())
    rows = {(r.theme, r._2, r.code): (r.passages, r.status) for r in table.itertuples()}
    assert rows[("Left/alone", "", "Waiting")] == (1, "candidate")
    assert rows[("Left/alone", "Home not ready", "Ramp")] == (2, "reviewed")
    assert rows[("Not in a theme yet", "", "Unused")] == (0, "")
    assert mapped.theme_map_table().equals(table)


def test_svg_has_a_title_and_the_command_writes_it(mapped, tmp_path, capsys):
    mapped.close()
    out = tmp_path / "map.svg"
    assert main(["theme-map", str(tmp_path / "study.db"), str(out), "--table", str(tmp_path / "map.csv")]) == 0
    svg = ElementTree.parse(out).getroot()
    assert svg.get("role") == "img" and svg[0].text.startswith("Thematic map")
    assert "Home not ready" in (tmp_path / "map.csv").read_text(encoding="utf-8-sig")
    assert "Wrote the thematic map" in capsys.readouterr().out
