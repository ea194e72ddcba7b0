"""Reference vocabularies: languages (ISO 639), target groups and the first help topics,
and the everyday words people search for them with. Used by data migrations and by test
fixtures that rebuild flushed tables.

The search words were written for this project from how residents ask for help at
libraries and citizen offices: brand names and their spellings, what the service is for
("pengar", "läkare"), the device or the situation ("mobilen", "bedragare"). They are the
starting point; editors keep them in the admin (Katalogens ordlistor), and translators
translate each entry into the site's other languages (wagtail-localize)."""

from django.conf import settings
from wagtail.models import Locale

LANGUAGES = [
    ("sv", "Svenska", "Swedish"),
    ("en", "Engelska", "English"),
    ("ar", "Arabiska", "Arabic"),
    ("fa", "Persiska", "Persian"),
    ("prs", "Dari", "Dari"),
    ("so", "Somaliska", "Somali"),
    ("ti", "Tigrinja", "Tigrinya"),
    ("ku", "Kurdiska", "Kurdish"),
    ("uk", "Ukrainska", "Ukrainian"),
    ("ru", "Ryska", "Russian"),
    ("pl", "Polska", "Polish"),
    ("bs", "Bosniska", "Bosnian"),
    ("tr", "Turkiska", "Turkish"),
    ("es", "Spanska", "Spanish"),
    ("de", "Tyska", "German"),
    ("th", "Thailändska", "Thai"),
    ("fi", "Finska", "Finnish"),
    ("fit", "Meänkieli", "Meänkieli"),
    ("se", "Nordsamiska", "Northern Sami"),
    ("rom", "Romani", "Romani"),
    ("yi", "Jiddisch", "Yiddish"),
    ("swl", "Svenskt teckenspråk", "Swedish Sign Language"),
]

TARGET_GROUPS = [
    ("aldre", "Äldre", "Older people"),
    ("nyanlanda", "Nyanlända", "Newcomers"),
    ("funktionsnedsattning", "Personer med funktionsnedsättning", "People with disabilities"),
    ("arbetssokande", "Arbetssökande", "Jobseekers"),
    ("anhoriga", "Anhöriga och närstående", "Relatives and carers"),
]

TOPICS = [
    ("bankid", "BankID och e-legitimation", "BankID and e-ID"),
    ("swish-och-bank", "Swish och bankärenden", "Swish and banking"),
    ("1177-och-vard", "1177 och vård", "1177 and health care"),
    ("e-tjanster", "Myndigheters e-tjänster", "Authorities' e-services"),
    ("videosamtal", "Videosamtal", "Video calls"),
    ("lana-utrustning", "Låna dator eller surfplatta", "Borrow a computer or tablet"),
    ("forsta-stegen", "Första stegen med mobil och dator", "First steps with a phone or computer"),
    ("saker-pa-natet", "Säker på nätet och bedrägerier", "Safety online and scams"),
    ("jobb", "Jobb och ansökningar", "Jobs and applications"),
    ("skolplattformar", "Skolplattformar", "School platforms"),
]

