"""The exported coded-documents page (issue 14) in Chromium: axe-core clean at every
impact, readable when printed, user text shown as text."""

from workbench import Project

from accessibility import axe_violations

TRANSCRIPT = ("[00:00:01] Interviewer: How was the day you left?\n"
              "[00:01:05] Rose: I waited all day <img src=x onerror=alert(1)> for my tablets.\n").encode()


def test_exported_html_is_axe_clean_and_inert(page, tmp_path):
    with Project.create(tmp_path / "study.db", member="Alex Morgan", role="researcher") as project:
        project.import_bytes(TRANSCRIPT, "rose.txt")
        project.import_bytes("[00:00:02] Sam: The ramp was folded.\n".encode(), "sam.txt")
        project.add_code("Waiting <i>long</i>")
        text = project.document_text("rose")
        start = text.index("waited")
        project.apply_code("rose", "Waiting <i>long</i>", start, text.index("tablets") + len("tablets"))
        path = project.export_coded_documents(tmp_path / "coded.html")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    assert page.locator("img").count() == 0 and page.locator("i").count() == 0 and dialogs == []
    assert "Waiting <i>long</i>" in page.locator(".margin .code").first.inner_text()
    assert axe_violations(page, impacts=("minor", "moderate", "serious", "critical")) == []
    page.emulate_media(media="print")
    assert page.locator("nav").is_hidden()
