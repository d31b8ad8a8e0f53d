"""Additions to Django's Vietnamese formats, which read first (FORMAT_MODULE_PATH).

Django's own leave NUMBER_GROUPING unset, so `intcomma` would print 1500000000 ₫ instead of
1.500.000.000 ₫.
"""

NUMBER_GROUPING = 3

# Django's puts a capital "Ngày" after the time ("08:15 Ngày 01 tháng 12 năm 2026"): within a
# phrase ("tạo lúc 08:15 ngày 01 tháng 12 năm 2026") Vietnamese writes it in lower case.
DATETIME_FORMAT = r"H:i \n\g\à\y d \t\h\á\n\g n \n\ă\m Y"
