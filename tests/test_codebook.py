"""Editing the codebook: rename, move, merge (codings follow), recolour, archive, examples."""

import pytest

from workbench import WorkbenchError

TEXT = b"[00:00:01] Rose: I waited all day for my tablets.\n[00:00:05] Tom: Nobody told me what the new tablets were for.\n"


@pytest.fixture
def book(project):
    project.import_bytes(TEXT, "talk.txt")
    for name, parent in (("Medicines", None), ("Waiting", None), ("Tablets not explained", "Medicines"),
                         ("Delays", None)):
        project.add_code(name, parent=parent)
    return project


def span(project, words):
    text = project.document_text("talk")
    return text.index(words), text.index(words) + len(words)


def test_rename_and_refuse_a_taken_name(book):
    book.rename_code("Delays", "Delays on the day")
    assert "Delays on the day" in set(book.codes()["name"])
    with pytest.raises(WorkbenchError, match="already a code called 'Medicines'"):
        book.rename_code("Waiting", "Medicines")


def test_move_in_the_hierarchy_without_loops(book):
    book.move_code("Waiting", "Medicines")
    assert book.codes().set_index("name").loc["Waiting", "parent"] == "Medicines"
    with pytest.raises(WorkbenchError, match="inside itself"):
        book.move_code("Medicines", "Waiting")
    book.move_code("Waiting", None)
    assert book.codes().set_index("name").loc["Waiting", "parent"] is None


def test_merge_moves_codings_and_sub_codes_without_duplicates(book):
    start, end = span(book, "waited all day")
    book.apply_code("talk", "Delays", start, end)
    book.apply_code("talk", "Waiting", start, end)  # the same span: must not be duplicated
    other = span(book, "Nobody told me")
    book.as_member("Jo Bennett", "lived-experience partner").apply_code("talk", "Delays", *other)
    book.add_code("Delays at the pharmacy", parent="Delays")
    moved = book.merge_codes("Delays", "Waiting")
    codes = book.codes().set_index("name")
    codings = book.codings()
    assert moved == 1
    assert bool(codes.loc["Delays", "archived"]) and codes.loc["Delays", "codings"] == 0
    assert codes.loc["Delays at the pharmacy", "parent"] == "Waiting"
    assert sorted(zip(codings["code"], codings["member"])) == [("Waiting", "Alex Morgan"), ("Waiting", "Jo Bennett")]
    assert "code.merged" in set(book.events()["action"])
    with pytest.raises(WorkbenchError, match="different code"):
        book.merge_codes("Waiting", "Waiting")


def test_recolour_archive_and_example_quote(book):
    book.recolour_code("Medicines", "#0072B2")
    with pytest.raises(WorkbenchError, match="not a colour"):
        book.recolour_code("Medicines", "red; background:url(x)")
    start, end = span(book, "what the new tablets were for")
    coding = book.apply_code("talk", "Tablets not explained", start, end)
    book.set_code_example("Tablets not explained", coding)
    with pytest.raises(WorkbenchError, match="own codings"):
        book.set_code_example("Medicines", coding)
    book.archive_code("Waiting")
    codes = book.codes().set_index("name")
    assert codes.loc["Medicines", "colour"] == "#0072B2"
    assert codes.loc["Tablets not explained", "example"] == "what the new tablets were for"
    assert bool(codes.loc["Waiting", "archived"])
