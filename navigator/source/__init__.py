"""The pathway files in: load, schema, the typed catalogue, spans and the checks."""
