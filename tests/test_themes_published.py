"""The project's themes reach the snapshot, the findings tables and the report (issue 14):
a code's theme is the theme(s) it belongs to (one row per theme), parent codes stand in
only where a project has no themes, and what is published about each theme follows the
snapshot's rules (roles, never members' names; withdrawn people's words left out)."""

import shutil

from docx import Document
from openpyxl import load_workbook

from workbench import Project
from workbench.publish import findings, read_snapshot, write_word
from workbench.publish.published_themes import FROM_PARENT_CODES, FROM_THEMES, NO_THEME

from analysis_helpers import build_study

ANA_WORDS = "I felt alone and I wanted one number to ring"


def two_themes_sharing_a_code(project):
    """Lonely and Contact in "Being alone"; Contact in "Help at home", whose sub-theme
    "Tablets" holds Medicines; Praise in no theme."""
    build_study(project)
    project.add_theme("Being alone", codes=["Lonely", "Contact"], summary="Nobody rings after discharge.",
                      member="Jo Bennett")
    project.add_theme("Help at home", codes=["Contact"], summary="Help has to reach the house.")
    project.add_theme("Tablets", codes=["Medicines"], parent="Help at home")
    project.start_voting("Workshop", dots=3)
    project.vote("Workshop", "Being alone", dots=2, member="Jo Bennett")
    project.respond_to_theme("Being alone", "fits", "Yes, evenings too.", member="Jo Bennett")
    project.review_theme("Help at home", "reviewed", "Split the tablets out, as partners asked.")


def about(tables) -> dict:
    return dict(zip(tables["about"]["key"], tables["about"]["value"]))


def test_two_themes_sharing_a_code_publish_one_row_per_theme(backend_project, tmp_path):
    two_themes_sharing_a_code(backend_project)
    tables = read_snapshot(backend_project.publish(tmp_path / "published"))
    assert about(tables)["themes_from"] == FROM_THEMES
    codes = tables["codes"]
    assert list(zip(codes["code"], codes["theme"], codes["sub_theme"])) == [
        ("Lonely", "Being alone", ""), ("Contact", "Being alone", ""), ("Contact", "Help at home", ""),
        ("Medicines", "Help at home", "Tablets"), ("Praise", NO_THEME, "")]
    quotes = tables["quotes"]
    ana = quotes[quotes["text"] == ANA_WORDS]
    assert sorted(ana["theme"]) == ["Being alone", "Help at home"] and ana["quote"].nunique() == 1
    counts = findings.counts_by_group(quotes, codes)
    # Ana's, Ben's and Cal's turns each speak to both themes: a passage counts once in each
    assert counts.loc["Being alone"].to_dict() == {"carer": 1, "service user": 1, "provider": 1, "Total": 3}
    assert counts.loc["Help at home"].to_dict() == {"carer": 1, "service user": 1, "provider": 1, "Total": 3}
    assert counts.loc[NO_THEME, "Total"] == 1
    assert findings.unique_quotes(quotes)["quote"].is_unique and len(findings.unique_quotes(quotes)) < len(quotes)
    examples = findings.example_quotes(quotes, "Contact", limit=10)
    assert examples["text"].tolist() == [ANA_WORDS]  # once, though its code is in two themes

    themes = tables["themes"].set_index("theme")
    assert list(themes.index) == ["Being alone", "Help at home", "Tablets"]
    assert themes.loc["Being alone", "summary"] == "Nobody rings after discharge."
    assert themes.loc["Being alone", "codes"].split("\n") == ["Lonely", "Contact"]
    assert themes.loc[:, "passages"].to_dict() == {"Being alone": 3, "Help at home": 3, "Tablets": 1}
    assert themes.loc["Help at home", "sub_themes"] == "Tablets" and themes.loc["Tablets", "parent"] == "Help at home"
    assert themes.loc["Being alone", "proposed_by"] == "lived-experience partner"
    assert themes.loc["Help at home", "proposed_by"] == "researcher"
    assert "lived-experience partner" in themes.loc["Being alone", "shaped_by"]
    assert themes.loc["Being alone", "dots"] == 2 and themes.loc["Being alone", "dots_by_role"] == "lived-experience partner: 2"
    assert themes.loc["Being alone", ["fits", "does_not_fit", "missing_something"]].tolist() == [1, 0, 0]
    assert list(themes["status"]) == ["candidate", "reviewed", "candidate"]
    assert themes.loc["Help at home", "last_review"].startswith("reviewed (researcher, ")
    assert themes.loc["Help at home", "last_review"].endswith("Split the tablets out, as partners asked.")
    assert set(themes["origin"]) == {"codes"}
    published = " ".join(str(v) for frame in tables.values() for v in frame.astype(str).to_numpy().ravel())
    assert "Jo Bennett" not in published and "Alex Morgan" not in published  # roles, never members' names


