"""Themes, dot-voting, ideas, images, polls, contribution and the involvement report (issue 10)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import select

from ..errors import NoMemberChosen, WorkbenchError
from ..ingest.store_import import ImportReport
from ..store.member_names import name_key
from ..store.schema import project_info
from .helpers import missing_file

if TYPE_CHECKING:
    from . import Project


class Coproduction:
    def _member_named(self, conn, name: str) -> tuple[int, str]:
        from ..store.member_names import find_member

        found = find_member(conn, name)  # without regard to case and spacing
        if found is None:
            raise WorkbenchError(f"There is no member called '{name}' in this project; check the spelling.")
        if found.role in ("machine", "consensus"):
            raise WorkbenchError(f"'{found.name}' is not a person ({found.role}); name a member of the team.")
        return found.id, found.role

    @staticmethod
    def _require_facilitator_for(writer, someone: str) -> None:
        """On a team, crediting someone else is a facilitator's (or the lead's) to do."""
        from ..hub.access import level_of
        from ..hub.ownership import on_a_team
        from ..hub.permissions import require_facilitator

        if on_a_team(writer.conn):
            require_facilitator(writer.actor.name, writer.actor.role, level_of(writer.conn, writer.member_id), someone)

    def _on_behalf_of(self, member: str | None) -> "Project":
        """One shared screen: a facilitator enters `member`'s choice, credited to them."""
        if member is None or (self.actor and name_key(member) == name_key(self.actor.name)):
            return self
        if self.actor is None:
            raise NoMemberChosen("Say who is working first, e.g. project.as_member('Chris Lee', 'facilitator').")
        with self.store.read() as conn:
            _, role = self._member_named(conn, member)
        return self.acting_as(member, role, entered_by=self.actor.name)

    def add_theme(self, name: str, definition: str = "", codes: list[str] | None = None, *, summary: str = "",
                  parent: str | None = None, member: str | None = None) -> int:
        """A theme grouping codes, credited to the acting member (or `member`, entered by a
        facilitator); `summary` is its central idea, `parent` makes it a sub-theme."""
        from ..coproduction.themes import add_theme, edit_theme

        with self._on_behalf_of(member)._write() as writer:
            new = add_theme(writer, name, definition, codes or [])
            if summary or parent:
                edit_theme(writer, name.strip(), summary=summary or None, parent=parent or False)
            return new

    def add_codes_to_theme(self, theme: str, codes: list[str]) -> int:
        from ..coproduction.themes import add_codes_to_theme

        with self._write() as writer:
            return add_codes_to_theme(writer, theme, codes)

    def themes(self) -> pd.DataFrame:
        """Themes with their codes, who made them, and the dots they received."""
        from ..coproduction.themes import themes_frame

        frame = themes_frame(self.store)
        votes = self.votes()
        dots = votes[votes["target_type"] == "theme"].groupby("target_id")["dots"].sum()
        frame["dots"] = frame["id"].map(dots).fillna(0).astype(int)
        return frame

    def start_voting(self, name: str, dots: int = 3, mode: str = "facilitated") -> int:
        """A dot-voting session: each member may place `dots` dots; `mode` is
        "facilitated" (one screen) or "individual" (each on their own)."""
        from ..coproduction.voting import start_session

        with self._write() as writer:
            return start_session(writer, name, dots, mode)

    def vote(self, session: str, target: str | int, on: str = "theme", dots: int = 1, member: str | None = None) -> int:
        """Place dots on a theme or code (by name), or an idea or segment (by id). With
        `member`, a facilitator places them for that member, credited to them."""
        from ..coproduction.voting import cast

        with self._on_behalf_of(member)._write() as writer:
            return cast(writer, session, on, target, dots)

    def take_back_vote(self, session: str, member: str | None = None) -> int:
        """Take back your (or `member`'s) most recent dots in `session`."""
        from ..coproduction.voting import take_back

        with self._on_behalf_of(member)._write() as writer:
            return take_back(writer, session)

    def votes(self, session: str | None = None) -> pd.DataFrame:
        from ..coproduction.voting import votes_frame

        return votes_frame(self.store, session)

    def voting_sessions(self) -> pd.DataFrame:
        from ..coproduction.voting import sessions_frame

        return sessions_frame(self.store)

    def vote_results(self, session: str | None = None) -> pd.DataFrame:
        """Ranked: dots and voters per option, and dots from each role."""
        from ..coproduction.voting import results

        return results(self.votes(session))

    def capture_idea(self, text: str | None = None, *, segment: int | None = None, document: str | int | None = None,
                     start: int | None = None, end: int | None = None, theme: str | None = None,
                     proposed_by: str | None = None) -> int:
        """Record an idea ("you said"), from a segment or sticky note, a span of a
        document, or typed; `proposed_by` is the member who raised it (default: you)."""
        from ..coproduction.ideas import capture

        with self._write() as writer:
            document_id = self._document_id(writer.conn, document) if document is not None else None
            proposer = self._member_named(writer.conn, proposed_by)[0] if proposed_by else None
            if proposer is not None and proposer != writer.member_id:
                self._require_facilitator_for(writer, proposed_by)
            return capture(writer, text, document_id=document_id, start=start, end=end, segment_id=segment,
                           theme=theme, proposed_by=proposer)

    def update_idea(self, idea: int, *, status: str | None = None, response: str | None = None,
                    reason: str | None = None, owner: str | None = None, due: str | None = None) -> None:
        """What the team did: status (new, being considered, taken forward, not taken
        forward), the response, the reason, an owner (a member) and a due date."""
        from ..coproduction.ideas import update

        with self._write() as writer:
            owner_id = self._member_named(writer.conn, owner)[0] if owner else None
            update(writer, idea, status=status, response=response, reason=reason, owner_id=owner_id, due=due)

    def ideas(self) -> pd.DataFrame:
        from ..coproduction.ideas import ideas_frame

        return ideas_frame(self.store)

    def you_said_we_did(self) -> pd.DataFrame:
        """The partners' table: each idea, what happened to it and why, in plain words."""
        from ..coproduction.ideas import you_said_we_did

        return you_said_we_did(self.ideas())

    def poll_results(self, document: str | int | None = None) -> pd.DataFrame:
        """Each workshop poll's options ranked by votes, with their share and how many
        comments people added (every poll, or the one named)."""
        from ..coproduction.polls import poll_results

        segments = self.segments(document)
        if document is not None and not (segments["kind"] == "poll option").any():
            raise WorkbenchError(f"'{document}' is not a poll; polls are imported with kind='poll'.")
        return poll_results(segments)

    def add_image_story(self, name: str, image: str | Path, story: str, alt_text: str) -> ImportReport:
        """An image from a workshop and the story told about it: the story becomes a
        document to code; the image is kept with it (PNG, JPEG, GIF or WebP)."""
        from ..coproduction.images import media_type, parse_story, write_story

        path = Path(image)
        data = path.read_bytes() if path.is_file() else missing_file(path)
        kind = media_type(data, path.name)
        parsed = parse_story(name, story, path.name, alt_text)  # all checked before writing
        with self._write() as writer:
            return write_story(writer, parsed, data, kind, alt_text)

    def image_story(self, document: str | int):
        """The image, its description and its story (`.html()` shows them side by side)."""
        from ..coproduction.images import read_story

        return read_story(self.store, self.document_id(document), str(document))

    def word_counts(self, document: str | int | None = None) -> pd.DataFrame:
        """The counts behind a word cloud of one-line answers (all such documents by default)."""
        from ..coproduction.words import word_counts

        segments = self.segments(document)
        if document is None:
            named = self.documents().set_index("name")["kind"]
            segments = segments[segments["document"].map(named) == "one-line answers"]
        return word_counts(segments["text"])

    def board(self, document: str | int | None = None) -> pd.DataFrame:
        """Sticky notes with their cluster, author, colour and the codes on them."""
        from ..coproduction.words import board_frame

        return board_frame(self.segments(document), self.codings(document))

    def contributions(self) -> pd.DataFrame:
        """Every contribution with who made it and in which role (no private memos)."""
        from ..coproduction.contribution import codings_without_text, contributions

        coded = self._visible_codings(codings_without_text(self.store))
        frame = contributions(self.codes(), coded, self.memos(), self.themes(), self.votes(), self.ideas(), self.members())
        # the topic model's suggestions and the agreed version's codings are not a person's work
        return frame[~frame["role"].isin(["machine", "consensus"])].reset_index(drop=True)

    def contribution_by_role(self, theme: str | None = None) -> pd.DataFrame:
        """Who shaped this analysis: counts, people and examples per role, for the
        study or for one theme."""
        from ..coproduction.contribution import by_role

        if theme is not None:
            with self.store.read() as conn:
                from ..coproduction.themes import require_theme

                require_theme(conn, theme)
        return by_role(self.contributions(), theme)

    def _involvement_activity(self):
        from ..coproduction.contribution import by_role
        from ..coproduction.involvement import Activity

        with self.store.read() as conn:
            title = conn.execute(select(project_info.c.value).where(project_info.c.key == "title")).scalar()
        return Activity(title or "this study", self.members(), self.documents(), self.voting_sessions(), self.votes(),
                        self.ideas(), by_role(self.contributions()), self.themes())

    def involvement_report(self) -> pd.DataFrame:
        """The GRIPP2 short form, drafted from the project's activity; sections the team
        edited (`edit_involvement_section`) show their edit."""
        from ..coproduction import involvement, saved_sections

        return involvement.sections_frame(involvement.draft(self._involvement_activity()),
                                          saved_sections.load(self.store, involvement.REPORT))

    def edit_involvement_section(self, section: str, text: str) -> None:
        """Replace a section's draft: aim, methods, results, outcomes or reflection."""
        from ..coproduction import involvement, saved_sections

        with self._write() as writer:
            saved_sections.save(writer, involvement.REPORT, section, text, involvement.SECTION_KEYS)

    def reset_involvement_section(self, section: str) -> None:
        from ..coproduction import involvement, saved_sections

        with self._write() as writer:
            saved_sections.reset(writer, involvement.REPORT, section)

    def export_involvement_report(self, path: str | Path, overwrite: bool = False) -> Path:
        """Write the involvement report (GRIPP2 short form) as a Word document."""
        from ..coproduction.involvement import who_took_part
        from ..coproduction.report_docx import involvement_docx

        path = Path(path)
        if path.suffix.lower() != ".docx":
            raise WorkbenchError(f"{path.name}: the involvement report is a Word file; give a name ending in .docx.")
        if path.exists() and not overwrite:
            raise WorkbenchError(f"{path} exists already; choose another name, or replace it (--force).")
        if not path.parent.is_dir():
            raise WorkbenchError(f"The folder {path.parent} does not exist; create it or choose another.")
        activity = self._involvement_activity()
        data = involvement_docx(activity.title, self.involvement_report(),
                                who_took_part(activity.members, activity.contribution))
        path.write_bytes(data)
        self.record_artefact("report", path)
        return path
