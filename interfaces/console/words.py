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
    "profiel_toevoegen": ("Profiel toevoegen", "Add a profile"),
    "profiel_toevoegen_uitleg": ("Eén profiel koppelt één webshop aan één SnelStart-administratie. Vul hier in wat "
                                 "het profiel minimaal nodig heeft; alle andere instellingen krijgen hun standaard "
                                 "en stelt u daarna in onder Instellingen.",
                                 "One profile links one webshop to one SnelStart administration. Fill in what the "
                                 "profile needs at least; every other setting gets its default, to be set under "
                                 "Settings afterwards."),
    "profiel_id": ("Naam van het profiel", "Profile name"),
    "profiel_id_uitleg": ("Letters, cijfers, '-' en '_' (bijvoorbeeld winkel-2).",
                          "Letters, digits, '-' and '_' (for example shop-2)."),
    "omschrijving": ("Omschrijving", "Description"),
    "koppeling_snelstart": ("Koppeling SnelStart", "SnelStart connection"),
    "koppeling_myshop": ("Koppeling myShop", "myShop connection"),
    "verkopen": ("Aansluiting SnelStart – Verkopen", "SnelStart – Sales"),
    "soort_administratie": ("Soort administratie", "Kind of administration"),
    "nieuw_database": ("Administratie (bestand of database)", "Administration (file or database)"),
    "nieuw_database_uitleg": ("SQL: de database; ingebouwd/snapshot: het bestand (leeg: <naam>-administration "
                              "naast de configuratie).", "SQL: the database; built-in/snapshot: the file (empty: "
                              "<name>-administration next to the configuration)."),
    "nieuw_server": ("SQL Server", "SQL Server"),
    "nieuw_map": ("Map", "Folder"),
    "nieuw_administratie": ("Administratie", "Administration"),
    "alleen_voor": ("Alleen voor {kinds}.", "Only for {kinds}."),
    "lokaal": ("Lokaal", "Local"),
    "winkelnummer": ("Winkelnummer", "Shop number"),
    "vanaf": ("Vanaf datum/tijd of ordernummer", "From date/time or order number"),
    "vanaf_uitleg": ("Leeg: vandaag (een nieuw profiel boekt nooit het hele verleden van de winkel).",
                     "Empty: today (a new profile never books the shop's whole past)."),
    "sjabloon_later": ("Naam of nummer; na het toevoegen kiest u het ook uit de lijst van de administratie.",
                       "Name or number; once added you can also choose it from the administration's list."),
    "profiel_verwijderen": ("Profiel verwijderen", "Remove profile"),
    "profiel_verwijderen_vraag": ("Profiel {profile} en al zijn instellingen uit het configuratiebestand "
                                  "verwijderen? De historie van de orders blijft bewaard.",
                                  "Remove profile {profile} and all its settings from the configuration file? "
                                  "The history of its orders stays."),
    "profile_added": ("Profiel {profile} toegevoegd, met elke instelling op haar standaard. Vul de sleutels in en "
                      "test de verbinding.", "Profile {profile} added, every setting at its default. Fill in "
                      "the keys and test the connection."),
    "profile_removed": ("Profiel {profile} verwijderd; de historie blijft bewaard.",
                        "Profile {profile} removed; its history stays."),
    "profile_only_one": ("Profiel {profile} is het enige profiel: een configuratie heeft er één nodig.",
                         "Profile {profile} is the only profile: a configuration needs one."),
    "profile_bad_id": ("Gebruik letters, cijfers, '-' en '_' (geen spaties).", "Use letters, digits, '-' and '_' "
                       "(no spaces)."),
    "profile_bad_kind": ("Kies een soort administratie uit de lijst.", "Choose a kind from the list."),
    "profile_exists": ("Er is al een profiel {profile}.", "There is a profile {profile} already."),
    "profile_needed": ("Nodig voor een nieuw profiel.", "Needed for a new profile."),
    "profile_licence_full": ("Niet toegevoegd: de licentie heeft geen ruimte voor nog een profiel.",
                             "Not added: the licence has no room for another profile."),
    "licentie_vol": ("De licentie heeft geen ruimte voor meer profielen (zie Versie en licentie).",
                     "The licence has no room for more profiles (see Version and licence)."),
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
    "niet_in_administratie": ("niet in de administratie", "not in the administration"),
    "niet_ingevuld": ("(niet ingevuld)", "(not set)"),
    "tarief": ("{rate}% btw", "{rate}% VAT"),
    "kies_sjabloon": ("(kies een sjabloon)", "(choose a template)"),
    "een_groep_alle_tarieven": ("Eén omzetgroep voor alle tarieven", "One revenue group for every rate"),
    "een_artikel_alle_tarieven": ("Eén artikel voor alle tarieven", "One article for every rate"),
    "omzetgroep_uitleg": ("Alleen gebruikt voor een nieuw artikel: het krijgt de omzetgroep van zijn btw-tarief. "
                          "Vul één groep voor alle tarieven in, of een groep per tarief.",
                          "Used only for a new article: it gets the revenue group of its VAT rate. Give one group "
                          "for every rate, or a group per rate."),
    "niet_gebruikt": ("Niet gebruikt", "Not used"),
    "als_orderregel": ("Als orderregel (artikel)", "As an order line (article)"),
    "kostensoort": ("Kostensoort {n} (in de voet van de order)", "Cost type {n} (in the order's footer)"),
    "orderregel_uitleg": ("Als orderregel: één artikel voor alle tarieven, of een artikel per btw-tarief (dan "
                          "wordt het bedrag over de tarieven van de artikelen verdeeld).",
                          "As an order line: one article for every rate, or an article per VAT rate (the amount "
                          "is then split over the goods' rates)."),
    "keuzes_niet_gelezen": ("De sjablonen en omzetgroepen konden niet uit de administratie worden gelezen ({problem}); "
                            "typ ze dan zelf in.", "The templates and revenue groups could not be read from the "
                            "administration ({problem}); type them in yourself."),
    "leeg_standaard": ("leeg: de standaard", "empty: the default"),
    "config_file": ("Configuratiebestand", "Configuration file"),
    "config_broken": ("Het configuratiebestand is niet in orde: {error}", "The configuration file is not right: {error}"),
    # version and licence
    "versie": ("Versie", "Version"),
    "index": ("Nieuwste versie", "Newest version"),
    "controleren": ("Controleren op een nieuwe versie", "Check for a new version"),
    "index_onbereikbaar": ("De pakketbron is niet bereikbaar ({problem}).", "The package index could not be reached ({problem})."),
    "niet_gepubliceerd": ("S-Connect staat niet in een pakketbron (het configuratiebestand noemt geen [upgrade] "
                          "package): bijwerken met de opdracht hieronder.",
                          "S-Connect is not published on a package index (the configuration names no [upgrade] "
                          "package): upgrade with the command below."),
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
    "licentie_loopt": ("Profielen binnen de licentie: {profiles}.", "Profiles within the licence: {profiles}."),
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
