"""The capability plugins: `capability.register` (who was trained, in what, by whom) and
`capability.results` (indicators and dashboards built on the register). Two Django apps."""
