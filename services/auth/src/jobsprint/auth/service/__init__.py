"""The auth service's use cases, one module per topic (docs/development.md, "The shape of a service")."""
