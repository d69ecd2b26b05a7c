"""The integrations use cases, one module per topic: credentials, secrets (sealing and opening),
invocation (actions and credential tests), catalogue, key rotation. Each takes what it needs
explicitly: a unit of work and the ports of `ports.py` (docs/development.md, "The shape of a
service")."""
