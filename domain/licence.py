"""The licence (SPEC §9, the manual's *Licentie inlezen*): how many profiles run.

Without a licence one profile runs. A licence for N profiles lets the first N profiles of the
configuration file run — the file's order, so adding a profile at the end never takes the
licence away from one that ran before. An expired licence counts as none."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

PROFILES_WITHOUT_LICENCE = 1
# `status` warns this long before the licence ends, so there is time to order a new one.
WARN_BEFORE = timedelta(days=30)


@dataclass(frozen=True)
class Licence:
    licensee: str
    profiles: int
    expires: date  # the last day the licence is valid
    issued: date | None = None

    def expired(self, today: date) -> bool:
        return today > self.expires

    def expires_soon(self, today: date) -> bool:
        return not self.expired(today) and self.expires - today < WARN_BEFORE

    def describe(self) -> str:
        return f"licence of {self.licensee} for {self.profiles} profile(s), valid until {self.expires:%Y-%m-%d}"

    def describe_expired(self) -> str:
        return f"licence of {self.licensee} for {self.profiles} profile(s) expired on {self.expires:%Y-%m-%d}"


def in_force(licence: Licence | None, today: date) -> Licence | None:
    """The licence that counts today: an expired one counts as none."""
    return None if licence is None or licence.expired(today) else licence


def profiles_allowed(licence: Licence | None, today: date) -> int:
    counted = in_force(licence, today)
    return PROFILES_WITHOUT_LICENCE if counted is None else max(counted.profiles, PROFILES_WITHOUT_LICENCE)


def licensed_profiles(profile_ids: Sequence[str], licence: Licence | None, today: date) -> tuple[str, ...]:
    """The profiles that may run: the first N of the configuration file."""
    return tuple(profile_ids[:profiles_allowed(licence, today)])


def refusal(profile_id: str, profile_ids: Sequence[str], licence: Licence | None, today: date) -> str | None:
    """Why `profile_id` may not run under this licence (one line naming the licence), or None."""
    allowed = licensed_profiles(profile_ids, licence, today)
    if profile_id in allowed:
        return None
    first = ", ".join(allowed)
    if licence is None:
        covered = f"without a licence {PROFILES_WITHOUT_LICENCE} profile runs ({first})"
    elif licence.expired(today):
        covered = (f"the {licence.describe_expired()}, so it counts as none and "
                   f"{PROFILES_WITHOUT_LICENCE} profile runs ({first})")
    else:
        covered = f"the {licence.describe()} covers the first {len(allowed)} of the configuration file ({first})"
    return (f"profile {profile_id} is not covered by the licence: {covered}; import a licence for more "
            f"profiles with `sconnect licence import FILE`")


def warning(licence: Licence | None, today: date) -> str | None:
    """What `status` (and, once expired, every run) says about the licence, or None."""
    if licence is None:
        return None
    if licence.expired(today):
        return (f"the {licence.describe_expired()}: it counts as none, so only "
                f"{PROFILES_WITHOUT_LICENCE} profile runs; import a new one with `sconnect licence import FILE`")
    if licence.expires_soon(today):
        days = (licence.expires - today).days
        return (f"the {licence.describe()} ends in {days} day(s); import a new one with "
                f"`sconnect licence import FILE` before then")
    return None
