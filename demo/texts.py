"""What the demo adds to the site's own page texts (home.texts): on the pages where it
matters, that the organisations, places and figures are made up."""

DEMO_NOTES = {
    # slug: (Swedish, English), added at the end of the page's body
    "om-tjansten": (
        "<p><strong>Detta är demodata.</strong> Organisationer och platser är påhittade.</p>",
        "<p><strong>This is demo data.</strong> Organisations and places are made up.</p>",
    ),
    "siffror": (
        "<p>Siffrorna om förfrågningar är påhittade demodata.</p>",
        "<p>The figures about requests are made-up demo data.</p>",
    ),
}
