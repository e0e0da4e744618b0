"""Date formats per language (settings.FORMAT_MODULE_PATH): 15 Jan 2027 · 2027年1月15日(金) ·
15 जनवरी 2027. Month and weekday names come from the catalogues; the project's Hindi
catalogue corrects Django's spellings of सितंबर, अक्तूबर, नवंबर, दिसंबर (CLDR).
"""
