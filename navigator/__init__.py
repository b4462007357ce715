"""Vejviser: pathway navigator for children and young people mental health in Denmark."""

__version__ = "0.1.0"
