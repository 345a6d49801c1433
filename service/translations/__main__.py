"""``python -m service.translations``: find the texts again, update the English catalogue and
compile it; prints how many texts still need English (exit status 1 when some do)."""
from __future__ import annotations

import sys

from . import LANGUAGES, extract, po_path, read, untranslated, write


def main() -> int:
    template = extract()
    missing = 0
    for lang in LANGUAGES:
        catalog = read(lang) if po_path(lang).exists() else None
        if catalog is None:
            from babel.messages.catalog import Catalog
            catalog = Catalog(locale=lang, domain=template.domain, project="dondoc")
        catalog.update(template, no_fuzzy_matching=True)
        write(catalog, lang)
        todo = untranslated(catalog)
        missing += len(todo)
        print(f"{lang}: {len(catalog)} texts, {len(todo)} without a translation")
        for text in todo:
            print(f"  - {text}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
