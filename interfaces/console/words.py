"""The console's words: Dutch in the manual's words first, English as the browser's choice.

The browser's Accept-Language chooses (Dutch unless it prefers English); a link on every page
switches, remembered in a cookie. Shop and SnelStart text is never translated: it is data.
"""
from __future__ import annotations

LANGUAGES = ("nl", "en")
LANG_COOKIE = "sconnect_lang"

WORDS: dict[str, tuple[str, str]] = {
    # tabs and page titles
    "uitvoering": ("Uitvoering", "Run"),
    "orders": ("Orders", "Orders"),
    "instellingen": ("Instellingen", "Settings"),
    "over": ("Versie en licentie", "Version and licence"),
    "other_language": ("English", "Nederlands"),
    # Uitvoering (manual §3)
    "taken": ("Overzicht taken", "Tasks"),
    "profiel": ("Profiel", "Profile"),
    "taak": ("Taak", "Task"),
    "importeren_orders": ("Importeren orders", "Import orders"),
    "interval": ("Interval", "Interval"),
    "volgende_keer": ("Volgende keer uitvoeren", "Next run"),
    "laatste_keer": ("Laatste keer uitgevoerd", "Last run"),
    "nu_uitvoeren": ("Nu uitvoeren", "Run now"),
    "status": ("Status S-Connect", "S-Connect status"),
    "gereed": ("Gereed", "Ready"),
    "bezig": ("Bezig", "Busy"),
    "fetching": ("orders ophalen uit myShop", "fetching orders from myShop"),
    "booking": ("order {order} ({done} van {total})", "order {order} ({done} of {total})"),
    "booking_start": ("orders verwerken (0 van {total})", "processing orders (0 of {total})"),
    "elsewhere": ("bezig in een ander programma (sconnect run of schedule)",
                  "running in another program (sconnect run or schedule)"),
    "informatie": ("Informatie", "Information"),
    "uitgebreid": ("Uitgebreide informatie tonen", "Show detailed information"),
    "beperkt": ("Beperkte informatie tonen", "Show basic information"),
    "exporteren": ("Exporteren naar Excel", "Export to Excel"),
    "kopieren": ("Kopiëren", "Copy"),
    "gekopieerd": ("Gekopieerd", "Copied"),
    "leegmaken": ("Leegmaken", "Clear"),
    "leegmaken_vraag": ("Alle verzamelde informatie verwijderen? Dat kan niet ongedaan worden gemaakt. "
                        "S-Connect ruimt de informatie ook zelf na vier weken op.",
                        "Remove all information collected? This cannot be undone. S-Connect also "
                        "removes information itself after four weeks."),
    "annuleren": ("Annuleren", "Cancel"),
    "leeg_log": ("Er is nog geen informatie.", "No information yet."),
    "tijd": ("Tijd", "Time"),
    "melding": ("Melding", "Message"),
    "nieuwste": ("« Nieuwste", "« Newest"),
    "nieuwer": ("‹ Nieuwer", "‹ Newer"),
    "ouder": ("Ouder »", "Older »"),
    "pagina": ("pagina {page}", "page {page}"),
    "never_run": ("nog niet uitgevoerd", "never run"),
    "run_counts": ("{at}: {created} aangemaakt, {skipped} overgeslagen, {failed} mislukt",
                   "{at}: {created} created, {skipped} skipped, {failed} failed"),
    "run_interrupted": ("{at}: onderbroken", "{at}: interrupted"),
    "run_in_progress": ("{at}: bezig", "{at}: in progress"),
    "run_stopped": (" (gestopt: {error})", " (stopped: {error})"),
    "planning_off": ("uit (alleen Nu uitvoeren)", "off (run now only)"),
    "at_scheduler_start": ("bij de start van de planner", "when the scheduler starts"),
    "schedule_here": ("De planning loopt in deze console.", "The planning runs in this console."),
    "schedule_not_here": ("De planning loopt niet in deze console: start sconnect schedule (of de service), "
                          "of sconnect console --schedule.",
                          "The planning does not run in this console: start sconnect schedule (or the "
                          "service), or sconnect console --schedule."),
    "planned_here": ("gepland door deze console", "planned by this console"),
    "planned_elsewhere": ("gepland door een ander programma (sconnect schedule)",
                          "planned by another program (sconnect schedule)"),
    "started": ("Profiel {profile}: importeren orders gestart.", "Profile {profile}: import orders started."),
    "busy_here": ("Profiel {profile} is al bezig; probeer het straks opnieuw.",
                  "Profile {profile} is busy; try again later."),
    "cleared": ("{n} meldingen verwijderd.", "{n} entries removed."),
    "last_error": ("Laatste run: {error}", "Last run: {error}"),
    # Orders
    "alle": ("alle", "all"),
    "state_booked": ("geboekt", "booked"),
    "state_skipped": ("overgeslagen", "skipped"),
    "state_failed": ("mislukt", "failed"),
    "state_held": ("vastgehouden", "held"),
    "state_booking": ("bezig", "in progress"),
    "van": ("van", "from"),
    "tot": ("tot en met", "to"),
    "filteren": ("Filteren", "Filter"),
    "order": ("Order", "Order"),
    "pogingen": ("Pogingen", "Attempts"),
    "verkooporder": ("Verkooporder", "Sales order"),
    "klant": ("Klant", "Customer"),
    "totaal_webshop": ("Totaal webshop", "Shop total"),
    "totaal_snelstart": ("Totaal SnelStart", "SnelStart total"),
    "gewijzigd": ("Gewijzigd", "Changed"),
    "reden": ("Reden / waarschuwingen", "Reason / warnings"),
    "uitleg": ("Uitleg", "Explain"),
    "opnieuw": ("Opnieuw proberen", "Retry"),
    "released": ("Order {order} vrijgegeven: de volgende run probeert het opnieuw.",
                 "Order {order} released: the next run tries it again."),
    "not_held": ("Order {order} wordt niet vastgehouden; niets vrijgegeven.", "Order {order} is not held; nothing released."),
    "geen_orders": ("Geen orders gevonden.", "No orders found."),
    "bad_date": ("'{value}' is geen datum (jjjj-mm-dd).", "'{value}' is not a date (yyyy-mm-dd)."),
    "uitleg_titel": ("Order {order}: wat S-Connect ermee doet, en waarom", "Order {order}: what S-Connect does with it, and why"),
    "uitleg_niets": ("Deze uitleg schrijft niets: er wordt niets geboekt.", "This explanation writes nothing: nothing is booked."),
    "historie": ("Historie", "History"),
    "niet_verwerkt": ("nog niet verwerkt", "not processed yet"),
    "herkenning": ("Klantherkenning", "Customer recognition"),
    "zou_mislukken": ("Zou mislukken", "Would fail"),
    "sjabloon": ("Verkoopsjabloon", "Sales template"),
    "omschrijving": ("Omschrijving", "Description"),
    "betalingskenmerk": ("Betalingskenmerk", "Payment reference"),
    "artikel": ("Artikel", "Article"),
    "aantal": ("Aantal", "Quantity"),
    "prijs": ("Prijs", "Price"),
    "btw": ("Btw %", "VAT %"),
    "uit_snelstart": ("(uit SnelStart)", "(from SnelStart)"),
    "nieuwe_klant": ("Nieuwe klant", "New customer"),
    "opmerkingen": ("Opmerkingen", "Notes"),
    "waarschuwingen": ("Waarschuwingen", "Warnings"),
    "totalen": ("Totaal webshop {shop}, gepland {planned}", "Shop total {shop}, planned {planned}"),
    "terug": ("« Terug naar de orders", "« Back to the orders"),
    "explain_failed": ("Uitleg niet mogelijk: {error}", "No explanation: {error}"),
    # Controle (SPEC §8: reconcile)
    "controle": ("Controle", "Reconcile"),
    "controle_uitleg": ("Staan de orders van de winkel precies één keer in SnelStart, met de geboekte bedragen? "
                        "Dit leest de historie, SnelStart en de winkel en wijzigt niets (sconnect reconcile).",
                        "Does SnelStart hold the shop's orders exactly once, at the amounts booked? This reads the "
                        "history, SnelStart and the shop and changes nothing (sconnect reconcile)."),
    "geplaatst_vanaf": ("Geplaatst vanaf", "Placed from"),
    "zonder_winkel": ("zonder de winkel", "without the shop"),
    "controleren_nu": ("Controleren", "Check"),
    "controle_telling": ("{history} orders in de historie, {snelstart} verkooporders in SnelStart.",
                         "{history} orders in the history, {snelstart} sales orders in SnelStart."),
    "controle_winkel": ("{shop} in de winkel.", "{shop} in the shop."),
    "bevinding": ("Bevinding", "Finding"),
    "finding_not_booked": ("niet geboekt", "not booked"),
    "finding_booked_twice": ("twee keer geboekt", "booked twice"),
    "finding_missing_in_snelstart": ("ontbreekt in SnelStart", "missing in SnelStart"),
    "finding_not_in_history": ("niet in de historie", "not in the history"),
    "finding_total_differs": ("totaal wijkt af", "total differs"),
    "finding_changed_in_shop": ("gewijzigd in de winkel", "changed in the shop"),
    "opnieuw_boeken": ("Opnieuw boeken", "Book again"),
    "gezien": ("Gezien", "Seen"),
    "niets_gevonden": ("Niets te melden: SnelStart heeft de orders van de winkel precies één keer, met de geboekte bedragen.",
                       "Nothing to report: SnelStart holds the shop's orders once each, at the amounts booked."),
    # Instellingen (manual §2)
    "profielen": ("Profielen", "Profiles"),
    "opslaan": ("Opslaan", "Save"),
    "opgeslagen": ("Opgeslagen in {file}.", "Saved to {file}."),
    "niet_opgeslagen": ("Niet opgeslagen: verbeter de velden hieronder.", "Not saved: correct the fields below."),
    "verbinding_testen": ("Verbinding testen", "Test connection"),
    "secret_from_env": ("ingesteld (omgevingsvariabele {name})", "set (environment variable {name})"),
    "secret_from_file": ("ingesteld (in het configuratiebestand)", "set (in the configuration file)"),
    "secret_refused": ("in het bestand, maar niet gebruikt: andere gebruikers kunnen het bestand openen "
                       "(`chmod 600`), of vervang de waarde hier", "in the file but not used: other users can open "
                       "the file (`chmod 600`), or replace the value here"),
    "secret_unset": ("niet ingesteld", "not set"),
    "secret_replace": ("vervangen door…", "replace with…"),
    "secret_env_wins": ("Let op: de omgevingsvariabele {name} gaat voor; een waarde hier wordt dan niet gebruikt.",
                        "Note: the environment variable {name} comes first; a value here is then not used."),
    "default": ("standaard", "default"),
    "leeg_standaard": ("leeg: de standaard", "empty: the default"),
    "config_file": ("Configuratiebestand", "Configuration file"),
    "config_broken": ("Het configuratiebestand is niet in orde: {error}", "The configuration file is not right: {error}"),
    # version and licence
    "versie": ("Versie", "Version"),
    "index": ("Nieuwste versie", "Newest version"),
    "controleren": ("Controleren op een nieuwe versie", "Check for a new version"),
    "index_onbereikbaar": ("De pakketbron is niet bereikbaar ({problem}).", "The package index could not be reached ({problem})."),
    "nieuwere_versie": ("{version} staat klaar: bijwerken met de opdracht hieronder.",
                        "{version} is available: upgrade with the command below."),
    "actueel": ("{version}: deze versie is actueel.", "{version}: this version is up to date."),
    "bijwerken": ("Bijwerken naar de laatste versie", "Upgrade to the latest version"),
    "licentie": ("Licentie", "Licence"),
    "licentie_geen": ("Geen licentie: zonder licentie werkt {n} profiel.", "No licence: {n} profile runs without one."),
    "licentie_geldig": ("{who}, {n} profiel(en), geldig tot {expires}.", "{who}, {n} profile(s), valid until {expires}."),
    "licentie_verlopen": ("{who}, {n} profiel(en), verlopen op {expires}: die telt niet meer, dus werkt {allowed} "
                          "profiel.", "{who}, {n} profile(s), expired on {expires}: it counts as none, so {allowed} "
                          "profile runs."),
    "licentie_loopt": ("Uitgevoerd: {profiles}.", "Run: {profiles}."),
    "licentie_buiten": ("Niet uitgevoerd (buiten de licentie): {profiles}.", "Not run (beyond the licence): {profiles}."),
    "licentie_probleem": ("Het ingelezen licentiebestand telt niet: {problem}", "The imported licence does not count: "
                          "{problem}"),
    "licentie_loopt_af": ("De licentie loopt over {days} dag(en) af: lees voor die tijd een nieuwe in.",
                          "The licence ends in {days} day(s): import a new one before then."),
    "licentie_inlezen": ("Licentie inlezen:", "Import a licence:"),
    "bestand": ("BESTAND", "FILE"),
    "buiten_licentie": ("Niet uitgevoerd: buiten de licentie (zie Versie en licentie).",
                        "Not run: beyond the licence (see Version and licence)."),
    "not_licensed": ("Profiel {profile} niet gestart: het valt buiten de licentie.",
                     "Profile {profile} not started: it is beyond the licence."),
    "open_source": ("S-Connect is open source (MIT-licentie).", "S-Connect is open source (MIT licence)."),
    "state_file": ("Statusbestand", "State file"),
}


def choose(accept_language: str, cookie: str | None) -> str:
    """The cookie (the link's choice), else the browser's first preference among nl and en,
    else Dutch."""
    if cookie in LANGUAGES:
        return cookie
    ranked = []
    for i, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        ranked.append((-q, i, tag.strip().lower()[:2]))
    for _q, _i, lang in sorted(ranked):
        if lang in LANGUAGES:
            return lang
    return "nl"


def translator(lang: str):
    index = LANGUAGES.index(lang)

    def t(key: str, **values) -> str:
        text = WORDS[key][index]
        return text.format(**values) if values else text
    return t
