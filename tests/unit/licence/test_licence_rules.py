"""Which profiles run (SPEC §9): one without a licence, the first N of the file with one for N;
an expired licence counts as none; status warns 30 days ahead."""
from __future__ import annotations

from datetime import date

from domain.licence import Licence, licensed_profiles, profiles_allowed, refusal, warning

PROFILES = ["shop1", "shop2", "shop3", "shop4"]
THREE = Licence("De Boon B.V.", 3, date(2026, 1, 31))
TODAY = date(2025, 6, 1)


def test_without_a_licence_the_first_profile_runs():
    assert profiles_allowed(None, TODAY) == 1
    assert licensed_profiles(PROFILES, None, TODAY) == ("shop1",)
    assert refusal("shop2", PROFILES, None, TODAY) == (
        "profile shop2 is not covered by the licence: without a licence 1 profile runs (shop1); import a licence "
        "for more profiles with `sconnect licence import FILE`")


def test_a_licence_for_n_lets_the_first_n_run_in_the_files_order():
    assert licensed_profiles(PROFILES, THREE, TODAY) == ("shop1", "shop2", "shop3")
    assert licensed_profiles(["b", "a"], THREE, TODAY) == ("b", "a")
    assert refusal("shop3", PROFILES, THREE, TODAY) is None
    assert refusal("shop4", PROFILES, THREE, TODAY) == (
        "profile shop4 is not covered by the licence: the licence of De Boon B.V. for 3 profile(s), valid until "
        "2026-01-31 covers the first 3 of the configuration file (shop1, shop2, shop3); import a licence for "
        "more profiles with `sconnect licence import FILE`")


def test_an_expired_licence_counts_as_none():
    after = date(2026, 2, 1)
    assert licensed_profiles(PROFILES, THREE, date(2026, 1, 31)) == ("shop1", "shop2", "shop3")
    assert licensed_profiles(PROFILES, THREE, after) == ("shop1",)
    assert ("the licence of De Boon B.V. for 3 profile(s) expired on 2026-01-31, so it counts as none and 1 profile "
            "runs (shop1)") in refusal("shop2", PROFILES, THREE, after)
    assert warning(THREE, after).startswith("the licence of De Boon B.V. for 3 profile(s) expired on 2026-01-31: "
                                            "it counts as none")


def test_status_warns_within_30_days_of_the_end():
    assert warning(THREE, date(2026, 1, 1)) is None  # 30 days left
    assert warning(THREE, date(2026, 1, 2)) == (
        "the licence of De Boon B.V. for 3 profile(s), valid until 2026-01-31 ends in 29 day(s); import a new one "
        "with `sconnect licence import FILE` before then")
    assert "ends in 0 day(s)" in warning(THREE, date(2026, 1, 31))
    assert warning(None, TODAY) is None
