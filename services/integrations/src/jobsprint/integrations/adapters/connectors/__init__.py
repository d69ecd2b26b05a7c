"""The connectors: one module each, exposing `CONNECTOR`; `registry.MODULES` lists them."""
