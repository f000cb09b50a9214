"""EPUB books: reading and pairing chapters, the resumable import job, bilingual EPUB export."""
