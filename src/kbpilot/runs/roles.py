"""Who may do what with runs, enforced where runs change (the service and the dispatcher).

technician: everything. editor: runs only in the sandbox. trainee: practice runs only, always
against the sandbox, and no change to anyone else's (real) run.
"""

from __future__ import annotations

from dataclasses import dataclass

from kbpilot.errors import KbpilotError
from kbpilot.runs.model import Run

ROLES = ("technician", "editor", "trainee")


class RoleError(KbpilotError):
    """The role in use may not do this."""


@dataclass(frozen=True)
class Policy:
    """The rules for one session: its role and whether it talks to the sandbox."""

    role: str
    sandbox: bool

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise RoleError(f"unknown role {self.role!r}; roles: {', '.join(ROLES)}")
        if self.role == "trainee" and not self.sandbox:
            raise RoleError("a trainee session always uses the sandbox")

    @property
    def practice(self) -> bool:
        return self.role == "trainee"

    def check_start(self) -> None:
        if self.role == "editor" and not self.sandbox:
            raise RoleError("editors may run procedures only in the sandbox (use --sandbox)")

    def check_change(self, run: Run) -> None:
        """May this session mark steps or write notes in `run`?"""
        self.check_start()
        if self.role == "trainee" and not run.practice:
            raise RoleError(f"run {run.id} is not a practice run: trainees may only read it")

    def check_action(self, run: Run) -> None:
        """May this session send `run`'s actions to the systems it is connected to?"""
        self.check_change(run)
        if run.sandbox != self.sandbox:
            where = "in the sandbox (use --sandbox)" if run.sandbox else "against the real services"
            raise RoleError(f"run {run.id} was started {where}; its actions run only there")
