"""The Findings dashboard on a published snapshot of the sample study, served by
`workbench dashboard`'s own Voila command on 127.0.0.1 and driven by headless Chromium:
every section renders with a table beside each figure, the filters work from the
keyboard, axe-core finds nothing serious, and a visitor cannot change anything."""

import hashlib
import json
import shutil
import urllib.error
import urllib.request
import uuid

import pytest
import websocket

from workbench import Project
from workbench.publish.serve import dashboard_command

from accessibility import axe_violations
from servers import _server, free_port, voila_probe

SECTIONS = ["The themes", "The thematic map", "How often each theme came up", " compared",
            "Themes, what they mean, and what people said", "Which codes come up together",
            "Each code in each group of people", "What each person said, in the team's words", "Who shaped this analysis"]


def digest(folder) -> dict:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.iterdir())
            if path.is_file()}


@pytest.fixture(scope="module")
def served(tmp_path_factory, sample_project):
    root = tmp_path_factory.mktemp("dashboard")
    shutil.copy(sample_project, root / "home-safe.db")
    with Project.open(root / "home-safe.db") as project:
        project.publish(root / "published")
    folder = root / "published"
    port = free_port()
    command = dashboard_command(folder, port=port)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", command.env["JUPYTER_PATH"])
        with _server(command.argv, folder, voila_probe(f"http://127.0.0.1:{port}"), port):
            yield f"http://127.0.0.1:{port}", folder


def open_dashboard(page, url):
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")) else None)
    page.goto(url + "/")
    page.wait_for_selector(".wb-section-quotes blockquote", timeout=90_000)
    page.wait_for_selector(".wb-section-together .js-plotly-plot .main-svg", state="attached", timeout=30_000)
    return outside


def test_every_section_renders_with_a_table_beside_each_figure(served, page, tmp_path):
    url, folder = served
    outside = open_dashboard(page, url)
    headings = page.locator(".wb-findings h2").all_inner_texts()
    assert all(any(section in h for h in headings) for section in SECTIONS), headings
    pairs = page.locator(".wb-findings-pair")
    assert pairs.count() == 6
    for i in range(6):
        pair = pairs.nth(i)
        assert pair.locator(".js-plotly-plot .main-svg").count() >= 1
        assert pair.locator("table caption").count() == 1
    assert page.locator(".wb-section-themes .gtitle").first.text_content() == "How often each theme came up, in each group"
    # issue 14: the project's themes, each with its status and quotes, and the thematic map with its table
    themes = page.locator(".wb-section-found h3").all_inner_texts()
    assert len(themes) == 4 and "Medicines ready and understood" in themes
    assert page.locator(".wb-section-found li", has_text="Status:").count() == 4
    assert page.locator(".wb-section-found blockquote").count() >= 4
    assert page.locator(".wb-section-map .js-plotly-plot .treemaplayer").count() == 1
    assert page.locator(".wb-section-map .gtitle").first.text_content().startswith("Thematic map")
    assert page.locator(".wb-section-map caption").inner_text() == "Each theme's sub-themes and codes, with their passages"
    # issue 13, partners' part: code x group and the framework, read-only, from the snapshot
    assert page.locator(".wb-section-matrix .js-plotly-plot .heatmaplayer").count() == 1
    framework = page.locator(".wb-section-framework")
    assert framework.locator("caption").inner_text() == "The team's summaries: people by code or theme"
    assert framework.locator("tbody th[scope=row]").count() >= 2 and "nothing said" in framework.inner_text()
    assert framework.locator("input, textarea, select, button, [contenteditable]").count() == 0
    cites = page.locator(".wb-section-quotes cite").all_inner_texts()
    assert any("service user" in c for c in cites) and any("provider" in c for c in cites)
    body = page.locator("body").inner_text()
    assert "FindingsDashboard" not in body and "from workbench" not in body and "Traceback" not in body
    assert outside == []  # nothing from a CDN
    page.screenshot(path=str(tmp_path / "findings.png"), full_page=True)
    assert (tmp_path / "findings.png").stat().st_size > 10_000
    assert axe_violations(page, "body") == []
    page.set_viewport_size({"width": 1280, "height": 800})  # a laptop: the same page resized, not loaded again
    page.wait_for_timeout(500)  # plotly lays figures out again on resize
    assert_fits(page, 1280)


def test_filters_work_from_the_keyboard_and_on_a_narrow_screen(served, browser):
    url, _ = served
    context = browser.new_context(viewport={"width": 640, "height": 900}, device_scale_factor=2)
    page = context.new_page()
    try:
        open_dashboard(page, url)
        group = page.get_by_label("Group", exact=True)
        group.focus()
        page.keyboard.press("ArrowDown")  # the first group after "All groups": service users
        page.wait_for_function("() => [...document.querySelectorAll('.wb-section-quotes cite')].every("
                               "c => c.textContent.includes('service user'))", timeout=20_000)
        assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") == "solid"  # focus shows
        page.get_by_label("Theme", exact=True).select_option(label="Medicines ready and understood")
        page.wait_for_function("() => !document.querySelector('.wb-section-quotes').textContent"
                               ".includes('Waiting and timing')", timeout=20_000)
        page.wait_for_function("() => document.querySelectorAll('.wb-section-found h3').length === 1", timeout=20_000)
        assert page.locator(".wb-section-found h3").inner_text() == "Medicines ready and understood"
        caption = page.locator(".wb-section-themes caption").inner_text()
        assert "Medicines" in caption
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert axe_violations(page, "body") == []
    finally:
        context.close()


