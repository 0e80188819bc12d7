"""Indicators, targets, deliverables, follow-ups and the result dashboards, computed from the
register (app label `capability_results`; needs `capability.register`)."""
