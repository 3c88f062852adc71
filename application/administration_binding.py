"""A profile's history belongs to one SnelStart administration (SPEC §10: never silently drop
an order). The history says which orders are done *there*; a profile pointed at another
administration — the real one after a test one, or two installations sharing a state file —
would otherwise report the orders as done earlier and book nothing in it."""
from __future__ import annotations

from domain.errors import AdministrationChanged

from application.ports import Administration, StateStore


def check_administration(state: StateStore, profile: str, administration: Administration) -> None:
    """Bind the profile's history to the administration at its first run; afterwards refuse
    (AdministrationChanged, exit 78) a run into another one while a history exists."""
    found = administration.identity()
    if found is None:  # an administration that cannot tell who it is (a bare in-memory one)
        return
    binding = state.bound_administration(profile)
    if binding is None:
        # The first run, or a history kept by an S-Connect that did not record it: it belongs
        # to the administration the profile reaches now, the best that can be known.
        state.bind_administration(profile, found)
        return
    if binding.administration.key == found.key:
        if binding.administration.name != found.name:
            state.bind_administration(profile, found)  # renamed: the same administration
        return
    if not state.has_history(profile):
        state.bind_administration(profile, found)  # nothing is done anywhere: nothing to mix up
        return
    raise AdministrationChanged(profile, str(binding.administration), str(found))
