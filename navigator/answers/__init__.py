"""The questions asked of a catalogue: services, routes, coverage, search and danger."""
