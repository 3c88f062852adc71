"""Every setting of a profile, with the words that describe it: one source for the tables of
docs/configuration.md (tools/config_docs.py writes them; a test checks they are current) and for
the comments `sconnect profile add` and `config init` write above each setting.

`value` and `default` are the documentation's words (Markdown); the comment in the file is the
same text without the Markdown. `toml` is the line written for a new profile: the default as
TOML, or None when the setting is left out by default (it is then written commented out, with
`example`, so the user sees how to switch it on)."""
from __future__ import annotations

import re
from dataclasses import dataclass

ALL_KINDS = ("sql", "mdb", "local", "b2b", "embedded", "memory")
CLASSIC_KINDS = ("sql", "mdb", "local")  # SnelStart desktop: read over ODBC, written through the Gateway


@dataclass(frozen=True)
class Setting:
    key: str
    value: str
    default: str
    toml: str | None = None  # the default as TOML; None: not written (commented out)
    example: str | None = None  # what a commented-out line shows
    kinds: tuple[str, ...] = ALL_KINDS  # snelstart: the kinds that use it
    secret: bool = False
    required: bool = False  # no default: the user must give it (profile add asks for it)
    # The snelstart kinds for which the default above is not theirs: written commented out, so
    # the kind's own default applies (SnelStart desktop's Gateway takes no order addresses and
    # writes no articles: infrastructure/config/sections.fit_classic).
    other_default_for: tuple[str, ...] = ()

    @property
    def comment(self) -> str:
        """The documentation's words as a plain-text comment."""
        return plain(self.value)


def plain(markdown: str) -> str:
    text = markdown.replace("**", "").replace("`", "")
    return re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)


PROFILE = (
    Setting("description", 'free text, e.g. the shop\'s address; used by `sales.description = "profile_name"` '
            "(a sales order's description holds at most 100 characters: [field limits](field-limits.md))",
            "empty", '""'),
    Setting("max_attempts", "1–100: how many runs retry a failed order before it is held for you", "`5`", "5"),
)

SNELSTART = (
    Setting("kind", "`sql`, `mdb`, `local`, `b2b`, `embedded`, `memory`", "**required**", required=True),
    Setting("server", "the SQL Server (instance), e.g. `KANTOOR\\SNELSTART`", "**required for sql**",
            kinds=("sql",), required=True),
    Setting("database", "the database (= administratie) name on the server", "**required for sql**",
            kinds=("sql",), required=True),
    Setting("database", "the administration file (path)", "**required for embedded/memory**",
            kinds=("embedded", "memory"), required=True),
    Setting("username", "SQL Server login; leave out for Windows (trusted) authentication", "none",
            example='"sconnect"', kinds=("sql",)),
    Setting("password", "**secret.** With kind `sql` and a `username`: that login's password. Otherwise the "
            "SnelStart (Gateway) password of `user`.", '`""`', kinds=("sql", "mdb", "local"), secret=True),
    Setting("folder", "the folder holding the administrations", "**required for mdb/local**",
            kinds=("mdb", "local"), required=True),
    Setting("administration", "the administration's name in that folder", "**required for mdb/local**",
            kinds=("mdb", "local"), required=True),
    Setting("user", "SnelStart (Gateway) login; an e-mail address is a SnelStartID (SnelStart 12)", "`Beheerder`",
            '"Beheerder"', kinds=("sql", "mdb", "local")),
    Setting("server", "another LocalDB instance", "`(localdb)\\MSSQLLocalDB`", example="'(localdb)\\snelstart'",
            kinds=("local",)),
    Setting("encrypt", "`true`/`false`: TLS to the server", "`true` for sql, `false` for local", example="true",
            kinds=("sql", "local")),
    Setting("trust_server_certificate", "`true`: accept the server's own (self-signed) certificate", "`false`",
            example="true", kinds=("sql", "local")),
    Setting("odbc_driver", "the ODBC driver's registered name",
            'sql/local: the first installed of "ODBC Driver 18/17 for SQL Server", "SQL Server Native Client 11.0", '
            '"FreeTDS"; mdb: "Microsoft Access Driver (*.mdb, *.accdb)" on Windows, "MDBTools" elsewhere; '
            'embedded: "SQLite3"', example='"ODBC Driver 18 for SQL Server"', kinds=("sql", "mdb", "local", "embedded")),
    Setting("schema_map", "a schema map file (where SnelStart keeps what; [classic.md](classic.md))",
            "the shipped map", example='"schema_map.toml"', kinds=("sql", "mdb", "local")),
    Setting("gateway_progid", "the SnelStart Gateway's COM ProgID", "`SnelStartGatewayInterface.clsGWaySnelStart`",
            example='"SnelStartGatewayInterface.clsGWaySnelStart"', kinds=("sql", "mdb", "local")),
    Setting("subscription_key", "**secret.** B2B API subscription key", "**required for b2b**", kinds=("b2b",),
            secret=True),
    Setting("client_key", "**secret.** Koppelsleutel of the administration", "**required for b2b**",
            kinds=("b2b",), secret=True),
    Setting("base_url", "B2B API address", "`https://b2bapi.snelstart.nl/v2/`",
            '"https://b2bapi.snelstart.nl/v2/"', kinds=("b2b",)),
    Setting("token_url", "token address", "`https://auth.snelstart.nl/b2b/token`",
            '"https://auth.snelstart.nl/b2b/token"', kinds=("b2b",)),
    Setting("rate_limit", "the product of your subscription key, whose rate limits S-Connect stays below: "
            "`production` (Productie/Maatwerk: 500 calls a minute, 5.000 an hour) or `test` (Ontwikkeling & Test: "
            "100 and 1.000); see [b2b.md](b2b.md#rate-limits)", "`production`", '"production"', kinds=("b2b",)),
)

