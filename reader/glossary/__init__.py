"""The glossary: curated terms, found in every document by the tokenizer-aware matcher."""
