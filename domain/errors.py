"""Domain errors. Each carries a one-line message a shop owner or bookkeeper can act on."""
from __future__ import annotations


class SConnectError(Exception):
    """Base of every user-facing error: `str(error)` is the one line shown."""


class OrderRejected(SConnectError):
    """This order cannot be booked (bad data or a missing setting); the others go on.

    `personal`: names the message quotes from SnelStart (a relation's name beside its code),
    left out of the reason the history keeps (domain/personal_data.py)."""

    personal: tuple[str, ...] = ()


class OrderLeftOut(OrderRejected):
    """The shop has the order, but the settings leave it out (its status, or before start_from):
    it is skipped, not failed. `order`: the order as the shop has it, when it is its status that
    leaves it out (a cancelled order: reconcile compares it with what was booked)."""

    def __init__(self, message: str, order: object | None = None):
        super().__init__(message)
        self.order = order


class OrderNotInShop(OrderRejected):
    """The shop has no order with this number (`explain 99`): nothing to explain or book."""


class AmbiguousCustomer(OrderRejected):
    def __init__(self, message: str, candidates: tuple[int, ...] = (), explanation: str = ""):
        super().__init__(message)
        self.candidates = candidates
        self.explanation = explanation


class CustomerCodeMissing(OrderRejected):
    pass


class InvalidCustomerCode(OrderRejected):
    """The shop's customer code cannot be a relatiecode (it is not a number)."""


class InactiveCustomer(OrderRejected):
    """The shop's customer code belongs to a relation that is inactive (non-actief) in SnelStart."""


class UnknownArticle(OrderRejected):
    pass


class SettingMissing(OrderRejected):
    """A setting an order needs is absent or points at nothing (names the setting)."""


class ConfigurationError(SConnectError):
    """A bad configuration value; the CLI exits 78 with this line — or with several, one per
    problem, when the whole file was checked (`several`): the user fixes them all in one go."""

    def __init__(self, message: str = "", problems: tuple[str, ...] = ()):
        self.problems = problems or (message,)
        super().__init__(message or "\n".join(self.problems))

    @classmethod
    def several(cls, problems) -> "ConfigurationError":
        """One error naming every problem, one line each, sorted by the setting's key (each
        line starts with it) so the user meets them in a stable order."""
        unique = tuple(sorted(dict.fromkeys(problems), key=_by_key))
        return cls("\n".join(unique), unique)


def _by_key(line: str) -> tuple[str, str]:
    key, _, rest = line.partition(": ")
    return key, rest


class AdministrationChanged(ConfigurationError):
    """The profile now reaches another SnelStart administration than the one its history was
    made in: a run would take that history's orders for done and book nothing. `bound` and
    `found` name both administrations; the user chooses (a new history, or the same one moved)."""

    def __init__(self, profile: str, bound: str, found: str):
        super().__init__(f"profile {profile}: its history belongs to SnelStart administration {bound}, but "
                         f"snelstart now reaches {found}; nothing was booked")
        self.profile, self.bound, self.found = profile, bound, found


class ServiceUnavailable(SConnectError):
    """The shop or SnelStart could not be reached; the CLI exits 75."""


class UnreadableAnswer(ServiceUnavailable):
    """The service was reached and answered, but its answer as a whole cannot be read: not XML,
    cut off, in a layout S-Connect does not know, hostile or too large. Nothing of it is used and
    the run stops like an outage (so it subclasses ServiceUnavailable), but the CLI exits 76, not
    75: the service is up, and waiting alone may not help (docs/myshop.md)."""


class Busy(SConnectError):
    """Another run of the same profile's task holds the lock."""


class SnelStartRefused(OrderRejected):
    """SnelStart refused a write for this order; `code` is SnelStart's validation code
    (e.g. REL-0008: relatiecode already in use), so callers can react to a specific refusal."""

    def __init__(self, message: str, code: str = ""):
        super().__init__(message)
        self.code = code
