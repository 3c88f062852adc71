"""A relation as the state database keeps it between runs (relations.py): its fields as JSON,
the way recognition reads them (domain.customer.Relation), not SnelStart's row.

Only the fields that differ from their default are written: most relations send no e-mail by
SnelStart, have no correspondence address, extra fields or KvK number, and a copy of 50,000 is
read (and parsed) whenever a run needs the relations — a third of the text is a third of the
parsing. A copy written whole (every field) reads the same.
"""
from __future__ import annotations

import json
from dataclasses import asdict, fields, is_dataclass

from domain.customer import EmailSetting, Relation, RelationAddress

_EMAILS = ("invoice_email", "quote_email", "confirmation_email", "reminder_email")
_FIELDS = tuple((f.name, f.default) for f in fields(Relation))  # `code` and `name` have none: always written


def dumps(relation: Relation) -> str:
    data = {}
    for name, default in _FIELDS:
        value = getattr(relation, name)
        if value != default:
            data[name] = asdict(value) if is_dataclass(value) else value
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Relation:
    data = json.loads(text)
    if "establishment" in data:
        data["establishment"] = RelationAddress(**data["establishment"])
    if data.get("correspondence") is not None:
        data["correspondence"] = RelationAddress(**data["correspondence"])
    for name in _EMAILS:
        if name in data:
            data[name] = EmailSetting(**data[name])
    if "extra_fields" in data:
        data["extra_fields"] = tuple(tuple(pair) for pair in data["extra_fields"])
    if "kinds" in data:
        data["kinds"] = tuple(data["kinds"])
    return Relation(**data)