def assert_fits(page, width):
    """Issue 18: nothing is cut off at the right, tables scroll inside their own box,
    body text is 16 px, legends sit under the bars, and axe finds nothing serious."""
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    sizes = page.evaluate("() => [...document.querySelectorAll('.wb-findings p, .wb-findings td, "
                          ".wb-findings blockquote p')].map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 15.9, sorted(set(sizes))
    boxes = page.evaluate("() => [...document.querySelectorAll('.wb-table-scroll')].map(e => "
                          "[e.getBoundingClientRect().right, e.scrollWidth > e.clientWidth, e.tabIndex])")
    assert boxes and all(right <= width + 1 and tab == 0 for right, _, tab in boxes)
    legends = page.evaluate("() => [...document.querySelectorAll('.wb-section-themes .legend')].map(l => "
                            "[l.getBoundingClientRect().top, l.closest('.js-plotly-plot').querySelector('.barlayer')"
                            ".getBoundingClientRect().bottom])")
    assert legends and all(top >= bottom - 1 for top, bottom in legends)  # the legend below the bars
    labels = page.get_by_label("Source", exact=True)
    assert labels.count() == 1 and "survey" in labels.inner_text()
    groups = page.get_by_label("Group", exact=True).inner_text()
    assert "survey" not in groups and "workshop" not in groups  # sources are not groups of people
    assert axe_violations(page, "body") == []


def test_the_dashboard_fits_a_phone_with_16px_text(served, browser):
    url, _ = served
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_dashboard(page, url)
        assert_fits(page, 390)
    finally:
        context.close()


def test_visitor_cannot_run_code_or_change_anything_by_websocket(served, page, tmp_path):
    url, folder = served
    before = digest(folder)
    open_dashboard(page, url)
    kernel = page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    channel = websocket.create_connection(f"ws://127.0.0.1:{url.rsplit(':', 1)[1]}/api/kernels/{kernel}/channels",
                                          timeout=10)
    session = uuid.uuid4().hex

    def send(msg_type, content, channel_name="shell"):
        msg_id = uuid.uuid4().hex
        channel.send(json.dumps({"header": {"msg_id": msg_id, "msg_type": msg_type, "session": session,
                                            "username": "visitor", "version": "5.3", "date": ""},
                                 "parent_header": {}, "metadata": {}, "content": content, "channel": channel_name,
                                 "buffers": []}))
        return msg_id

    def replies(msg_id, seconds=3.0):
        found = []
        channel.settimeout(seconds)
        try:
            while True:
                msg = json.loads(channel.recv())
                if msg.get("parent_header", {}).get("msg_id") == msg_id:
                    found.append(msg)
        except (websocket.WebSocketTimeoutException, TimeoutError):
            return found

    marker = tmp_path / "visitor-was-here"
    attempt = send("execute_request", {"code": f"open({str(marker)!r}, 'w').write('x')", "silent": False,
                                       "store_history": False, "user_expressions": {}, "allow_stdin": False})
    answered = replies(attempt)
    assert not marker.exists()
    assert not any(m["msg_type"] == "execute_reply" and m["content"].get("status") == "ok" for m in answered)

    comms = replies(send("comm_info_request", {"target_name": "jupyter.widget"}))
    comm_ids = [cid for m in comms if m["msg_type"] == "comm_info_reply" for cid in m["content"]["comms"]]
    assert len(comm_ids) > 10

    def states() -> dict:
        asked = {send("comm_msg", {"comm_id": cid, "data": {"method": "request_state"}}): cid for cid in comm_ids}
        found = {}
        channel.settimeout(10)
        while len(found) < len(asked):
            msg = json.loads(channel.recv())
            cid = asked.get(msg.get("parent_header", {}).get("msg_id"))
            if cid and msg["msg_type"] == "comm_msg" and msg["content"]["data"].get("method") == "update":
                found[cid] = msg["content"]["data"]["state"]
        return found

    original = states()
    assert len(original) == len(comm_ids)
    forged = {"index": 999, "value": "<img src=x onerror=alert(1)>", "description": "hacked", "options": ["x"],
              "_options_labels": ["x"], "children": [], "outputs": [], "display": "none", "layout": None,
              "_dom_classes": ["x"], "tabbable": False}
    for cid in comm_ids:
        send("comm_msg", {"comm_id": cid, "data": {"method": "update", "state": forged, "buffer_paths": []}})
    replies("none", 2.0)
    after = states()
    changed = {cid: {k for k in set(original[cid]) | set(after[cid]) if original[cid].get(k) != after[cid].get(k)}
               for cid in comm_ids if original[cid] != after[cid]}
    assert changed == {}  # no widget took any of it: not a filter, a text, a layout or a style
    channel.close()
    assert page.locator(".wb-section-quotes blockquote").count() > 0
    assert digest(folder) == before


@pytest.mark.parametrize("path", [
    "/voila/files/findings.db", "/voila/files/findings.ipynb", "/files/findings.db", "/findings.db",
    "/api/contents/findings.db", "/api/contents/findings.ipynb", "/api/contents", "/voila/render/findings.db",
    "/notebooks/findings.ipynb", "/tree", "/voila/tree", "/static/../findings.db", "/voila/static/..%2Ffindings.db",
])
def test_snapshot_and_notebook_are_not_served_by_url(served, path):
    url, folder = served
    before = digest(folder)
    try:
        with urllib.request.urlopen(url + path, timeout=10) as response:
            body = response.read()
    except urllib.error.HTTPError as refused:
        assert refused.code in (403, 404, 405)
        body = b""
    assert b"SQLite format 3" not in body and b'"cells"' not in body and b"FindingsDashboard" not in body
    assert digest(folder) == before
