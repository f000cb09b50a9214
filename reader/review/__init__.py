"""In-app review: spaced repetition (FSRS) of the words a reader is learning."""
