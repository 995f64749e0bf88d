"""The co-production qualitative workbench."""

from .errors import ImportProblem, WorkbenchError
from .project import Project

__all__ = ["ImportProblem", "Project", "WorkbenchError"]
__version__ = "0.1.0"
