"""A hostile HTTP server for the tests: scripted redirects, huge and trickling bodies, garbled answers, TLS."""
