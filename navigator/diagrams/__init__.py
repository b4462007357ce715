"""Diagrams: pathway swimlanes and maps as DOT, rendered with Graphviz."""
