"""The OData `$filter` subset the B2B simulator understands, checked against a resource's schema.

SnelStart's filter is OData v3 flavoured (reference §3): property paths are case-sensitive
UpperCamelCase, keywords and functions lowerCamelCase, literals `'…'` (a quote doubled inside),
`guid'…'`, `datetime'…'`, integers, decimals, `true`/`false`/`null`. Understood here:

    eq ne gt ge lt le, and or not, ( ),
    substringof('x', P)  startswith(P, 'x')  endswith(P, 'x')  tolower(P)  toupper(P)  trim(P)  length(P)
    Coll/any(x: x eq 'Klant')   Coll/any(e: e/Naam eq 'EAN' and e/Waarde eq '…')   Coll/any()   Coll/all(…)

A filter is compiled once against the schema, so a wrong-case or unknown property, an unknown
function, or comparing a Guid property with a string literal is refused (ALG-0104) even when no
row would be looked at — as the live API refuses it before touching the database.

Strings compare case-insensitively by default: the API answers from SQL Server, whose default
collation ignores case ([I]: not confirmed; `case_insensitive=False` plays the strict variant).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

from infrastructure.simulators.snelstart_b2b.filter_words import (COMPARISONS, GUID, PRIMITIVES, Coll, FilterError, Getter,
                                                          Schema, Token, coerce, parse_datetime, tokens, unquote,
                                                          wire_name)

__all__ = ["Coll", "FilterError", "check_select", "compile_filter", "parse_datetime"]

@dataclass(frozen=True)
class _Typed:
    kind: Any  # a primitive name, "null", a schema (dict) or a Coll
    get: Getter


class _Compiler:
    def __init__(self, text: str, schema: Schema, entity: str, case_insensitive: bool):
        self.text, self.schema, self.entity = text, schema, entity
        self.case_insensitive = case_insensitive
        self.tokens = tokens(text)
        self.pos = 0
        self.scope: dict[str, Any] = {}  # lambda variable → its type

    # -- tokens -------------------------------------------------------------------------------
    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def take(self) -> Token:
        token = self.peek()
        self.pos += 1
        return token

    def expect(self, text: str) -> None:
        token = self.take()
        if token.text != text:
            raise FilterError(f"Syntax error at position {token.at} in '{self.text}': expected '{text}', "
                              f"found '{token.text or 'the end'}'.")

    def at_word(self, word: str) -> bool:
        token = self.peek()
        return token.kind == "name" and token.text == word

    # -- grammar ------------------------------------------------------------------------------
    def compile(self) -> Callable[[dict], bool]:
        if self.peek().kind == "end":
            raise FilterError("The $filter is empty.")
        node = self.expression()
        if self.peek().kind != "end":
            token = self.peek()
            raise FilterError(f"Syntax error at position {token.at} in '{self.text}': "
                              f"unexpected '{token.text}'.")
        if node.kind != "bool":
            raise FilterError("The $filter expression must evaluate to a single boolean value.")
        return lambda row: node.get(row, {}) is True

    def expression(self) -> _Typed:
        left = self.conjunction()
        while self.at_word("or"):
            self.take()
            left = self._logical(left, self.conjunction(), any)
        return left

    def conjunction(self) -> _Typed:
        left = self.negation()
        while self.at_word("and"):
            self.take()
            left = self._logical(left, self.negation(), all)
        return left

    def _logical(self, left: _Typed, right: _Typed, combine) -> _Typed:
        for side in (left, right):
            if side.kind != "bool":
                raise FilterError("The operands of 'and'/'or' must be boolean expressions.")
        return _Typed("bool", lambda row, env: combine((left.get(row, env) is True, right.get(row, env) is True)))

    def negation(self) -> _Typed:
        if self.at_word("not"):
            self.take()
            inner = self.negation()
            if inner.kind != "bool":
                raise FilterError("The operand of 'not' must be a boolean expression.")
            return _Typed("bool", lambda row, env: not inner.get(row, env))
        return self.comparison()

    def comparison(self) -> _Typed:
        left = self.primary()
        token = self.peek()
        if token.kind == "name" and token.text in COMPARISONS:
            self.take()
            return self._compare(token.text, left, self.primary())
        if token.kind == "name" and token.text.lower() in COMPARISONS:
            raise FilterError(f"Syntax error at position {token.at} in '{self.text}': "
                              f"unknown operator '{token.text}' (operators are lower case).")
        return left

    def primary(self) -> _Typed:
        token = self.peek()
        if token.text == "(":
            self.take()
            inner = self.expression()
            self.expect(")")
            return inner
        if token.kind in ("string", "typed", "number"):
            self.take()
            return self._literal(token)
        if token.kind == "name":
            if token.text in ("true", "false"):
                self.take()
                value = token.text == "true"
                return _Typed("bool", lambda row, env: value)
            if token.text == "null":
                self.take()
                return _Typed("null", lambda row, env: None)
            if self.peek(1).text == "(":
                return self.function()
            return self.path()
        raise FilterError(f"Syntax error at position {token.at} in '{self.text}': "
                          f"expected a value, found '{token.text or 'the end'}'.")

    def _literal(self, token: Token) -> _Typed:
        if token.kind == "string":
            value: Any = unquote(token.text)
            return _Typed("string", lambda row, env: value)
        if token.kind == "number":
            digits = token.text.rstrip("mMdDlL")
            if "." in digits or token.text[-1:] in "mMdD":
                number: Any = Decimal(digits)
                return _Typed("decimal", lambda row, env: number)
            number = int(digits)
            return _Typed("int", lambda row, env: number)
        prefix, _, quoted = token.text.partition("'")
        inner = unquote("'" + quoted)
        if prefix == "guid":
            if not GUID.fullmatch(inner):
                raise FilterError(f"Unrecognized 'Edm.Guid' literal 'guid'{inner}'' at position {token.at}.")
            guid = inner.lower()
            return _Typed("guid", lambda row, env: guid)
        try:
            moment = parse_datetime(inner)
        except ValueError:
            raise FilterError(f"Unrecognized 'Edm.DateTime' literal '{token.text}' at position {token.at}.") from None
        return _Typed("datetime", lambda row, env: moment)

    def path(self) -> _Typed:
        first = self.take()
        if first.text in self.scope:
            kind, get = self.scope[first.text], self._variable(first.text)
        else:
            kind, get = self.schema, (lambda row, env: row)
            kind, get = self._member(kind, get, first)
        while self.peek().text == "/":
            self.take()
            segment = self.take()
            if segment.kind != "name":
                raise FilterError(f"Syntax error at position {segment.at} in '{self.text}': expected a property name.")
            if segment.text in ("any", "all") and self.peek().text == "(":
                return self._lambda(segment.text, kind, get)
            kind, get = self._member(kind, get, segment)
        return _Typed(kind, get)

    @staticmethod
    def _variable(name: str) -> Getter:
        return lambda row, env: env[name]

    def _member(self, kind: Any, get: Getter, segment: Token) -> tuple[Any, Getter]:
        if not isinstance(kind, dict) or segment.text not in kind:
            where = self.entity if kind is self.schema else "the nested type"
            raise FilterError(f"Could not find a property named '{segment.text}' on type '{where}'.")
        child = kind[segment.text]
        key = wire_name(segment.text)

        def member(row, env, get=get, key=key, child=child):
            parent = get(row, env)
            raw = parent.get(key) if isinstance(parent, dict) else None
            return coerce(child, raw) if isinstance(child, str) else raw
        return child, member

    def _lambda(self, operator: str, kind: Any, get: Getter) -> _Typed:
        if not isinstance(kind, Coll):
            raise FilterError(f"The '{operator}' operator needs a collection.")
        self.expect("(")
        if self.peek().text == ")":
            if operator == "all":
                raise FilterError("'all' needs a lambda expression.")
            self.take()
            return _Typed("bool", lambda row, env: bool(get(row, env)))
        variable = self.take()
        if variable.kind != "name" or variable.text in self.scope:
            raise FilterError(f"Syntax error at position {variable.at} in '{self.text}': expected a range variable.")
        self.expect(":")
        self.scope[variable.text] = kind.element
        body = self.expression()
        del self.scope[variable.text]
        self.expect(")")
        if body.kind != "bool":
            raise FilterError(f"The body of '{operator}' must be a boolean expression.")
        element, name = kind.element, variable.text
        combine = any if operator == "any" else all

        def evaluate(row, env):
            items = get(row, env) or []
            values = (coerce(element, item) if isinstance(element, str) else item for item in items)
            return combine(body.get(row, {**env, name: value}) is True for value in values)
        return _Typed("bool", evaluate)

    # -- functions ----------------------------------------------------------------------------
    _FUNCTIONS: ClassVar[dict[str, tuple[tuple[str, ...], str]]] = {
        "substringof": (("string", "string"), "bool"), "startswith": (("string", "string"), "bool"),
        "endswith": (("string", "string"), "bool"), "tolower": (("string",), "string"),
        "toupper": (("string",), "string"), "trim": (("string",), "string"), "length": (("string",), "int"),
    }

    def function(self) -> _Typed:
        name = self.take()
        if name.text not in self._FUNCTIONS:
            raise FilterError(f"Unknown function '{name.text}'.")
        wanted, result = self._FUNCTIONS[name.text]
        self.expect("(")
        args: list[_Typed] = []
        while True:
            args.append(self.expression())
            if self.peek().text != ",":
                break
            self.take()
        self.expect(")")
        if len(args) != len(wanted) or any(a.kind not in (w, "null") for a, w in zip(args, wanted, strict=True)):
            raise FilterError(f"No function signature for the function with name '{name.text}' matches the "
                              "specified arguments.")
        fold = self._fold
        getters = [a.get for a in args]

        def call(row, env):
            values = [g(row, env) for g in getters]
            if any(v is None for v in values):
                return None
            if name.text == "substringof":
                return fold(values[0]) in fold(values[1])
            if name.text == "startswith":
                return fold(values[0]).startswith(fold(values[1]))
            if name.text == "endswith":
                return fold(values[0]).endswith(fold(values[1]))
            if name.text == "length":
                return len(values[0])
            return {"tolower": str.lower, "toupper": str.upper, "trim": str.strip}[name.text](values[0])
        return _Typed(result, call)

    # -- comparisons --------------------------------------------------------------------------
    def _fold(self, value: str) -> str:
        return value.casefold() if self.case_insensitive else value

    def _compare(self, operator: str, left: _Typed, right: _Typed) -> _Typed:
        kinds = {left.kind, right.kind}
        numeric = kinds <= {"int", "decimal", "null"}
        for side in (left, right):
            if not isinstance(side.kind, str) or side.kind not in PRIMITIVES + ("null",):
                raise FilterError(f"The '{operator}' operator cannot compare a complex value or a collection.")
        if not (numeric or len(kinds - {"null"}) <= 1):
            names = " and ".join(f"'Edm.{_EDM.get(k, k)}'" for k in (left.kind, right.kind))
            raise FilterError(f"A binary operator with incompatible types was detected. Found operand types "
                              f"{names} for operator kind '{operator}'.")
        if operator not in ("eq", "ne") and kinds & {"bool", "guid"}:
            raise FilterError(f"The '{operator}' operator is not defined for booleans or guids.")
        is_string = "string" in kinds
        fold = self._fold

        def compare(row, env):
            a, b = left.get(row, env), right.get(row, env)
            if is_string:
                a = fold(a) if isinstance(a, str) else a
                b = fold(b) if isinstance(b, str) else b
            if operator == "eq":
                return a == b
            if operator == "ne":
                return a != b
            if a is None or b is None:
                return False
            try:
                return {"gt": a > b, "ge": a >= b, "lt": a < b, "le": a <= b}[operator]
            except TypeError:  # e.g. a zone-aware against a zone-less moment
                return False
        return _Typed("bool", compare)


_EDM = {"string": "String", "int": "Int32", "decimal": "Decimal", "bool": "Boolean", "guid": "Guid",
        "datetime": "DateTime", "null": "Null"}


def compile_filter(text: str, schema: Schema, entity: str = "entity", *,
                   case_insensitive: bool = True) -> Callable[[dict], bool]:
    """The predicate of `$filter=text` over rows (the resource's JSON objects); raises FilterError."""
    return _Compiler(text, schema, entity, case_insensitive).compile()


def check_select(text: str, schema: Schema, entity: str = "entity") -> list[str]:
    """The wire names `$select=Id,Naam` keeps; raises FilterError on an unknown property."""
    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names:
        raise FilterError("The $select is empty.")
    for name in names:
        if name != "*" and name not in schema:
            raise FilterError(f"Could not find a property named '{name}' on type '{entity}'.")
    return ["*"] if "*" in names else [wire_name(n) for n in names]
