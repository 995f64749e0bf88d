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
