"""Full-text search over all documents in both languages."""