def test_a_withdrawn_participants_quote_never_reaches_a_theme(project, tmp_path):
    two_themes_sharing_a_code(project)
    project.withdraw("Ana", erase=False)  # keep-analysed: her words stay in the project, not in the snapshot
    assert ANA_WORDS in project.document_text("int_a")
    tables = read_snapshot(project.publish(tmp_path / "published"))
    quotes = tables["quotes"]
    assert "Ana" not in set(quotes["speaker"]) and not quotes["text"].str.contains("number to ring").any()
    assert quotes[quotes["group"] == "carer"].empty  # Ana was the only carer
    themes = tables["themes"].set_index("theme")
    assert themes["passages"].to_dict() == {"Being alone": 2, "Help at home": 2, "Tablets": 1}
    assert "carer" not in findings.counts_by_group(quotes, tables["codes"]).columns
    word = tmp_path / "report.docx"
    write_word(tables, word)
    assert "number to ring" not in "\n".join(p.text for p in Document(word).paragraphs)


def test_without_themes_parent_codes_stand_in_and_the_page_says_so(project, tmp_path):
    from workbench.publish.theme_words import where_themes_come_from

    build_study(project)
    project.add_code("Phoning", parent="Contact")
    tables = project.findings_tables()
    assert about(tables)["themes_from"] == FROM_PARENT_CODES
    assert dict(zip(tables["codes"]["code"], tables["codes"]["theme"])) == {
        "Lonely": "Lonely", "Contact": "Contact", "Medicines": "Medicines", "Praise": "Praise", "Phoning": "Contact"}
    assert tables["themes"].empty
    assert "has not built themes yet" in where_themes_come_from(tables)
    written = project.write_report(tmp_path / "report")
    assert "themes.csv" not in {path.name for path in written}
    text = "\n".join(p.text for p in Document(tmp_path / "report" / "report.docx").paragraphs)
    assert "has not built themes yet" in text and "thematic map" not in text
    from workbench.widgets.findings_dashboard import FindingsDashboard

    dashboard = FindingsDashboard(project.publish(tmp_path / "published"))
    assert "has not built themes yet" in dashboard.sections["found"].children[0].value
    assert dashboard.sections["map"].children == ()  # no map of themes that do not exist


def test_the_report_carries_the_themes_read_back(project, tmp_path):
    two_themes_sharing_a_code(project)
    project.write_report(tmp_path / "report")
    word = Document(tmp_path / "report" / "report.docx")
    text = "\n".join(p.text for p in word.paragraphs)
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading 2")]
    assert headings == ["Being alone", "Help at home", NO_THEME]
    assert "Central idea: Nobody rings after discharge." in text
    assert "Status: reviewed by the team." in text and "Sub-themes: “Tablets”." in text
    assert "Proposed by a lived-experience partner." in text and "Dots in voting: 2" in text
    assert "1 said it fits" in text and "In the sub-theme “Tablets”." in text
    assert text.count(f"“{ANA_WORDS}”") == 2  # its quote under each theme its code is in
    assert "The thematic map, as a table" in text
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in word.tables]
    map_rows = next(rows for rows in tables if rows[0] == ["Theme", "Sub-theme", "Code", "Passages", "Status"])
    assert ["Help at home", "Tablets", "Medicines", "1", "candidate"] in map_rows
    book = load_workbook(tmp_path / "report" / "tables.xlsx")
    sheet = list(book["Themes"].iter_rows(values_only=True))
    assert sheet[0][:4] == ("Theme", "Part of theme", "Central idea", "Status")
    assert [row[0] for row in sheet[1:]] == ["Being alone", "Help at home", "Tablets"]
    codings = list(book["Codings"].iter_rows(values_only=True))
    assert sum(row[1] == ANA_WORDS for row in codings) == 1  # the codings sheet holds each coding once


