"""The state store's profile locks: one run of a profile's task at a time, across processes.
Mixed into SqliteStateStore (store.py), whose `_sql` and `_locks_held` it uses; the rule of who
holds a lock is infrastructure/state/process.py's. Plain SQL on the store's kept connection (a
run takes and gives back its lock without loading the ORM); the expiry is stored as tables.py's
UtcDateTime stores it (values.utc_moment)."""
from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

from infrastructure.state.process import lock_held
from infrastructure.state.values import instant, utc_moment, utc_time_of


def _lock(sql, profile: str) -> SimpleNamespace | None:
    found = sql.cursor.execute("SELECT holder, expires_at FROM lock WHERE profile = ?", (profile,)).fetchone()
    return None if found is None else SimpleNamespace(holder=found[0], expires_at=utc_time_of(found[1]))


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
        with self._sql(write=True) as sql:
            row = _lock(sql, profile)
            if row is not None and row.holder != holder and lock_held(row, now):
                return False
            sql.cursor.execute("INSERT INTO lock (profile, holder, expires_at) VALUES (?, ?, ?) "
                               "ON CONFLICT (profile) DO UPDATE SET holder = excluded.holder, "
                               "expires_at = excluded.expires_at", (profile, holder, utc_moment(expires_at)))
        self._locks_held[(profile, holder)] = expires_at
        return True

    def release_lock(self, profile: str, holder: str) -> None:
        self._locks_held.pop((profile, holder), None)
        with self._sql(write=True) as sql:
            sql.cursor.execute("DELETE FROM lock WHERE profile = ? AND holder = ?", (profile, holder))

    def lock_holder(self, profile: str, at: datetime) -> str | None:
        """Who holds the profile's lock at `at` (None: free, expired or left by a dead process),
        read without taking it: `status` must not make a starting run say Busy."""
        with self._sql() as sql:
            row = _lock(sql, profile)
            return row.holder if row is not None and lock_held(row, instant(at)) else None
