"""A relation as the state database keeps it between runs (relations.py): its fields as JSON,
the way recognition reads them (domain.customer.Relation), not SnelStart's row."""
from __future__ import annotations

import json
from dataclasses import asdict

from domain.customer import EmailSetting, Relation, RelationAddress

_EMAILS = ("invoice_email", "quote_email", "confirmation_email", "reminder_email")


def dumps(relation: Relation) -> str:
    return json.dumps(asdict(relation), ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Relation:
    data = json.loads(text)
    data["establishment"] = RelationAddress(**data["establishment"])
    if data.get("correspondence") is not None:
        data["correspondence"] = RelationAddress(**data["correspondence"])
    for name in _EMAILS:
        data[name] = EmailSetting(**data[name])
    data["extra_fields"] = tuple(tuple(pair) for pair in data["extra_fields"])
    data["kinds"] = tuple(data["kinds"])
    return Relation(**data)
