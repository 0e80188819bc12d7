"""Events the register sends; plugins built on it (the results) listen without the register
knowing them."""

from django.dispatch import Signal

# Sent inside the erasure's transaction, before the person loses their identifiers: a
# receiver erases the free text it keeps on the person (follow-up notes). Arguments: person.
person_erasing = Signal()
