"""The web layer: the Flask app, its views and downloads, page presenters, freeze and serve."""
