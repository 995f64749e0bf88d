"""Dashboard figures as report files, drawn by the local Chromium through kaleido."""

import shutil
import struct
from xml.etree import ElementTree

from workbench import Project
from workbench.cli import main
from workbench.figures.export import save_figure
from workbench.publish import findings

SVG = "{http://www.w3.org/2000/svg}"


def png_dpi(data: bytes) -> float:
    at = data.index(b"pHYs")
    per_metre, _, unit = struct.unpack(">IIB", data[at + 4:at + 13])
    assert unit == 1
    return per_metre * 0.0254


def test_figures_command_writes_png_svg_and_pdf_for_every_dashboard_figure(tmp_path, sample_project, capsys):
    study = tmp_path / "home-safe.db"
    shutil.copy(sample_project, study)
    assert main(["figures", str(study), str(tmp_path / "figures"), "--format", "png,svg,pdf"]) == 0
    names = {"themes-by-group", "largest-groups-compared", "codes-together", "thematic-map"}  # the project's themes
    assert {p.name for p in (tmp_path / "figures").iterdir()} == {f"{n}.{f}" for n in names for f in ("png", "svg", "pdf")}
    for name in names:
        png = (tmp_path / "figures" / f"{name}.png").read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and round(png_dpi(png)) == 300
        width = struct.unpack(">I", png[16:20])[0]
        assert width >= 1000 * 300 / 96 - 1  # drawn at 300 dpi, not scaled up afterwards
        assert (tmp_path / "figures" / f"{name}.pdf").read_bytes().startswith(b"%PDF-")
        svg = ElementTree.parse(tmp_path / "figures" / f"{name}.svg").getroot()
        assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
        assert svg[0].tag == f"{SVG}title" and svg[0].text
    title = ElementTree.parse(tmp_path / "figures" / "largest-groups-compared.svg").getroot()[0].text
    with Project.open(study) as project:
        quotes = project.findings_tables()["quotes"]
    largest = findings.groups(quotes)[:2]  # groups of people, named from the data
    assert title == f"{largest[0]} and {largest[1]} compared"


def test_one_call_per_figure_from_a_notebook(tmp_path, sample_project):
    with Project.open(sample_project) as project:
        figures = project.findings_figures()
    path = save_figure(figures["codes-together"], tmp_path / "together.svg")
    root = ElementTree.parse(path).getroot()
    assert root[0].text == "Which codes come up together"
    texts = "".join(root.itertext())
    assert "Medicines" in texts


def test_no_chromium_is_one_plain_line(tmp_path, sample_project, monkeypatch, capsys):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["figures", str(sample_project), str(tmp_path / "figures"), "--format", "svg"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: No Chromium was found") and "apt-get install chromium" in err
    assert not (tmp_path / "figures").exists() or not any((tmp_path / "figures").iterdir())
