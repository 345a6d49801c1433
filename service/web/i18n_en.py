"""English for the Vietnamese texts of the web pages (the Vietnamese text is the key)."""
EN = {
    "Đôn đốc": "Dondoc",
}
