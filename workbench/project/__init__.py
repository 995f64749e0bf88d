"""The `Project` facade: what a notebook, the CLI and the widgets talk to.

    project = Project.open("study.db", member="Alex Morgan", role="researcher")
    project.import_file("interview.txt")
    project.codings()            # a DataFrame

Every change goes through the store's logged write transaction, credited to the
member chosen with `member=` / `as_member()`.

One class, put together from one part per capability (a file each in this folder).
"""

from __future__ import annotations

from .core import ProjectCore
from .importing import Importing
from .coding import Coding
from .bulk_coding import BulkCoding
from .reading import Reading
from .agreement import Agreement
from .reliability import Reliability
from .topics import Topics
from .privacy import Privacy
from .coproduction import Coproduction
from .publishing import Publishing
from .coded_documents import CodedDocuments
from .themes import Themes
from .analysis import Analysis
from .framework import Framework
from .access import Access
from .coding_edits import CodingEdits


class Project(ProjectCore, Importing, Coding, BulkCoding, Reading, Agreement, Reliability, Topics, Privacy, Coproduction, Publishing, CodedDocuments, Themes, Analysis, Framework, Access, CodingEdits):
    """See the module docstring; each part's methods are in its own file."""


__all__ = ["Project"]
