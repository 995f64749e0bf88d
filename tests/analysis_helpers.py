"""A small study whose every passage is known, for the analysis workspace's tests."""

from __future__ import annotations

import pytest

PEOPLE = ("pseudonym,role,site,single_parent\n"
          "Ana,carer,North,yes\n"
          "Ben,service user,South,no\n"
          "Cal,provider,North,no\n").encode()

TRANSCRIPT = ("[00:00:01] Interviewer: Tell me about leaving.\n"
              "[00:00:05] Ana: Nobody phoned me after. I felt alone and I wanted one number to ring.\n"
              "[00:00:12] Ben: The tablets were late. Café was shut.\n"
              "[00:00:20] Cal: We try to phone everyone.\n"
              "[00:00:25] Ben: =1+1 was my joke about the CAFE.\n").encode()

# (member, role, code, words): each words string occurs once in the transcript
CODINGS = [
    ("Alex Morgan", "researcher", "Lonely", "Nobody phoned me after. I felt alone"),
    ("Alex Morgan", "researcher", "Contact", "I felt alone and I wanted one number to ring"),
    ("Jo Bennett", "lived-experience partner", "Contact", "one number to ring"),
    ("Alex Morgan", "researcher", "Medicines", "The tablets were late"),
    ("Alex Morgan", "researcher", "Lonely", "Café was shut"),
    ("Alex Morgan", "researcher", "Contact", "phone everyone"),
    ("Alex Morgan", "researcher", "Praise", "=1+1 was my joke"),
    ("Consensus", "consensus", "Contact", "wanted one number"),
]


def build_study(project, document: str = "int_a"):
    """Participants, one transcript, four codes and the codings above."""
    project.import_bytes(PEOPLE, "people.csv")
    project.import_bytes(TRANSCRIPT, f"{document}.txt")
    for code in ("Lonely", "Contact", "Medicines", "Praise"):
        project.add_code(code)
    text = project.document_text(document)
    for member, role, code, words in CODINGS:
        start = text.index(words)
        project.acting_as(member, role).apply_code(document, code, start, start + len(words))
    return text


@pytest.fixture
def study(project):
    """A project with `build_study`'s people, transcript, codes and codings."""
    build_study(project)
    return project
