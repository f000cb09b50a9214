"""Collections: documents grouped in an order (a book, a series), progress and reading positions."""
