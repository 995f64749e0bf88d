"""Errors a user can act on.

A `WorkbenchError` carries one plain-language sentence that names what went wrong
and what to do. The CLI prints it on one line and exits with status 2; notebooks
and widgets show it as it is. Anything else that escapes is a bug in the workbench.
"""


class WorkbenchError(Exception):
    """A user mistake or an environmental problem, explained in plain language."""


class ImportProblem(WorkbenchError):
    """A file that cannot be imported as it is. Nothing is written to the project."""

    def __init__(self, filename: str, problem: str, fix: str):
        self.filename = filename
        self.problem = problem
        self.fix = fix
        super().__init__(f"{filename}: {problem} {fix}")


class ProjectNotFound(WorkbenchError):
    pass


class NoMemberChosen(WorkbenchError):
    pass


class ProjectBusy(WorkbenchError):
    """Others kept the project busy beyond the wait; nothing was saved, try again."""


class ProjectReadOnly(WorkbenchError):
    """The project was opened read-only; it cannot be changed from here."""


class DiskFull(WorkbenchError):
    """No room left to save; the last saved work is intact."""


class SheetProblems(WorkbenchError):
    """A coding sheet with problems: a one-line summary, then one line per problem."""

    def __init__(self, filename: str, summary: str, problems: list[str]):
        self.filename = filename
        self.problems = problems
        super().__init__(f"{filename}: {summary}")

    def report(self) -> str:
        return "\n".join([str(self), *(f"  {problem}" for problem in self.problems)])


class SharedDriveWarning(UserWarning):
    """A SQLite project on a network or cloud-synced drive, where it can be corrupted."""
