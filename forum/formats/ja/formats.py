"""Japanese: 2027年1月15日(金), 24-hour clock."""

DATE_FORMAT = "Y年n月j日(D)"
SHORT_DATE_FORMAT = "Y/m/d"
DATETIME_FORMAT = "Y年n月j日(D) H:i"
SHORT_DATETIME_FORMAT = "Y/m/d H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "n月j日"
YEAR_MONTH_FORMAT = "Y年n月"
FIRST_DAY_OF_WEEK = 0
