"""Reading statistics: words looked up and marked per day, known words over time, the share of a text one knows."""
