"""The command line: the console by default, and commands for scripts and monitoring."""