def test_the_sample_studys_themes_drive_its_findings(sample_project, tmp_path):
    path = tmp_path / "home-safe.db"
    shutil.copy(sample_project, path)
    with Project.open(path, member="Alex Morgan") as project:
        names = list(project.themes()["name"])
        rose_words = set(project.segments().query("participant == 'Rose'")["text"])
        project.withdraw("Rose", erase=False)
        tables = read_snapshot(project.publish(tmp_path / "published"))
    codes, quotes, themes = tables["codes"], tables["quotes"], tables["themes"]
    assert list(dict.fromkeys(codes["theme"])) == names + [NO_THEME]
    assert list(themes["theme"]) == names
    counts = findings.counts_by_group(quotes, codes)
    assert counts.loc[names, "Total"].tolist() == themes["passages"].tolist()
    in_themes = quotes[quotes["theme"] != NO_THEME]
    assert len(in_themes) and "Rose" not in set(in_themes["speaker"])
    assert not any(text in turn for text in set(in_themes["text"]) if len(text) > 30 for turn in rose_words)


def test_the_dashboard_shows_the_framework_and_code_by_group_from_the_snapshot_only(project, tmp_path):
    from workbench.publish.partner_matrices import NOT_WRITTEN, NOTHING_SAID, code_group_matrix
    from workbench.widgets.findings_dashboard import FindingsDashboard

    two_themes_sharing_a_code(project)
    project.write_framework_cell("Ana", "Contact", "Wants <b>one</b> number.")
    project.write_framework_cell("Ben", "Lonely", "The café was shut; felt low.")
    project.write_framework_cell("Cal", "Medicines", "Says tablets come late.")
    project.withdraw("Ben", erase=False)
    snapshot = project.publish(tmp_path / "published")
    project.write_framework_cell("Cal", "Contact", "Written after publishing.")  # the live store is not read
    dashboard = FindingsDashboard(snapshot)
    framework = dashboard.sections["framework"].children[0].value
    assert "Wants &lt;b&gt;one&lt;/b&gt; number." in framework and "Says tablets come late." in framework
    assert "Ben" not in framework and "café" not in framework and "Written after publishing" not in framework
    rows = {cells.split("</th>")[0]: cells for cells in framework.split('<th scope="row">')[1:]}
    assert set(rows) == {"Ana", "Cal"}
    assert f"<td>{NOTHING_SAID}</td>" in rows["Ana"]  # Ana said nothing coded Medicines
    assert f"<td>{NOT_WRITTEN}</td>" in rows["Cal"]  # Cal spoke on Contact; nobody summarised it
    tables = dashboard.tables
    matrix = code_group_matrix(tables["quotes"], tables["codes"])
    assert list(matrix.index) == ["Lonely", "Contact", "Medicines", "Praise"]
    assert matrix.loc["Contact"].to_dict() == {"carer": 1, "provider": 1}  # Ben withdrew: no service user column
    assert matrix.loc["Medicines"].sum() == 0  # only Ben's tablets were coded Medicines
    table = dashboard.sections["matrix"].children[1].children[1].value
    assert "<caption>Number of passages for each code, by group</caption>" in table
    dashboard.theme.set_state({"index": dashboard.theme_choices.index("Help at home")})
    narrowed = dashboard.sections["framework"].children[0].value
    assert "Says tablets come late." in narrowed and "Wants" in narrowed and "Lonely" not in narrowed
