"""features/field_limits.feature: fitting the shop's values into SnelStart's fields. The steps
the other rule books share live in conftest.py; these are the feature's own."""
from __future__ import annotations

import re
from dataclasses import replace

from pytest_bdd import given, parsers, scenarios, then

from booking_world import World
from domain.field_limits import ArticleCodeLimit, snelstart_length

scenarios("field_limits.feature")

FILLER = "Graag bellen bij de buren als er niemand thuis is, het pakket mag ook achter de schuur. "
# What may stand between the kept words and the next word of a cut text: a word boundary.
_BOUNDARY = re.compile(r"[\s,;:.\-–—/(]*\s")


def long_text(length: int) -> str:
    """A Dutch remark of exactly `length` characters (not ending in a space: shops trim)."""
    text = (FILLER * (length // len(FILLER) + 1))[:length]
    return text[:-1] + "x" if text.endswith(" ") else text


def assert_cut_at_a_word(value: str, whole: str, length: int) -> None:
    assert snelstart_length(value) <= length, f"{snelstart_length(value)} characters: {value!r}"
    assert value.endswith("…"), value
    kept = value[:-1]
    assert whole.startswith(kept), f"{value!r} is not the start of the shop's text"
    assert _BOUNDARY.match(whole[len(kept):]), f"cut inside a word: …{whole[len(kept) - 10:len(kept) + 10]!r}"
    assert snelstart_length(kept) > length - 20, "more was left out than the field needed"


@given(parsers.re(r"SnelStart takes article codes of at most (?P<length>\d+) characters"))
def article_code_length(world: World, length: str) -> None:
    world.administration.article_codes = ArticleCodeLimit(int(length))


@given("SnelStart takes numeric article codes only")
def numeric_article_codes(world: World) -> None:
    world.administration.article_codes = ArticleCodeLimit(numeric=True)


@given(parsers.re(r"the customer's e-mail address is (?P<length>\d+) characters long"))
def long_email(world: World, length: str) -> None:
    domain = "@voorbeeld.nl"
    world.order.customer = replace(world.order.customer, email="a" * (int(length) - len(domain)) + domain)


@given(parsers.re(r"the order line is described in (?P<length>\d+) characters"))
def long_line_description(world: World, length: str) -> None:
    world.long_text = long_text(int(length))
    world.order.lines = [replace(world.order.lines[0], description=world.long_text), *world.order.lines[1:]]


@given(parsers.re(r"the customer remarked a text of (?P<length>\d+) characters"))
def long_remark(world: World, length: str) -> None:
    world.long_text = long_text(int(length))
    world.order.remark = world.long_text


@then(parsers.re(r'the order is refused, saying "(?P<text>.+)"'))
def refused_saying(world: World, text: str) -> None:
    assert world.plan is None, "the order was planned, not refused"
    assert text in str(world.error), str(world.error)
    assert "\n" not in str(world.error)


@then(parsers.re(r'a warning begins "(?P<text>.+)"'))
def warning_begins(world: World, text: str) -> None:
    found = [w for w in world.planned().warnings if w.startswith(text)]
    assert len(found) == 1, world.planned().warnings
    world.warning = found[0]


@then("that warning holds the shop's whole text")
def warning_holds_the_text(world: World) -> None:
    assert f"'{world.long_text}' booked as '" in world.warning


_CUT = r"the start of the shop's text, up to a whole word and \"…\", in at most (?P<length>\d+) characters"


@then(parsers.re(r"line (?P<n>\d+) of the sales order is described by " + _CUT))
def line_described(world: World, n: str, length: str) -> None:
    assert_cut_at_a_word(world.planned().sales_order.lines[int(n) - 1].description, world.long_text, int(length))


@then(parsers.re(r"the new article is described by " + _CUT))
def article_described(world: World, length: str) -> None:
    [article] = world.planned().new_articles
    assert_cut_at_a_word(article.description, world.long_text, int(length))


@then(parsers.re(r"the sales order's memo is " + _CUT))
def memo_cut(world: World, length: str) -> None:
    assert_cut_at_a_word(world.planned().sales_order.memo, world.long_text, int(length))


@then("SnelStart accepts what is planned")
def snelstart_accepts(world: World) -> None:
    """Every write of the plan, in the order the use case makes them, into an in-memory SnelStart
    that refuses what SnelStart refuses (with the same codes as every other administration)."""
    plan = world.planned()
    administration = world.administration.in_memory(world.recognition)
    code = plan.sales_order.relation_code
    if plan.new_relation is not None:
        code = administration.create_relation(plan.new_relation).code
    elif plan.relation_update is not None:
        administration.update_relation(code, plan.relation_update)
    for article in plan.new_articles:
        administration.create_article(article)
    for article in plan.article_updates:
        administration.update_article(article)
    administration.create_sales_order(replace(plan.sales_order, relation_code=code))
