"""Step definitions of features/customer_recognition.feature."""
from __future__ import annotations

from pytest_bdd import given, parsers, scenarios, then, when
from rapidfuzz import fuzz

from domain.customer import normalise_name
from domain.errors import AmbiguousCustomer, SConnectError
from domain.matching import strategy_for
from domain.recognition_steps import name_similarity
from domain.relation_index import RelationIndex
from domain.settings import CustomerSettings, Recognition
from recognition_data import order_from_fields, relations_from_table

scenarios("customer_recognition.feature")


def _codes(text: str) -> tuple[int, ...]:
    return tuple(int(code) for code in text.replace(" and ", ", ").split(","))


@given(parsers.parse('customer recognition is set to "{strategy}"'))
def recognition_is(context, strategy):
    context.strategy = Recognition(strategy).value


@given(parsers.parse("the name threshold is {threshold:d}"))
def name_threshold(context, threshold):
    context.name_threshold = threshold


@given("SnelStart has these relations:")
def snelstart_has(context, datatable):
    context.relations = relations_from_table(datatable)


@given(parsers.parse('the webshop name "{order_name}" scores exactly {score:d} against the SnelStart name '
                     '"{relation_name}"'))
def name_scores(order_name, score, relation_name):
    # The numbers in the feature are computed, not guessed: exactly, and by rapidfuzz itself.
    ours, theirs = normalise_name(order_name), normalise_name(relation_name)
    same, total = name_similarity(ours, theirs)
    assert 100 * same == score * total, f"{ours!r} scores {100 * same / total} against {theirs!r}"
    assert abs(fuzz.token_sort_ratio(ours, theirs) - score) < 1e-9


def _recognise(context, fields):
    order = order_from_fields(fields)
    settings = CustomerSettings(recognition=Recognition(context.strategy), name_threshold=context.name_threshold)
    try:
        context.result = strategy_for(settings).recognise(order.customer, order.billing, order.delivery,
                                                          RelationIndex(context.relations))
    except SConnectError as error:
        context.error = error


@when("an order comes in with:")
def order_with(context, datatable):
    _recognise(context, [(row[0], row[1]) for row in datatable])


@when(parsers.parse('an order comes in from "{email}"'))
def order_from(context, email):
    _recognise(context, [("e-mail", email)])


@then(parsers.parse("the order is booked on relation {code:d}"))
def booked_on(context, code):
    result = context.outcome()
    assert result.relation is not None, f"a new relation: {result.explanation}"
    assert result.relation.code == code, result.explanation


@then(parsers.parse("a new relation is created with code {code:d}"))
def new_with_code(context, code):
    result = context.outcome()
    assert result.is_new, result.explanation
    assert result.customer_code == str(code), result.explanation


@then("a new relation is created with the next free relation code")
def new_with_next_code(context):
    result = context.outcome()
    assert result.is_new, result.explanation
    assert result.customer_code is None, result.explanation


@then(parsers.parse('the order is refused with "{message}"'))
def refused_with(context, message):
    error = context.refusal()
    assert str(error) == message
    assert "\n" not in str(error)


@then(parsers.parse("the order is refused as ambiguous between relations {codes}"))
def refused_as_ambiguous(context, codes):
    error = context.refusal()
    assert isinstance(error, AmbiguousCustomer)
    assert error.candidates == _codes(codes)


@then(parsers.parse('the explanation mentions "{text}"'))
def explanation_mentions(context, text):
    explanation = getattr(context.error, "explanation", None) if context.error else context.outcome().explanation
    assert explanation is not None and text in explanation, explanation


@then(parsers.parse('the deciding step is "{step}"'))
def deciding_step(context, step):
    assert context.outcome().step == step


@then(parsers.parse("recognition saw relations {codes}"))
def saw_relations(context, codes):
    assert context.outcome().candidates == _codes(codes)


@when("an order comes in without an e-mail address")
def order_without_email(context):
    _recognise(context, [("company", "Nieuw B.V.")])
