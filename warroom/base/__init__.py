"""The foundation every layer stands on: errors, the clock, times, text escaping, locations."""
