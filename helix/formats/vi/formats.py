"""Additions to Django's Vietnamese formats, which read first (FORMAT_MODULE_PATH).

Django's own leave NUMBER_GROUPING unset, so `intcomma` would print 1500000000 ₫ instead of
1.500.000.000 ₫.
"""

NUMBER_GROUPING = 3