# slug or code → (Swedish search words, English search words)
TOPIC_WORDS = {
    "bankid": (
        "bank-id mobilt bankid e-legitimation e-leg legitimation legitimera logga in "
        "inloggning identifiering freja freja eid säkerhetskod qr-kod",
        "bank id e-id electronic identification login log in sign in freja",
    ),
    "swish-och-bank": (
        "swish internetbank internetbanken nätbank bankapp banken betala betalning "
        "räkningar överföring pengar kort kortbetalning autogiro",
        "internet banking online banking bank app pay payment bills money transfer card",
    ),
    "1177-och-vard": (
        "1177 vårdguiden vårdcentral vårdcentralen läkare doktor sjukvård vård recept "
        "apotek journal journalen tidbokning vaccination sjuk hälsa",
        "health care doctor clinic prescription pharmacy appointment medical records",
    ),
    "e-tjanster": (
        "myndigheter myndighet försäkringskassan skatteverket deklaration deklarera pension "
        "pensionsmyndigheten migrationsverket arbetsförmedlingen csn kommunen blanketter "
        "digital brevlåda kivra min myndighetspost e-post mejl mail epost digitalbrevlåda",
        "authorities government e-services tax return pension forms digital mailbox "
        "email e-mail mail",
    ),
    "videosamtal": (
        "videosamtal videomöte videolänk teams zoom facetime whatsapp skype ringa med "
        "bild barnbarn videokonferens",
        "video call video meeting teams zoom facetime whatsapp skype",
    ),
    "lana-utrustning": (
        "låna lån låna dator lånedator surfplatta ipad läsplatta mobil telefon sim-kort "
        "mobildata internet wifi utrustning",
        "borrow loan lend computer laptop tablet ipad phone sim card data equipment",
    ),
    "forsta-stegen": (
        "nybörjare första steget komma igång grunderna dator datorer mobil mobilen "
        "mobiltelefon smartphone telefon surfplatta appar app ladda ner e-post mejl epost "
        "lösenord internet wifi",
        "beginner getting started basics computer smartphone phone tablet apps email "
        "password internet",
    ),
    "saker-pa-natet": (
        "bedrägeri bedragare bluff bluffsamtal bedrägerisamtal nätfiske phishing "
        "virus lösenord säkerhet säker trygg kapad kontot hackad falska sms",
        "scam scams fraud phishing virus password security safe hacked fake",
    ),
    "jobb": (
        "arbete jobbsökning söka jobb ansökan cv personligt brev arbetsförmedlingen "
        "platsbanken rapportera aktivitetsrapport",
        "job work job search application cv resume cover letter employment",
    ),
    "skolplattformar": (
        "skola skolan skolplattform vklass unikum schoolsoft infomentor edlevo frånvaro "
        "förskola barnens skola lärare",
        "school school platform parents teachers absence",
    ),
}
LANGUAGE_WORDS = {
    "sv": ("svensk svenska", "swedish svenska"),
    "en": ("engelsk english", "english"),
    "ar": ("arabisk العربية عربي", "arabic العربية"),
    "fa": ("persisk farsi فارسی", "persian farsi فارسی"),
    "prs": ("dari afghansk دری", "dari دری"),
    "so": ("somalisk soomaali", "somali soomaali"),
    "ti": ("tigrinska eritreansk ትግርኛ", "tigrinya ትግርኛ"),
    "ku": ("kurdisk sorani kurmanji kurdî", "kurdish sorani kurmanji kurdî"),
    "uk": ("ukrainsk українська", "ukrainian українська"),
    "ru": ("rysk русский", "russian русский"),
    "pl": ("polsk polski", "polish polski"),
    "bs": ("bosnisk bosanski serbokroatiska", "bosnian bosanski"),
    "tr": ("turkisk türkçe", "turkish türkçe"),
    "es": ("spansk español", "spanish español"),
    "de": ("tysk deutsch", "german deutsch"),
    "th": ("thai ภาษาไทย", "thai ภาษาไทย"),
    "fi": ("finsk suomi", "finnish suomi"),
    "fit": ("tornedalsfinska meänkieli", "meänkieli tornedalen finnish"),
    "se": ("samiska samisk davvisámegiella", "sami davvisámegiella"),
    "rom": ("romani chib romska", "romani"),
    "yi": ("jiddisch ייִדיש", "yiddish ייִדיש"),
    "swl": (
        "teckenspråk teckenspråkig döv döva hörselskadad ssl teckenspråkstolk",
        "sign language deaf ssl",
    ),
}
GROUP_WORDS = {
    "aldre": ("äldre pensionär pensionärer senior seniorer 65+ gammal", "older senior elderly"),
    "nyanlanda": (
        "nyanländ nyanlända ny i sverige invandrare flykting asylsökande sfi",
        "newcomer new in sweden immigrant refugee",
    ),
    "funktionsnedsattning": (
        "funktionsnedsättning funktionshinder handikapp synskadad hörselskadad rullstol lss",
        "disability disabled impairment wheelchair",
    ),
    "arbetssokande": ("arbetslös arbetssökande jobbsökande", "unemployed jobseeker"),
    "anhoriga": ("anhörig anhöriga närstående förälder barn", "relative carer family"),
}
FEATURE_WORDS = {
    "step_free_entrance": (
        "rullstol rullator permobil ramp hiss trappfri tillgänglig entré",
        "wheelchair walker ramp lift elevator step-free accessible entrance",
    ),
    "accessible_toilet": (
        "rullstolstoalett handikapptoalett tillgänglig toalett rwc",
        "accessible toilet disabled toilet",
    ),
    "hearing_loop": (
        "hörslinga teleslinga hörapparat hörselskadad hörsel",
        "hearing loop induction loop hearing aid",
    ),
    "large_screen": (
        "stor skärm förstoring förstoringsglas synskadad dålig syn",
        "large screen magnifier low vision",
    ),
    "screen_reader": (
        "skärmläsare talsyntes synskadad blind punktskrift",
        "screen reader speech blind braille",
    ),
    "quiet_room": ("tyst rum lugnt avskilt lugn miljö", "quiet room calm"),
    "interpreter_on_request": (
        "tolk tolkning språkstöd teckenspråkstolk",
        "interpreter interpreting",
    ),
}


