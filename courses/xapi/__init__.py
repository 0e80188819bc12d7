"""xAPI 1.0.3 learning records: `statements` (built and stored with each learning event),
`sending` (the outbox and the LRS worker), `export` (a period's statements for staff)."""