MYSHOP = (
    Setting("shop_id", 'the winkelnummer, digits only (`"1817700"` or `1817700`)', "**required**", required=True),
    Setting("private_key", "**secret.** The privésleutel: back office → koppelingen → eigen koppelingen → orders "
            'ophalen = "ja, via externe server"', "**required**", secret=True),
    Setting("start_from", "where reading starts: a date/time (`2024-03-01T00:00:00`, `2024-03-01`, or the same in "
            "quotes) or a myShop order number (`12` or `\"00012\"`)", "**required**", required=True),
    Setting("base_url", "the myShop RPC address (a `/` is added at the end if missing)",
            "`https://www.mijnwinkel.nl/RPC/`", '"https://www.mijnwinkel.nl/RPC/"'),
    Setting("skip_statuses", "order statuses that are never imported: abandoned checkouts and cancelled orders "
            "appear in myShop's order list. Compared case-insensitively; a shop's own status labels can be added",
            '`["aborted", "cancelled"]`', '["aborted", "cancelled"]'),
    Setting("import_statuses", "if set, only orders with one of these statuses are imported (and not in "
            "`skip_statuses`), e.g. `[\"processing\", \"shipped\", \"completed\"]` to leave orders that are still "
            "`new` for later — they are imported once their status changes", "every status",
            example='["processing", "shipped", "completed"]'),
    Setting("signing", "how requests are signed with the privésleutel: `default`, `empty_partner_param` or "
            "`no_module_in_hash`. The shop-owner recipe is not publicly documented (see [myshop.md](myshop.md)); "
            "`sconnect test-connection` names the recipe the shop accepts if the default is refused", "`default`",
            '"default"'),
    Setting("columns", "a copy of the column table that maps the column names of myShop's order answer to "
            "S-Connect's fields, edited to match a real export (a path, relative to this file's folder). Checked when "
            "the configuration is read; see [myshop.md](myshop.md#matching-a-real-export)",
            "the table shipped with S-Connect (`infrastructure/myshop/columns.toml`)", example='"columns.toml"'),
)

