"""Terms, review rhythms and what is due when: pure functions of records, terms and today.

Nothing here reads files, prints or looks at the clock: the command line passes in the
records, the school's terms and ``--today``, so every answer can be reproduced and tested.
``due``, ``calendar`` and the review agendas all take their dates from
:mod:`pcplan.calendar.schedule`, so they cannot disagree.
"""
