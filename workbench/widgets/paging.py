"""Long results a page at a time: the whole result stays in Python, only the page shown
goes to the browser (static/pager.js draws the Previous/Next buttons, which ask for a
page by number; the number is checked here)."""

from __future__ import annotations

import math

import pandas as pd
import traitlets

from ..errors import WorkbenchError


class PagedRows(traitlets.HasTraits):
    page = traitlets.Int(0, help="The page shown, from 0.").tag(sync=True)
    pages = traitlets.Int(1, help="How many pages the result fills.").tag(sync=True)
    page_size = 100
    first_shown = 0  # the result's position of the page's first row

    def page_of(self, result: pd.DataFrame, page: int = 0) -> pd.DataFrame:
        """The rows of `page`, remembering where it starts; a page that does not exist is refused."""
        pages = max(1, math.ceil(len(result) / self.page_size))
        if not 0 <= page < pages:
            raise WorkbenchError(f"There is no page {page + 1}: the result has {pages} page(s).")
        self.first_shown = page * self.page_size
        self.page, self.pages = page, pages
        return result.iloc[self.first_shown:self.first_shown + self.page_size]

    def page_kept(self, total: int) -> int:
        """The page shown, or the last one if the result has shrunk since (others' changes)."""
        return min(max(self.page, 0), max(1, math.ceil(total / self.page_size)) - 1)

    def on_page(self, index: int, result: pd.DataFrame) -> bool:
        """Whether `index` (a position in `result`) is a row of the page the browser was given."""
        return self.first_shown <= index < min(len(result), self.first_shown + self.page_size)

    def page_note(self, total: int) -> str:
        return f" (page {self.page + 1} of {self.pages}, {self.page_size} a page)" if total > self.page_size else ""
