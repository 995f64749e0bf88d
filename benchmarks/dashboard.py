"""Findings dashboard speed: a generated 100-transcript project, published and served
by `workbench dashboard`'s Voila command, against a bare Voila notebook that displays
the same three figures with plain plotly (and, for scale, one that only prints),
served in the same run. Times request -> every figure drawn (and the quotes
shown) in headless Chromium, the median of several fresh page loads each, against the
issue's goal (dashboard <= 1.5x the bare notebook). The last line is JSON.

    .venv/bin/python benchmarks/dashboard.py [--loads 5]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import tempfile
import time
from contextlib import redirect_stderr
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "ui"))

import nbformat  # noqa: E402
from servers import _server, free_port, voila  # noqa: E402

from workbench import Project  # noqa: E402
from workbench.coding.codings import apply_code  # noqa: E402
from workbench.coding.codes import require_code  # noqa: E402
from workbench.publish.serve import dashboard_command  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
THEMES = {"Medicines": ["Tablets late", "Medicines not explained", "Wrong dose"],
          "Communication": ["Told too late", "Letters and jargon", "Nobody listened"],
          "Getting home": ["Transport", "Equipment missing", "Alone at night"],
          "Support after": ["Care package", "GP follow-up", "Carer strain"]}
WORDS = ("the ward was busy and nobody told me when I could go home so I waited by the window with my bag "
         "packed and my daughter kept ringing to ask what was happening and the nurse said the tablets "
         "were still not ready from pharmacy").split()


def build_project(path: Path, transcripts: int = 100, turns: int = 40) -> dict:
    rng = random.Random(6)
    project = Project.create(path, member="Alex Morgan", role="researcher", title="Generated study (benchmark)")
    people = [f"P{n:03d}" for n in range(transcripts)]
    roles = ["service user", "provider", "carer"]
    participants = "pseudonym,role,consent\n" + "".join(f"{p},{roles[i % 3]},given\n" for i, p in enumerate(people))
    project.import_bytes(participants.encode(), "participants.csv")
    codebook = ["code,parent,definition"] + [f"{t},,About {t.lower()}." for t in THEMES] + [
        f"{c},{t},When people talk about {c.lower()}." for t, cs in THEMES.items() for c in cs]
    project.import_bytes("\n".join(codebook).encode(), "codebook.csv")
    for index, person in enumerate(people):
        lines = [f"{'Interviewer' if turn % 2 == 0 else person}: "
                 + " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40))).capitalize() + "."
                 for turn in range(turns)]
        project.import_bytes("\n".join(lines).encode(), f"int{index:03d}_{person}.txt")
    segments = project.segments()
    spoken = segments[segments["participant"].notna()]
    codes = [c for cs in THEMES.values() for c in cs]
    applied = 0
    with project._write() as writer:
        ids = {name: require_code(writer.conn, name) for name in codes}
        for row in spoken.itertuples():
            for code in rng.sample(codes, rng.choice([0, 0, 1, 1, 2])):
                apply_code(writer, int(row.document_id), ids[code], int(row.start), int(row.end))
                applied += 1
    project.close()
    return {"transcripts": transcripts, "segments": len(segments), "codings": applied}


def bare_notebooks(folder: Path, snapshot: Path) -> tuple[str, str]:
    """Two plain notebooks: one that displays the dashboard's three figures (read from
    JSON files, no workbench code), and one cell that prints (the floor of any Voila page)."""
    from workbench.figures.findings import dashboard_figures
    from workbench.publish import read_snapshot

    folder.mkdir(parents=True, exist_ok=True)
    figures = dashboard_figures(read_snapshot(snapshot))
    for name, figure in figures.items():
        (folder / f"{name}.json").write_text(figure.to_json())
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    plain = nbformat.v4.new_notebook()
    plain.metadata["kernelspec"] = kernel
    plain.cells = [nbformat.v4.new_markdown_cell("# Figures"), nbformat.v4.new_code_cell(
        "import plotly.io as pio\n" + "\n".join(f"pio.read_json({name + '.json'!r}).show()" for name in figures))]
    nbformat.write(plain, folder / "figures.ipynb")
    empty = nbformat.v4.new_notebook()
    empty.metadata["kernelspec"] = kernel
    empty.cells = [nbformat.v4.new_markdown_cell("# Bare"), nbformat.v4.new_code_cell("print('ready')")]
    nbformat.write(empty, folder / "empty.ipynb")
    return "figures.ipynb", "empty.ipynb"


def time_load(browser, url: str, ready: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_function(ready, timeout=180_000, polling=50)
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


# Ready: every figure drawn (or its "nothing to show" note, e.g. no groups to compare) and the quotes shown.
DASHBOARD_READY = ("() => { const pairs = [...document.querySelectorAll('.wb-findings-pair')];"
                   " return pairs.length >= 3 && pairs.every(pair => { const p = pair.querySelector('.js-plotly-plot');"
                   " return p ? Boolean(p.querySelector('.gtitle') && p.querySelector('g.trace, g.hm, .heatmaplayer image'))"
                   " : pair.textContent.includes('Nothing to show'); })"
                   " && document.querySelector('.wb-section-quotes blockquote') !== null; }")
BARE_READY = ("() => { const plots = [...document.querySelectorAll('.js-plotly-plot')];"
              " return plots.length >= 3 && plots.every(p => p.querySelector('.gtitle')"
              " && p.querySelector('g.trace, g.hm, .heatmaplayer image')); }")
EMPTY_READY = "() => [...document.querySelectorAll('.jp-OutputArea-output')].some(e => e.textContent.includes('ready'))"


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--project", type=Path, help="publish this project instead of generating one (e.g. the "
                        "sample study, or the large one `benchmarks/scale.py --keep PATH` leaves)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="dashboard-bench-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        if args.project:
            study = args.project
            with Project.open(study) as project:
                counts = project.summary()
            size = {"transcripts": counts["documents"], "segments": counts["segments"], "codings": counts["codings"]}
        else:
            study = root / "study.db"
            with redirect_stderr(io.StringIO()):
                size = build_project(study)
        built_s = time.perf_counter() - started
        started = time.perf_counter()
        with Project.open(study) as project:
            project.publish(root / "published")
        publish_s = time.perf_counter() - started
        port = free_port()
        command = dashboard_command(root / "published", port=port)
        import os

        os.environ["JUPYTER_PATH"] = command.env["JUPYTER_PATH"]
        plain, empty = bare_notebooks(root / "bare", root / "published")
        dashboard_s, bare_s, empty_s = [], [], []
        with _server(command.argv, root / "published", f"http://127.0.0.1:{port}/", port), \
                voila(root / "bare", plain) as bare_url, voila(root / "bare", empty) as empty_url, \
                sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            time_load(browser, f"http://127.0.0.1:{port}/", DASHBOARD_READY)  # warm every server once
            time_load(browser, bare_url + "/", BARE_READY)
            time_load(browser, empty_url + "/", EMPTY_READY)
            for _ in range(args.loads):
                dashboard_s.append(time_load(browser, f"http://127.0.0.1:{port}/", DASHBOARD_READY))
                bare_s.append(time_load(browser, bare_url + "/", BARE_READY))
                empty_s.append(time_load(browser, empty_url + "/", EMPTY_READY))
            browser.close()
    figures = {"dashboard_s": round(statistics.median(dashboard_s), 2), "bare_voila_s": round(statistics.median(bare_s), 2),
               "dashboard_max_s": round(max(dashboard_s), 2), "bare_voila_max_s": round(max(bare_s), 2),
               "empty_voila_s": round(statistics.median(empty_s), 2),
               "loads": args.loads, **size, "build_s": round(built_s, 1), "publish_s": round(publish_s, 2)}
    figures["ratio"] = round(figures["dashboard_s"] / figures["bare_voila_s"], 2)
    print(f"generated project: {size['transcripts']} transcripts, {size['segments']} segments, {size['codings']} codings "
          f"(built in {figures['build_s']} s, published in {figures['publish_s']} s)")
    print(f"request -> every figure drawn: dashboard {figures['dashboard_s']} s (median of {args.loads}, max "
          f"{figures['dashboard_max_s']} s); bare Voila notebook showing the same three figures "
          f"{figures['bare_voila_s']} s; an empty Voila notebook (one print) {figures['empty_voila_s']} s")
    print(f"ratio {figures['ratio']}x (goal <= 1.5x)")
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