SALES = (
    Setting("template", "the SnelStart verkoopordersjabloon of new orders: its id, number or name "
            "(case-insensitive)", "**required**", required=True),
    Setting("take_last_template", "`true`: a customer with earlier orders/invoices gets the template of the "
            "latest one", "`false`", "false"),
    Setting("unique_payment_reference", "`true`: an order whose number is already a betalingskenmerk in SnelStart "
            "is skipped", "`true`", "true"),
    Setting("description", '`auto`, `empty`, `profile_name`, `webshop_order` ("Webshop-order 12")',
            "`webshop_order`", '"webshop_order"'),
    Setting("addresses", "`from_order`, `from_customer_card`", "`from_order`; `from_customer_card` with sql/mdb/local, which cannot take `from_order`",
            '"from_order"', example='"from_customer_card"', other_default_for=CLASSIC_KINDS),
    Setting("lines", "`full`, `code_and_quantity`, `description_from_snelstart`", "`full`", '"full"'),
    Setting("recipes", "`never`, `when_always`, `when_choice_or_always`", "`never`", '"never"'),
    Setting("shipping_costs", '`{ line = { "21" = "<article>", "9" = "<article>" } }` (an article per VAT rate), '
            '`{ line = "<article code>" }`, `"cost_type_1"`, `"cost_type_2"` (cost types not with b2b, sql, mdb, local)', "not used",
            example='{ line = "VERZEND" }'),
    Setting("payment_costs", "same forms", "not used", example='"cost_type_1"'),
    Setting("discount", "same forms (the voucher discount)", "not used", example='{ line = "KORTING" }'),
    Setting("default_article_code", "article for a line without article code (and, with "
            '`articles.processing = "manual"`, for unknown articles): one code, or one per VAT rate '
            '`{ "21" = "WEB", "9" = "WEB-LAAG", "0" = "WEB-GEEN" }`', "none", example='"WEB"'),
)

ARTICLES = (
    Setting("code_field", "`artikelcode`, or the name of the (extra) field holding the shop's article code",
            "`artikelcode`", '"artikelcode"'),
    Setting("revenue_group", 'one artikelomzetgroep (`"Omzet"`), or one per VAT rate: `{ "21" = "Omzet hoog", '
            '"9" = "Omzet laag", "0" = "Omzet vrij" }`', "none",
            example='{ "21" = "Omzet hoog", "9" = "Omzet laag", "0" = "Omzet vrij" }'),
    Setting("processing", "`add_only`, `add_and_update`, `manual` (only `manual` with sql/mdb/local: the Gateway "
            "cannot create articles)", "`add_only`; `manual` with sql/mdb/local",
            '"add_only"', example='"manual"', other_default_for=CLASSIC_KINDS),
)

CUSTOMERS = (
    Setting("recognition", "`customer_code`, `email`, `customer_code_or_email`, `email_and_postcode`, "
            "`customer_code_or_email_and_postcode`, `smart`", "`smart`", '"smart"'),
    Setting("processing", "`add_only`, `add_and_update`, `manual`", "`add_only`", '"add_only"'),
    Setting("default_customer_code", 'relation number (1 or more) used with `processing = "manual"` when no '
            "relation matches", "none", example="9999"),
    Setting("default_payment_term", "days (0–1000), set on new relations only", "SnelStart's own", example="14"),
    Setting("name_threshold", "0–100: how alike two names must be for `smart` to count them as one", "`90`", "90"),
)

PLANNING = (
    Setting("interval", "`off`, `5m`, `10m`, `15m`, `30m`, `1h`, `2h`, `4h`, `8h`, `12h`, `1d`", "`off`", '"off"'),
    Setting("next_run", "a date/time; when left out, the scheduler runs the task at its first look", "none",
            example="2024-03-01T10:00:00"),
)

STATE = (
    Setting("path", "the SQLite file holding history, log, planning and locks",
            "`<user data folder>/state.sqlite` (Linux: `~/.local/share/sconnect/state.sqlite`)",
            example='"state.sqlite"'),
)

# The tables of a profile, in the order a profile is written.
SECTIONS: dict[str, tuple[Setting, ...]] = {
    "snelstart": SNELSTART, "myshop": MYSHOP, "sales": SALES, "articles": ARTICLES,
    "customers": CUSTOMERS, "planning": PLANNING,
}
# The documentation's tables: (marker, settings, with a "used by kind" column).
DOC_TABLES = {"state": (STATE, False), "profile": (PROFILE, False), "snelstart": (SNELSTART, True),
              **{name: (settings, False) for name, settings in SECTIONS.items() if name != "snelstart"}}


def markdown_table(name: str) -> str:
    settings, with_kinds = DOC_TABLES[name]
    if with_kinds:
        rows = ["| key | used by kind | value | default |", "|---|---|---|---|"]
        rows += [f"| `{s.key}` | {_kinds(s.kinds)} | {s.value} | {s.default} |" for s in settings]
    else:
        rows = ["| key | value | default |", "|---|---|---|"]
        rows += [f"| `{s.key}` | {s.value} | {s.default} |" for s in settings]
    return "\n".join(rows) + "\n"


def _kinds(kinds: tuple[str, ...]) -> str:
    return "all" if kinds == ALL_KINDS else ", ".join(kinds)
