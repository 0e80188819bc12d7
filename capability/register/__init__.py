"""The register of trained personnel, organisations, competencies and workshops (app label
`capability`). It imports nothing from `capability.results`."""
