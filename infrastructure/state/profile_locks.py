"""The state store's profile locks: one run of a profile's task at a time, across processes.
Mixed into SqliteStateStore (store.py), whose `_read`, `_write` and `_locks_held` it uses; the
rule of who holds a lock is infrastructure/state/process.py's."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import col

from infrastructure.state.process import lock_held
from infrastructure.state.tables import LockRow, instant


class ProfileLocks:
    def acquire_lock(self, profile: str, holder: str, at: datetime, ttl_seconds: int) -> bool:
        """Take or renew the profile's lock: free, expired, or already ours. The read and the
        write are one IMMEDIATE transaction, so two processes can never both win."""
        if ttl_seconds <= 0:
            raise ValueError("a lock needs a positive time to live")
        now = instant(at)  # expiry compares in UTC: see UtcDateTime
        expires_at = now + timedelta(seconds=ttl_seconds)
        # Ours, and far from expiring: nobody can have taken it (only an expired lock or a dead
        # holder's is handed over, and only its holder releases it), so renewing it costs
        # nothing — not even a read. Runs renew per order.
        known = self._locks_held.get((profile, holder))
        if known is not None and known - now > timedelta(seconds=ttl_seconds / 2):
            return True
        with self._write() as session:
            row = session.get(LockRow, profile)
            if row is not None and row.holder != holder and lock_held(row, now):
                return False
            if row is None:
                session.add(LockRow(profile=profile, holder=holder, expires_at=expires_at))
            else:
                row.holder, row.expires_at = holder, expires_at
        self._locks_held[(profile, holder)] = expires_at
        return True

    def release_lock(self, profile: str, holder: str) -> None:
        self._locks_held.pop((profile, holder), None)
        with self._write() as session:
            session.exec(delete(LockRow).where(col(LockRow.profile) == profile,
                                               col(LockRow.holder) == holder))

    def lock_holder(self, profile: str, at: datetime) -> str | None:
        """Who holds the profile's lock at `at` (None: free, expired or left by a dead process),
        read without taking it: `status` must not make a starting run say Busy."""
        with self._read() as session:
            row = session.get(LockRow, profile)
            return row.holder if row is not None and lock_held(row, instant(at)) else None
