"""One base error for input that cannot be checked; the CLI turns it into exit 2."""

from __future__ import annotations


class ClaimcheckError(Exception):
    """Input that cannot be checked, with where it is and what to do about it.

    ``subject`` names the claim, rule or unit (``claim 'weapons_stolen'``); ``hint``
    says what to do. ``str()`` gives the whole message.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        subject: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.subject = subject
        self.hint = hint

    def located(self, *, file: str | None = None, line: int | None = None,
                subject: str | None = None) -> ClaimcheckError:
        """A copy with the location filled in where it was missing."""
        return type(self)(
            self.message,
            file=self.file or file,
            line=self.line or line,
            subject=self.subject or subject,
            hint=self.hint,
        )

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        about = f"{self.subject}: " if self.subject else ""
        hint = f"\n  hint: {self.hint}" if self.hint else ""
        return f"{where}{about}{self.message}{hint}"


class LoadError(ClaimcheckError):
    """The file is missing, not TOML, or not in the claims format."""


class ValueGrammarError(ClaimcheckError):
    """A ``value`` or ``tolerance`` that the value grammar cannot read."""


class UnitError(ClaimcheckError):
    """A unit expression or a ``[units]`` definition that cannot be used."""


class ExpressionError(ClaimcheckError):
    """A rule's ``check`` or a ``derived`` expression that is rejected."""
