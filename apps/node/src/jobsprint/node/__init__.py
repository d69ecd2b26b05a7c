"""Jobsprint on one node (ADR-106): several services in one process, each with its own settings,
gRPC server and port, schema and background threads, as if it ran alone; only the interpreter and
the libraries loaded into it are shared. `python -m jobsprint.node`."""
