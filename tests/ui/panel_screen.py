"""Checks of where the coding panel draws things on screen, shared by its browser tests."""


CODED_BOX = """([phrase]) => {
    const run = [...document.querySelectorAll('.wb-coding-panel .wb-run.wb-coded')]
        .find((r) => r.textContent.includes(phrase));
    if (!run) return null;
    const b = run.getBoundingClientRect();
    return {x: b.x, y: b.y, width: b.width, height: b.height};
}"""


def assert_coded_and_confirmed_on_screen(page, phrase: str, width: int, height: int) -> None:
    """After applying a code: the highlighted words and the panel's confirmation are both
    inside the viewport (the panel brings them into view)."""
    page.wait_for_timeout(300)
    for what, box in (("highlight", page.evaluate(CODED_BOX, [phrase])),
                      ("confirmation", page.locator(".wb-coding-panel .wb-status").bounding_box())):
        assert box and box["height"] > 0, (width, height, what, box)
        assert 0 <= box["y"] and box["y"] + box["height"] <= height, (width, height, what, box)
        assert 0 <= box["x"] and box["x"] + box["width"] <= width, (width, height, what, box)
