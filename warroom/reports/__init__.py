"""What incidents look like to people and scripts: the board, the next step, JSON, text."""
