"""The PostgreSQL store: a warroom store shared by a team through a database server."""
