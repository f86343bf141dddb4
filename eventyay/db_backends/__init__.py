"""Database backends: Django's, with the conversions a list page runs per value made cheaper."""