def create_vocabularies(Language, TargetGroup, HelpTopic):
    """Create or update the vocabularies: each Swedish entry and its English translation."""
    locales = _locales()
    for code, name, name_en in LANGUAGES:
        _entry(locales, Language, {"code": code}, {"name": name}, name_en)
    for slug, name, name_en in TARGET_GROUPS:
        _entry(locales, TargetGroup, {"slug": slug}, {"name": name}, name_en)
    for order, (slug, name, name_en) in enumerate(TOPICS):
        fields = {"name": name, "sort_order": order * 10}
        _entry(locales, HelpTopic, {"slug": slug}, fields, name_en)


def _entry(locales, model, key, fields, english_name):
    swedish, english = locales
    original, _created = model.all_locales.update_or_create(**key, locale=swedish, defaults=fields)
    model.all_locales.update_or_create(
        **key,
        locale=english,
        defaults={**fields, "name": english_name, "translation_key": original.translation_key},
    )


def add_translated_names(Language, TargetGroup, HelpTopic):
    """Give every Swedish entry its name in Arabic, Persian/Dari, Somali, Tigrinya and
    Ukrainian (directory.vocabulary_names) where it has no translation in that language
    yet; a translator's own translation is never replaced. Works with a migration's
    historical models too."""
    from directory.vocabulary_names import LANGUAGE_NAMES, TARGET_GROUP_NAMES, TOPIC_NAMES

    for model, key, names in [
        (Language, "code", LANGUAGE_NAMES),
        (TargetGroup, "slug", TARGET_GROUP_NAMES),
        (HelpTopic, "slug", TOPIC_NAMES),
    ]:
        rows = model._base_manager
        locales = model._meta.get_field("locale").related_model.objects
        for original in rows.filter(locale__language_code=settings.LANGUAGE_CODE):
            translated = names.get(getattr(original, key), {})
            present = set(
                rows.filter(translation_key=original.translation_key).values_list(
                    "locale__language_code", flat=True
                )
            )
            for language, name in translated.items():
                locale = locales.filter(language_code=language).first()
                if language in present or locale is None:
                    continue
                fields = {key: getattr(original, key), "name": name}
                if hasattr(original, "sort_order"):
                    fields["sort_order"] = original.sort_order
                rows.create(locale=locale, translation_key=original.translation_key, **fields)


def _locales():
    return (
        Locale.objects.get(language_code=settings.LANGUAGE_CODE),
        Locale.objects.get_or_create(language_code="en")[0],
    )


def add_search_words(Language, TargetGroup, HelpTopic, AccessibilityFeature):
    """Give the vocabularies their search words, Swedish and English (kept where an
    editor already wrote some)."""
    swedish, english = _locales()
    for model, key, table in [
        (HelpTopic, "slug", TOPIC_WORDS),
        (Language, "code", LANGUAGE_WORDS),
        (TargetGroup, "slug", GROUP_WORDS),
    ]:
        for value, words in table.items():
            for locale, text in zip((swedish, english), words, strict=True):
                model.all_locales.filter(
                    **{key: value, "locale": locale, "search_words": ""}
                ).update(search_words=text)
    for feature, (swedish_words, english_words) in FEATURE_WORDS.items():
        original, _created = AccessibilityFeature.objects.get_or_create(
            feature=feature, locale=swedish, defaults={"search_words": swedish_words}
        )
        AccessibilityFeature.objects.get_or_create(
            feature=feature,
            locale=english,
            defaults={"search_words": english_words, "translation_key": original.translation_key},
        )
