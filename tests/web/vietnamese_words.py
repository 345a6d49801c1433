"""Is a word of a Vietnamese page English? Vietnamese words are syllables with a known shape
(an initial, a vowel, a final); a word written in plain ASCII that is not such a syllable, or is
one of the few English words that happen to be, is English, unless it is an allowed term
(a product or file-format name, an abbreviation)."""
from __future__ import annotations

import re
from html.parser import HTMLParser

INITIAL = "ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x"
VOWEL = "uya|uye|oai|oay|oeo|uay|uyu|ieu|yeu|uoi|ai|ao|au|ay|eo|eu|ia|iu|oa|oe|oi|ua|ue|ui|uy|uo|a|e|i|o|u|y"
FINAL = "ch|ng|nh|c|m|n|p|t"
SYLLABLE = re.compile(rf"^(?:{INITIAL})?(?:{VOWEL})(?:{FINAL})?$", re.IGNORECASE)
# English words that are also the shape of a Vietnamese syllable written without marks.
ENGLISH_SYLLABLES = {"the", "to", "no", "not", "set", "can", "at", "on", "it", "by", "up", "but",
                     "none", "sent", "due", "task", "open", "done", "plan", "new", "page"}
ALLOWED = {"email", "sms", "zalo", "pdf", "word", "excel", "csv", "xlsx", "docx", "ical",
           "english", "google", "outlook", "calendar", "iphone", "android", "dondoc", "url", "ok", "markdown", "txt", "md"}
TOKEN = re.compile(r"[^\s,;:()\[\]«»\"'“”!?…·|]+")
ADDRESS = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+|\S+@\S+", re.IGNORECASE)  # links and email addresses


def english_words(text: str) -> list[str]:
    found = []
    for token in TOKEN.findall(ADDRESS.sub(" ", text)):
        token = token.strip(".-–—/")
        if not token or not token.isascii() or not token.isalpha():
            continue  # Vietnamese (marks), numbers, ids, file names, addresses
        if token.isupper() or token.lower() in ALLOWED:
            continue  # UBND, KH, SMS: abbreviations
        if token.lower() in ENGLISH_SYLLABLES or not SYLLABLE.match(token):
            found.append(token)
    return found


class _Visible(HTMLParser):
    """The text a reader sees or hears: text outside script and style, and the words in
    title, placeholder, aria-label, alt and a button's value. Text marked ``translate="no"``
    (the plan's own words, user names: data, not the page's language) is left out."""
    SKIP = {"script", "style"}
    ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}

    def __init__(self):
        super().__init__()
        self.parts, self._skipping, self._data = [], 0, []  # _data: [tag, depth] of translate="no"

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._data and tag == self._data[-1][0]:
            self._data[-1][1] += 1
        elif attrs.get("translate") == "no":
            self._data.append([tag, 1])
        if tag in self.SKIP:
            self._skipping += 1
        if self._data:
            return
        self.parts += [v for k, v in attrs.items() if k in self.ATTRIBUTES and v]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1
        if self._data and tag == self._data[-1][0]:
            self._data[-1][1] -= 1
            if not self._data[-1][1]:
                self._data.pop()

    def handle_data(self, data):
        if not self._skipping and not self._data:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(p.strip() for p in parser.parts if p.strip())
